import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { startTestServer, type TestServer } from '@tributary/api/testing';
import { hasChromium, launchChromium, newSignedInPage } from './browser.ts';

describe.skipIf(!hasChromium)('app shell in Chromium', () => {
  let server: TestServer;
  let browser: Browser;

  beforeAll(async () => {
    server = await startTestServer({ ...inject('testEnv'), logLevel: 'warn' });
    browser = await launchChromium();
  });

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('opens the app and shows its shell with live system status', async () => {
    const page = await newSignedInPage(browser, server);
    try {
      await page.goto(server.url);
      await expect(page.title()).resolves.toBe('Tributary');
      await page.getByRole('navigation', { name: 'Main' }).getByRole('button', { name: 'Overview' }).waitFor();
      await page.getByText('Signed in as Test Admin').waitFor();
      await page.getByText('All systems are running.').waitFor();
      expect(await page.getByTestId('status-database').textContent()).toMatch(/Database\s*up · \d+ ms/);
      expect(await page.getByTestId('status-queue').textContent()).toMatch(/Queue\s*up · \d+ ms/);
    } finally {
      await page.close();
    }
  });

  it('serves the UI for deep links and JSON 404s for unknown API routes', async () => {
    const deepLink = await fetch(`${server.url}/syncs/123`);
    expect(deepLink.status).toBe(200);
    expect(await deepLink.text()).toContain('<div id="root"></div>');

    // Anonymous callers learn nothing about which API routes exist.
    const anonymous = await fetch(`${server.url}/api/no-such-route`);
    expect(anonymous.status).toBe(401);
    expect(((await anonymous.json()) as { code: string }).code).toBe('UNAUTHENTICATED');

    const page = await newSignedInPage(browser, server);
    try {
      const missing = await page.request.get('/api/no-such-route');
      expect(missing.status()).toBe(404);
      expect(await missing.json()).toEqual({ code: 'NOT_FOUND', message: 'No route GET /api/no-such-route' });
    } finally {
      await page.close();
    }
  });
});
