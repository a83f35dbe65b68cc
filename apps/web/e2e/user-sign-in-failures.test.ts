import { describe, expect, it } from 'vitest';
import { hasChromium } from './browser.ts';
import { signedInSuite } from './signed-in-suite.ts';

describe.skipIf(!hasChromium)("clearing an account's failed sign-ins in Chromium", () => {
  const suite = signedInSuite();

  it('shows the failed sign-ins on the Users screen and clears them with one button', async () => {
    const { server, page } = suite;
    const user = await server.createUser('viewer', 'Under Attack');
    for (const ip of ['192.0.2.1', '192.0.2.2']) {
      const answer = await server.anonymous({
        method: 'POST',
        url: '/api/auth/sign-in',
        payload: { email: user.email, password: 'a wrong guess' },
        remoteAddress: ip,
      });
      expect(answer.statusCode).toBe(401);
    }
    await page.goto('/users');
    const row = page.getByRole('row').filter({ hasText: user.email });
    await row.getByText('Active · 2 failed sign-ins in the last hour').waitFor();
    await row.getByRole('button', { name: `Clear failed sign-ins of ${user.email}` }).click();
    await page.getByText(`${user.email}'s failed sign-ins are cleared; they may sign in without waiting.`).waitFor();
    expect(await row.getByRole('button', { name: /Clear failed sign-ins/ }).count()).toBe(0);
    expect(await row.getByRole('cell', { name: 'Active', exact: true }).count()).toBe(1);
  });
});
