import { describe, expect, inject, it } from 'vitest';
import { hasChromium } from './browser.ts';
import { signedInSuite } from './signed-in-suite.ts';

const kafka = inject('testEnv').kafka;
const topic = `browser-orders-${Date.now()}`;

describe.skipIf(!hasChromium)('Destination tab in Chromium', () => {
  const suite = signedInSuite({ topic, numPartitions: 3 });

  it('shows field errors beside their fields before anything is sent', async () => {
    const { server, page } = suite;
    await page.goto(`${server.url}/syncs/new`);
    await page.getByRole('tab', { name: 'Destination' }).click();
    await page.getByLabel('Bootstrap Servers').fill('broker:0,,');
    await page.getByLabel('Topic Name').fill('..');
    await page.getByRole('button', { name: 'Test Connection' }).click();
    await expect(
      page.getByText('Bootstrap Servers: "broker:0": the port 0 is outside 1–65535').isVisible(),
    ).resolves.toBe(true);
    await expect(page.getByText('Topic Name cannot be ".."').isVisible()).resolves.toBe(true);
    // The default mechanism is OAUTHBEARER, whose Principal Name is required.
    await expect(page.getByText('Principal Name is required').isVisible()).resolves.toBe(true);
  });

  it('fills the tab as a person would, tests, saves, and sees success then failure with a log', async () => {
    const { server, page } = suite;
    await page.goto(`${server.url}/syncs/new`);
    await page.getByLabel('Name', { exact: true }).fill('Orders into Kafka');
    await page.getByRole('tab', { name: 'Destination' }).click();
    await page.getByLabel('Bootstrap Servers').fill(kafka.listeners.saslPlaintext);
    await page.getByLabel('Topic Name').fill(topic);
    await page.getByLabel('SASL Mechanism').selectOption('SCRAM-SHA-512');
    // Fields follow the mechanism: OAUTHBEARER's Principal Name is gone, Username/Password appear.
    expect(await page.getByLabel('Principal Name').count()).toBe(0);
    await page.getByLabel('Username').fill(kafka.users.scram512.username);
    await page.getByLabel('Password', { exact: true }).fill(kafka.users.scram512.password);

    await page.getByRole('button', { name: 'Test Connection' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByRole('heading', { name: 'Connection Successful' }).waitFor();
    expect(await dialog.textContent()).toContain('Topic partitions3');
    await dialog.getByRole('button', { name: 'Close' }).click();

    await page.getByRole('button', { name: 'Save' }).click();
    await page.waitForURL(/\/syncs\/[0-9a-f-]{36}\?tab=destination$/);
    await page.getByText('Saved.').waitFor();
    // The stored password is never sent back: the field is empty and says it is stored.
    expect(await page.getByLabel('Password', { exact: true }).inputValue()).toBe('');
    await expect(page.getByText('Stored (hidden).').isVisible()).resolves.toBe(true);

    await page.getByLabel('Password', { exact: true }).fill('not-the-password');
    await page.getByRole('button', { name: 'Test Connection' }).click();
    await dialog.getByRole('heading', { name: 'Connection Failed' }).waitFor();
    expect(await dialog.textContent()).toContain(
      'SASL authentication failed: the broker rejected the username or password for SCRAM-SHA-512.',
    );

    const [logPage] = await Promise.all([
      page.context().waitForEvent('page'),
      dialog.getByRole('link', { name: 'Open the log of this attempt' }).click(),
    ]);
    await logPage.getByRole('heading', { name: 'Connection test failed' }).waitFor();
    expect(await logPage.getByTestId('step-sasl').textContent()).toMatch(/SASL authentication\s*failed/);
    expect(await logPage.content()).not.toContain('not-the-password');
    await logPage.close();
  });

  it('a dead first bootstrap server: Connection Successful, with a warning naming it in the dialog and the log', async () => {
    const { server, page } = suite;
    await page.goto(`${server.url}/syncs/new`);
    await page.getByRole('tab', { name: 'Destination' }).click();
    await page.getByLabel('Bootstrap Servers').fill(`deadhost.invalid:9092,${kafka.listeners.plaintext}`);
    await page.getByLabel('Topic Name').fill(topic);
    await page.getByLabel('SASL Mechanism').selectOption('NONE');
    await page.getByRole('button', { name: 'Test Connection' }).click();

    const dialog = page.getByRole('dialog');
    await dialog.getByRole('heading', { name: 'Connection Successful' }).waitFor();
    const warning = 'Bootstrap server deadhost.invalid:9092 could not be found (ENOTFOUND): no such host name.';
    expect(await dialog.getByRole('region', { name: 'Warning' }).getByRole('listitem').allTextContents()).toEqual([
      warning,
    ]);
    expect(await dialog.getByTestId('step-resolve').textContent()).toMatch(/^Resolve hostwarning/);

    const [logPage] = await Promise.all([
      page.context().waitForEvent('page'),
      dialog.getByRole('link', { name: 'Open the log of this attempt' }).click(),
    ]);
    await logPage.getByRole('heading', { name: 'Connection test succeeded' }).waitFor();
    expect(await logPage.getByRole('region', { name: 'Warning' }).textContent()).toContain(warning);
    await logPage.close();
    await dialog.getByRole('button', { name: 'Close' }).click();
  });
});
