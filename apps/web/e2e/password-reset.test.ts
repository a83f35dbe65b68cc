import { describe, expect, it } from 'vitest';
import { hasChromium, newSignedOutPage } from './browser.ts';
import { signedInSuite } from './signed-in-suite.ts';

describe.skipIf(!hasChromium)('resetting a password in Chromium', () => {
  const suite = signedInSuite();

  it('checks the new password in the dialog, sets it, and the old one no longer signs in', async () => {
    const { server, browser, page } = suite;
    const user = await server.createUser('operator', 'Reset Me');
    await page.goto('/users');
    await page.getByRole('heading', { name: 'Users' }).waitFor();
    await page.getByRole('button', { name: `Reset password of ${user.email}` }).click();

    const dialog = page.getByRole('dialog', { name: 'Reset the password of Reset Me' });
    await dialog.getByLabel('New password').fill('short');
    await dialog.getByRole('button', { name: 'Set password' }).click();
    await dialog.getByText('Password must be at least 12 characters').waitFor();

    const password = 'a brand new passphrase';
    await dialog.getByLabel('New password').fill(password);
    await dialog.getByRole('button', { name: 'Set password' }).click();
    await page.getByText(`New password set for ${user.email}; their sessions have ended.`).waitFor();
    expect(await page.getByRole('dialog').count()).toBe(0);

    const other = await newSignedOutPage(browser, server);
    await other.goto('/');
    await other.getByLabel('Email').fill(user.email);
    await other.getByLabel('Password').fill(user.password);
    await other.getByRole('button', { name: 'Sign in' }).click();
    await other.getByText('Wrong email or password').waitFor();
    await other.getByLabel('Password').fill(password);
    await other.getByRole('button', { name: 'Sign in' }).click();
    await other.getByText('Signed in as Reset Me').waitFor();
    await other.context().close();
  });
});
