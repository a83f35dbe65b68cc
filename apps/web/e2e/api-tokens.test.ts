import { describe, expect, it } from 'vitest';
import { hasChromium } from './browser.ts';
import { signedInSuite } from './signed-in-suite.ts';

describe.skipIf(!hasChromium)('API tokens screen', () => {
  const suite = signedInSuite();

  it('creates a token, shows it once with a copy button, and revokes it so the API refuses it', async () => {
    const { page, server } = suite;
    await page.goto('/');
    await page.getByRole('navigation', { name: 'Main' }).getByRole('button', { name: 'API tokens' }).click();
    await page.getByRole('heading', { name: 'API tokens', level: 1 }).waitFor();
    await page.getByText('You have no API tokens.').waitFor();

    // The form's own check names the field before anything is sent.
    await page.getByRole('button', { name: 'Create token' }).click();
    await page.getByText('Name is required').waitFor();

    await page.getByLabel('Name').fill('CI deploy');
    await page.getByLabel('Expires').selectOption({ label: '30 days' });
    await page.getByRole('button', { name: 'Create token' }).click();
    const shown = page.getByRole('textbox', { name: 'API token', exact: true });
    await shown.waitFor();
    const token = await shown.inputValue();
    expect(token).toMatch(/^trb_[A-Za-z0-9_-]{43}$/);

    await page.context().grantPermissions(['clipboard-read', 'clipboard-write'], { origin: server.url });
    await page.getByRole('button', { name: 'Copy' }).click();
    await page.getByText('Copied.').waitFor();
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(token);

    const row = page.getByRole('row', { name: /CI deploy/ });
    expect(await row.getByRole('cell').nth(0).innerText()).toBe(`${token.slice(0, 8)}…`);
    const withToken = () =>
      fetch(`${server.url}/api/syncs`, { headers: { authorization: `Bearer ${token}` } }).then((r) => r.status);
    expect(await withToken()).toBe(200);

    // Dismissed, the token is gone from the page for good.
    await page.getByRole('button', { name: 'Done' }).click();
    expect(await page.getByRole('textbox', { name: 'API token', exact: true }).count()).toBe(0);
    await page.reload();
    await page.getByRole('row', { name: /CI deploy/ }).waitFor();
    expect(await page.content()).not.toContain(token);

    await page.getByRole('button', { name: 'Revoke CI deploy' }).click();
    await page.getByRole('button', { name: 'Revoke token' }).click();
    await page.getByText(/Revoked “CI deploy”/).waitFor();
    expect(await page.getByRole('row', { name: /CI deploy/ }).count()).toBe(0);
    expect(await withToken()).toBe(401);
  });
});
