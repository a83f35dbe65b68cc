import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { startTestServer, type TestServer } from '@tributary/api/testing';
import { hasChromium, launchChromium, newPageSignedInAs, newSignedInPage, newSignedOutPage } from './browser.ts';

const suffix = Date.now().toString(36);
const operator = {
  email: `olivia-${suffix}@example.com`,
  displayName: 'Olivia Operator',
  password: 'a long operator passphrase',
};
const sharedSync = `Shared orders ${suffix}`;
const privateSync = `Private payments ${suffix}`;

/** Creates a data sync through the editor as a person would; answers its id. */
async function createSyncInEditor(page: Page, name: string, topic: string): Promise<string> {
  await page.goto('/syncs');
  await page.getByRole('link', { name: 'New data sync' }).click();
  await page.getByLabel('Name', { exact: true }).fill(name);
  await page.getByRole('tab', { name: 'Destination' }).click();
  await page.getByLabel('Bootstrap Servers').fill('kafka.example.com:9092');
  await page.getByLabel('Topic Name').fill(topic);
  await page.getByLabel('SASL Mechanism').selectOption('NONE');
  await page.getByRole('button', { name: 'Save', exact: true }).click();
  await page.waitForURL(/\/syncs\/[0-9a-f-]{36}\?tab=destination$/);
  await page.getByText('Saved.').waitFor();
  return new URL(page.url()).pathname.split('/').at(-1) ?? '';
}

describe.skipIf(!hasChromium)('users and per-sync permissions in Chromium', () => {
  let server: TestServer;
  let browser: Browser;
  let admin: Page;
  let sharedSyncId: string;
  let privateSyncId: string;

  beforeAll(async () => {
    server = await startTestServer({ ...inject('testEnv'), logLevel: 'warn' });
    browser = await launchChromium();
    admin = await newSignedInPage(browser, server);
  });

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('lets the admin create an operator in the Users page', async () => {
    await admin.goto('/');
    await admin.getByRole('navigation', { name: 'Main' }).getByRole('button', { name: 'Users' }).click();
    await admin.getByRole('heading', { name: 'Users' }).waitFor();

    // A short password is refused beside its field before anything is sent.
    await admin.getByLabel('Email', { exact: true }).fill(operator.email);
    await admin.getByLabel('Display name').fill(operator.displayName);
    await admin.getByLabel('Role', { exact: true }).selectOption('operator');
    await admin.getByLabel('Initial password').fill('short');
    await admin.getByRole('button', { name: 'Create user' }).click();
    await admin.getByText('Password must be at least 12 characters').waitFor();

    await admin.getByLabel('Initial password').fill(operator.password);
    await admin.getByRole('button', { name: 'Create user' }).click();
    await admin.getByText(`Created ${operator.email}.`).waitFor();
    const row = admin.getByRole('row').filter({ hasText: operator.email });
    expect(await row.getByRole('rowheader').textContent()).toBe(operator.displayName);
    expect(await admin.getByLabel(`Role of ${operator.email}`).inputValue()).toBe('operator');
    expect(await row.getByRole('cell', { name: 'Active' }).count()).toBe(1);
  });

  it('lets the admin create two syncs and grant the operator view only on one in its Permissions tab', async () => {
    privateSyncId = await createSyncInEditor(admin, privateSync, `payments-${suffix}`);
    sharedSyncId = await createSyncInEditor(admin, sharedSync, `orders-${suffix}`);

    await admin.getByRole('tab', { name: 'Permissions' }).click();
    const panel = admin.getByRole('tabpanel');
    const picker = panel.getByLabel('Add a user or group');
    const optionValue = await picker.locator('option', { hasText: operator.email }).getAttribute('value');
    expect(optionValue).toMatch(/^user:[0-9a-f-]{36}$/);
    await picker.selectOption(optionValue ?? '');
    await panel.getByRole('button', { name: 'Add', exact: true }).click();

    const grantRow = panel.getByRole('row').filter({ hasText: operator.email });
    const rights = async () =>
      Promise.all(
        ['View', 'Edit', 'Run', 'Manage'].map((right) => grantRow.getByLabel(new RegExp(`^${right} for `)).isChecked()),
      );
    // A new grant starts at view only.
    expect(await rights()).toEqual([true, false, false, false]);
    await panel.getByRole('button', { name: 'Save permissions' }).click();
    await panel.getByText('Permissions saved.').waitFor();

    // What was saved is what the server now holds.
    await admin.reload();
    await admin.getByRole('tab', { name: 'Permissions' }).click();
    expect(await rights()).toEqual([true, false, false, false]);
  });

  it('shows the operator only the shared sync, read-only and with no way to run it; sign-out ends the session', async () => {
    const page = await newSignedOutPage(browser, server);
    await page.goto('/syncs');
    await page.getByRole('heading', { name: 'Sign in' }).waitFor();

    await page.getByLabel('Email').fill(operator.email);
    await page.getByLabel('Password').fill('not the password at all');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByText('Wrong email or password').waitFor();

    await page.getByLabel('Password').fill(operator.password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    // The deep link opens once signed in.
    await page.getByRole('heading', { name: 'Data syncs' }).waitFor();
    await page.getByText(`Signed in as ${operator.displayName}`).waitFor();

    const mainNav = page.getByRole('navigation', { name: 'Main' });
    expect(await mainNav.getByRole('button').allTextContents()).toEqual([
      'Overview',
      'Data syncs',
      'Jobs',
      'API tokens',
    ]);

    const bodyRows = page
      .getByRole('table')
      .getByRole('row')
      .filter({ has: page.getByRole('cell') });
    await bodyRows.first().waitFor();
    expect(await bodyRows.count()).toBe(1);
    expect(await bodyRows.getByRole('link').textContent()).toBe(sharedSync);
    expect(await bodyRows.getByRole('cell').last().textContent()).toBe('view');
    expect(await page.getByText(privateSync).count()).toBe(0);
    // Guessing the other sync's id finds nothing.
    expect((await page.request.get(`/api/syncs/${privateSyncId}`)).status()).toBe(404);

    await bodyRows.getByRole('link', { name: sharedSync }).click();
    await page.waitForURL(`**/syncs/${sharedSyncId}`);
    await page.getByText('You may view this data sync but not change it.').waitFor();
    expect(await page.getByLabel('Name', { exact: true }).inputValue()).toBe(sharedSync);
    expect(await page.getByLabel('Name', { exact: true }).isDisabled()).toBe(true);
    expect(await page.getByRole('tab').allTextContents()).toEqual([
      'Source',
      'Destination',
      'Column Mapping',
      'Sync Actions',
    ]);
    // The source may be looked at, not changed nor probed: Test Connection and Discover need edit.
    expect(await page.getByLabel('Source type').isDisabled()).toBe(true);
    expect(await page.getByRole('button', { name: /Test Connection|Discover Columns/ }).count()).toBe(0);
    await page.getByRole('tab', { name: 'Column Mapping' }).click();
    expect(await page.getByLabel('Message key').isDisabled()).toBe(true);
    expect(await page.getByRole('button', { name: /Preview|Discover Columns|Add row/ }).count()).toBe(0);
    await page.getByRole('tab', { name: 'Sync Actions' }).click();
    expect(await page.getByLabel('Batch size').isDisabled()).toBe(true);
    await page.getByRole('tab', { name: 'Destination' }).click();
    expect(await page.getByLabel('Topic Name').isDisabled()).toBe(true);
    expect(await page.getByRole('button', { name: 'Save', exact: true }).count()).toBe(0);
    expect(await page.getByRole('button', { name: 'Test Connection' }).isDisabled()).toBe(true);
    // No manage permission: neither a Permissions tab nor Delete.
    expect(await page.getByRole('button', { name: 'Delete', exact: true }).count()).toBe(0);
    // No run permission: nothing on the page starts a job or a listener, nor on the Jobs page.
    const main = page.getByRole('main');
    expect(await main.getByRole('button', { name: /start|run|listener/i }).count()).toBe(0);
    expect(await main.getByRole('link', { name: /start|run|listener/i }).count()).toBe(0);
    await mainNav.getByRole('button', { name: 'Jobs' }).click();
    await page.getByRole('heading', { name: 'Jobs' }).waitFor();
    expect(await main.getByRole('button', { name: /start/i }).count()).toBe(0);

    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.getByRole('heading', { name: 'Sign in' }).waitFor();
    await page.getByText('You have signed out.').waitFor();
    expect((await page.request.get('/api/syncs')).status()).toBe(401);
    await page.reload();
    await page.getByRole('heading', { name: 'Sign in' }).waitFor();
    await page.context().close();
  });

  it('hides creating syncs and the admin area from a viewer, and signs them out once an admin disables them', async () => {
    const viewer = await server.createUser('viewer', 'Victor Viewer');
    const page = await newPageSignedInAs(browser, server, viewer);
    await page.goto('/syncs');
    await page.getByRole('heading', { name: 'Data syncs' }).waitFor();
    await page.getByText('No data syncs are shared with you yet.', { exact: false }).waitFor();
    expect(await page.getByRole('link', { name: 'New data sync' }).count()).toBe(0);
    expect(await page.getByRole('navigation', { name: 'Main' }).getByRole('button').allTextContents()).toEqual([
      'Overview',
      'Data syncs',
      'Jobs',
      'API tokens',
    ]);
    await page.goto('/users');
    await page.getByText('There is no page here.').waitFor();

    await admin.goto('/users');
    await admin.getByRole('button', { name: `Disable ${viewer.email}` }).click();
    await admin.getByText(`${viewer.email} is disabled; their sessions have ended.`).waitFor();
    expect(
      await admin.getByRole('row').filter({ hasText: viewer.email }).getByRole('cell', { name: 'Disabled' }).count(),
    ).toBe(1);

    // The viewer's next request answers 401, which brings them to the sign-in page.
    await page.getByRole('navigation', { name: 'Main' }).getByRole('button', { name: 'Data syncs' }).click();
    await page.getByRole('heading', { name: 'Sign in' }).waitFor();
    await page.getByText('Your session has ended. Sign in again to continue.').waitFor();
    await page.context().close();
  });

  it('shows the permission change in the audit trail, found by its filters', async () => {
    await admin.goto('/audit');
    await admin.getByLabel('Action').selectOption('sync.permissions');
    await admin.getByLabel('Target id').fill(sharedSyncId);
    await admin.getByRole('button', { name: 'Apply filters' }).click();
    const rows = admin.getByRole('table').getByRole('row').filter({ hasText: 'sync.permissions' });
    await rows.first().waitFor();
    expect(await rows.count()).toBe(1);
    expect(await rows.getByRole('cell').nth(1).textContent()).toBe(server.admin.email);
    expect(await admin.getByText(privateSyncId).count()).toBe(0);

    // A date range that starts tomorrow holds nothing yet.
    const tomorrow = new Date(Date.now() + 86_400_000);
    const day = (n: number) => String(n).padStart(2, '0');
    await admin
      .getByLabel('From')
      .fill(`${tomorrow.getFullYear()}-${day(tomorrow.getMonth() + 1)}-${day(tomorrow.getDate())}`);
    await admin.getByRole('button', { name: 'Apply filters' }).click();
    await admin.getByText('No events match these filters.').waitFor();
  });

  it('lets whoever manages a sync delete it, after asking once more', async () => {
    await admin.goto(`/syncs/${privateSyncId}`);
    await admin.getByRole('button', { name: 'Delete', exact: true }).click();
    await admin.getByRole('alertdialog').getByRole('button', { name: 'Cancel' }).click();
    expect(await admin.getByRole('alertdialog').count()).toBe(0);

    await admin.getByRole('button', { name: 'Delete', exact: true }).click();
    await admin.getByRole('button', { name: 'Delete data sync' }).click();
    await admin.waitForURL(/\/syncs$/);
    await admin.getByRole('link', { name: sharedSync }).waitFor();
    expect(await admin.getByRole('link', { name: privateSync }).count()).toBe(0);
    expect((await admin.request.get(`/api/syncs/${privateSyncId}`)).status()).toBe(404);
  });
  it('grants through a group: the admin makes the operator a member, and the group may edit the shared sync', async () => {
    await admin.goto('/groups');
    await admin.getByLabel('Group name').fill(`Data team ${suffix}`);
    await admin.getByRole('button', { name: 'Create group' }).click();
    await admin.getByRole('link', { name: `Data team ${suffix}` }).click();
    await admin.getByRole('heading', { name: `Group Data team ${suffix}` }).waitFor();
    await admin.getByRole('checkbox', { name: new RegExp(operator.email) }).check();
    await admin.getByRole('button', { name: 'Save members' }).click();
    await admin.getByText('Members saved.').waitFor();

    await admin.goto(`/syncs/${sharedSyncId}`);
    await admin.getByRole('tab', { name: 'Permissions' }).click();
    const panel = admin.getByRole('tabpanel');
    const picker = panel.getByLabel('Add a user or group');
    await picker.selectOption(
      (await picker.locator('option', { hasText: `Data team ${suffix}` }).getAttribute('value')) ?? '',
    );
    await panel.getByRole('button', { name: 'Add', exact: true }).click();
    await panel.getByLabel(`Edit for Data team ${suffix}`).check();
    expect(await panel.getByLabel(`View for Data team ${suffix}`).isChecked()).toBe(true);
    await panel.getByRole('button', { name: 'Save permissions' }).click();
    await panel.getByText('Permissions saved.').waitFor();

    const page = await newPageSignedInAs(browser, server, operator);
    await page.goto(`/syncs/${sharedSyncId}`);
    await page.getByRole('button', { name: 'Save', exact: true }).waitFor();
    expect(await page.getByLabel('Name', { exact: true }).isDisabled()).toBe(false);
    await page.getByLabel('Description').fill('Edited through the group grant');
    await page.getByRole('button', { name: 'Save', exact: true }).click();
    await page.getByText('Saved.').waitFor();
    // Edit without run or manage: still no Permissions tab and no Delete.
    expect(await page.getByRole('tab').allTextContents()).toEqual([
      'Source',
      'Destination',
      'Column Mapping',
      'Sync Actions',
    ]);
    expect(await page.getByRole('button', { name: 'Delete', exact: true }).count()).toBe(0);
    await page.context().close();
  });
});

describe.skipIf(!hasChromium)('first run in Chromium', () => {
  let server: TestServer;
  let browser: Browser;

  beforeAll(async () => {
    server = await startTestServer({ ...inject('testEnv'), logLevel: 'warn', withoutAdmin: true });
    browser = await launchChromium();
  });

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('asks for the first administrator while no user exists, then signs them in', async () => {
    const page = await newSignedOutPage(browser, server);
    await page.goto('/');
    await page.getByRole('heading', { name: 'Create the first administrator' }).waitFor();

    await page.getByLabel('Email').fill('not-an-email');
    await page.getByLabel('Display name').fill('Ada Admin');
    await page.getByLabel('Password', { exact: true }).fill('a long admin passphrase');
    await page.getByLabel('Confirm password').fill('a different passphrase');
    await page.getByRole('button', { name: 'Create administrator' }).click();
    await page.getByText('Email must be an email address like name@example.com').waitFor();
    await page.getByText('Confirm password does not match Password').waitFor();

    await page.getByLabel('Email').fill('ada@example.com');
    await page.getByLabel('Confirm password').fill('a long admin passphrase');
    await page.getByRole('button', { name: 'Create administrator' }).click();
    await page.getByText('Signed in as Ada Admin').waitFor();
    const mainNav = page.getByRole('navigation', { name: 'Main' });
    expect(await mainNav.getByRole('button').allTextContents()).toEqual([
      'Overview',
      'Data syncs',
      'Jobs',
      'API tokens',
      'Users',
      'Groups',
      'Audit',
    ]);

    // The form was for the first run only: a fresh browser now gets the sign-in page.
    const other = await newSignedOutPage(browser, server);
    await other.goto('/');
    await other.getByRole('heading', { name: 'Sign in' }).waitFor();
    expect(await other.getByText('Create the first administrator').count()).toBe(0);
  });
});
