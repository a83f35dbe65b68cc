import { databaseConnectionFromUrl } from '@tributary/core';
import { Kafka, logLevel } from 'kafkajs';
import { beforeAll, describe, expect, inject, it } from 'vitest';
import { hasChromium } from './browser.ts';
import { signedInSuite } from './signed-in-suite.ts';

const testEnv = inject('testEnv');
const kafka = testEnv.kafka;
const mysqlUrl = process.env.MYSQL_TEST_URL ?? 'mysql://root@127.0.0.1:3306/test';
const topic = `browser-cancel-${Date.now()}`;
/** Far more rows than a one-row-per-batch job produces before the test cancels it. */
const LONG_QUERY = 'SELECT g AS id, md5(g::text) AS label FROM generate_series(1, 2000000) AS g';

describe.skipIf(!hasChromium)('a PostgreSQL source and a cancelled job in Chromium', () => {
  const suite = signedInSuite({ topic, numPartitions: 1 });
  let connection: ReturnType<typeof databaseConnectionFromUrl>;

  beforeAll(() => {
    // The test run's migrated database has tables to read; the app's own database is refused as a source.
    connection = databaseConnectionFromUrl(testEnv.databaseUrl);
  });

  async function fillConnection(database: string) {
    const { page } = suite;
    await page.getByLabel('Host', { exact: true }).fill(connection.host);
    await page.getByLabel('Port', { exact: true }).fill(String(connection.port));
    await page.getByLabel('Database', { exact: true }).fill(database);
    await page.getByLabel('User', { exact: true }).fill(connection.user);
  }

  it('checks the fields, explains a failed connection, discovers columns and keeps the password write-only', async () => {
    const { server, page } = suite;
    await page.goto(`${server.url}/syncs/new`);
    await page.getByLabel('Name', { exact: true }).fill('Migrations');
    await page.getByLabel('Source type').selectOption('postgresql');
    // The port follows the database type until the user sets one.
    expect(await page.getByLabel('Port', { exact: true }).inputValue()).toBe('5432');
    await page.getByLabel('Source type').selectOption('mysql');
    expect(await page.getByLabel('Port', { exact: true }).inputValue()).toBe('3306');
    await page.getByLabel('Source type').selectOption('postgresql');

    await page.getByRole('button', { name: 'Test Connection' }).click();
    await page.getByText('Host is required').waitFor();
    await expect(page.getByText('Give either a table or a SELECT query').isVisible()).resolves.toBe(true);

    await fillConnection('no_such_database_here');
    await page.getByLabel('Password', { exact: true }).fill('s3cret-source-password');
    await page.getByLabel('A SELECT query').check();
    await page
      .getByLabel('SELECT query', { exact: true })
      .fill('SELECT migration_name, finished_at, applied_steps_count FROM _prisma_migrations ORDER BY 1');
    await page.getByRole('button', { name: 'Test Connection' }).click();
    const result = page.getByRole('status').filter({ hasText: 'Connection' });
    await result.getByText('Connection Failed', { exact: true }).waitFor();
    expect(await result.textContent()).toContain('The database "no_such_database_here" does not exist');

    await page.getByLabel('Database', { exact: true }).fill(connection.database);
    await page.getByRole('button', { name: 'Test Connection' }).click();
    await result.getByText('Connection Successful', { exact: true }).waitFor();
    await page.getByRole('button', { name: 'Discover Columns' }).click();
    await page.getByRole('heading', { name: '3 columns found' }).waitFor();
    expect(
      await page.getByRole('list', { name: 'Discovered columns' }).getByRole('listitem').allTextContents(),
    ).toEqual(['migration_namevarchar', 'finished_attimestamptz', 'applied_steps_countint4']);

    await page.getByRole('tab', { name: 'Destination' }).click();
    await page.getByLabel('Bootstrap Servers').fill(kafka.listeners.plaintext);
    await page.getByLabel('Topic Name').fill(topic);
    await page.getByLabel('SASL Mechanism').selectOption('NONE');
    await page.getByRole('tab', { name: 'Column Mapping' }).click();
    await page.getByRole('button', { name: 'Map the 3 unmapped columns' }).click();
    expect(await page.getByLabel('Target column 3').inputValue()).toBe('applied_steps_count');

    await page.getByRole('button', { name: 'Save' }).click();
    await page.waitForURL(/\/syncs\/[0-9a-f-]{36}\?tab=column-mapping$/);
    await page.getByText('Saved.').waitFor();

    await page.reload();
    await page.getByRole('tab', { name: 'Source' }).click();
    expect(await page.getByLabel('Password', { exact: true }).inputValue()).toBe('');
    await expect(page.getByText('Stored (hidden).').isVisible()).resolves.toBe(true);
    expect(await page.content()).not.toContain('s3cret-source-password');
    // A blank password keeps the stored one for the server-side checks too.
    await page.getByRole('button', { name: 'Test Connection' }).click();
    await result.getByText('Connection Successful', { exact: true }).waitFor();

    // Saving checks the mapping against the source's columns and names the row that no longer fits.
    await page
      .getByLabel('SELECT query', { exact: true })
      .fill('SELECT migration_name, finished_at FROM _prisma_migrations ORDER BY 1');
    await page.getByRole('button', { name: 'Save' }).click();
    await page.getByRole('tab', { name: 'Column Mapping', selected: true }).waitFor();
    const rows = page.getByRole('list', { name: 'Column mappings' }).getByRole('listitem');
    await rows.nth(2).getByText('Row 3: the source has no column "applied_steps_count"').waitFor();
    await page.getByRole('button', { name: 'Remove row 3' }).click();
    await page.getByRole('button', { name: 'Save' }).click();
    await page.getByText('Saved.').waitFor();
    expect(await rows.count()).toBe(2);
  });

  it('tests and discovers a MariaDB query source, sample values included', async () => {
    const { server, page } = suite;
    const mysql = databaseConnectionFromUrl(mysqlUrl);
    await page.goto(`${server.url}/syncs/new`);
    await page.getByLabel('Source type').selectOption('mysql');
    await page.getByLabel('Host', { exact: true }).fill(mysql.host);
    await page.getByLabel('Port', { exact: true }).fill(String(mysql.port));
    await page.getByLabel('Database', { exact: true }).fill(mysql.database);
    await page.getByLabel('User', { exact: true }).fill(mysql.user);
    if (mysql.password) await page.getByLabel('Password', { exact: true }).fill(mysql.password);
    await page.getByLabel('A SELECT query').check();
    await page
      .getByLabel('SELECT query', { exact: true })
      .fill("SELECT 7 AS id, 'Ann' AS name, CAST(12.5 AS DECIMAL(10,2)) AS total");
    await page.getByRole('button', { name: 'Test Connection' }).click();
    await page.getByRole('status').getByText('Connection Successful', { exact: true }).waitFor();
    await page.getByRole('button', { name: 'Discover Columns' }).click();
    await page.getByRole('heading', { name: '3 columns found' }).waitFor();
    const sample = page.getByRole('table', { name: 'Sample rows' });
    expect(await sample.locator('th').allTextContents()).toEqual(['id', 'name', 'total']);
    // Decimals are shown as the message would carry them: a string with every digit.
    expect(await sample.locator('tbody td').allTextContents()).toEqual(['7', 'Ann', '12.50']);
  });

  it('cancels a running job from its page and keeps what was produced', async () => {
    const { server, page } = suite;
    await page.goto(`${server.url}/syncs/new`);
    await page.getByLabel('Name', { exact: true }).fill('Two million rows');
    await page.getByLabel('Source type').selectOption('postgresql');
    await fillConnection(connection.database);
    await page.getByLabel('A SELECT query').check();
    await page.getByLabel('SELECT query', { exact: true }).fill(LONG_QUERY);
    await page.getByRole('tab', { name: 'Destination' }).click();
    await page.getByLabel('Bootstrap Servers').fill(kafka.listeners.plaintext);
    await page.getByLabel('Topic Name').fill(topic);
    await page.getByLabel('SASL Mechanism').selectOption('NONE');
    await page.getByRole('tab', { name: 'Column Mapping' }).click();
    await page.getByRole('button', { name: 'Map the 2 unmapped columns' }).click();
    await page.getByRole('tab', { name: 'Sync Actions' }).click();
    await page.getByLabel('Batch size').fill('1');
    await page.getByLabel('Compression').selectOption('gzip');
    await page.getByRole('button', { name: 'Save' }).click();
    await page.getByText('Saved.').waitFor();

    await page.getByRole('link', { name: 'Jobs' }).click();
    await page.getByRole('button', { name: 'Start a Job' }).click();
    // Opened from a sync's link, the picker has that sync chosen already.
    await page.getByRole('dialog', { name: 'Start a Job' }).getByRole('button', { name: 'Start' }).click();
    await page.waitForURL(/\/jobs\/[0-9a-f-]{36}$/);
    await page.locator('[data-status="RUNNING"]').waitFor({ timeout: 60_000 });
    await page
      .getByTestId('job-progress-text')
      .getByText(/^[1-9][\d,]* of 2,000,000 rows/)
      .waitFor({ timeout: 60_000 });

    await page.getByRole('button', { name: 'Cancel Job' }).click();
    await page.locator('[data-status="CANCELLED"]').waitFor({ timeout: 60_000 });
    expect(await page.getByRole('button', { name: 'Cancel Job' }).count()).toBe(0);
    const produced = Number((await page.getByTestId('rows-produced').textContent())!.replaceAll(',', ''));
    expect(produced).toBeGreaterThan(0);
    expect(produced).toBeLessThan(2_000_000);

    // Every message counted as produced is in the topic, and no more.
    const admin = new Kafka({ brokers: [kafka.listeners.plaintext], logLevel: logLevel.NOTHING }).admin();
    await admin.connect();
    try {
      const offsets = await admin.fetchTopicOffsets(topic);
      expect(offsets.reduce((sum, partition) => sum + Number(partition.high), 0)).toBe(produced);
    } finally {
      await admin.disconnect();
    }
  }, 180_000);
});
