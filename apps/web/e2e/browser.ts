import { existsSync } from 'node:fs';
import type { TestAccount, TestServer } from '@tributary/api/testing';
import { chromium, type Browser, type Page } from 'playwright-core';

/** Debian's Chromium; a browser downloaded by a test tool is never used. */
export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

export const hasChromium = existsSync(CHROMIUM_PATH);
if (!hasChromium) {
  console.warn(
    `Browser tests skipped: no Chromium at ${CHROMIUM_PATH} (apt-get install chromium, or set CHROMIUM_PATH).`,
  );
}

/** Flags that keep Chromium quiet on a machine whose network reaches only package registries. */
const QUIET_FLAGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export function launchChromium(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM_PATH, args: QUIET_FLAGS });
}

/** A new page in its own browser context, signed in to the test server as its admin. */
export async function newSignedInPage(browser: Browser, server: TestServer): Promise<Page> {
  return newPageSignedInAs(browser, server, server.admin);
}

/**
 * A new page in its own browser context (its own cookie jar), signed in through the API: the
 * session cookie the answer sets belongs to the context, so the page opens already signed in.
 */
export async function newPageSignedInAs(browser: Browser, server: TestServer, account: TestAccount): Promise<Page> {
  const context = await browser.newContext({ baseURL: server.url });
  const answer = await context.request.post('/api/auth/sign-in', { data: account });
  if (!answer.ok()) {
    // Read the answer before closing the context, which disposes of it.
    const reason = `signing in as ${account.email} answered ${answer.status()}: ${await answer.text()}`;
    await context.close();
    throw new Error(reason);
  }
  return context.newPage();
}

/** A new page in its own browser context with no session: it sees the sign-in or first-run form. */
export async function newSignedOutPage(browser: Browser, server: TestServer): Promise<Page> {
  const context = await browser.newContext({ baseURL: server.url });
  return context.newPage();
}
