import { Kafka, logLevel } from 'kafkajs';
import { describe, expect, inject, it } from 'vitest';
import { hasChromium } from './browser.ts';
import { signedInSuite } from './signed-in-suite.ts';

const kafka = inject('testEnv').kafka;
const topic = `browser-jobs-${Date.now()}`;
const syncName = `Orders file ${Date.now()}`;

/** Line 4 has two fields where the header has four: the parser rejects it and the job goes on. */
const CSV = [
  'id,customer,city,total',
  '1,Ann,Lyon,12.50',
  '2,Bob,Oslo,3.10',
  '3,Carl',
  '4,"Dee, Jr.",Rome,7.00',
  '5,Eve,Nice,0.99',
  '',
].join('\n');

/** Each good line as the mapping below turns it into a message (CSV values are text). */
const EXPECTED = [
  ['1', 'Ann', 'Lyon', '12.50'],
  ['2', 'Bob', 'Oslo', '3.10'],
  ['4', 'Dee, Jr.', 'Rome', '7.00'],
  ['5', 'Eve', 'Nice', '0.99'],
].map(([id, name, city, total]) => ({
  key: id!,
  value: { orderId: id, customer: { name, city }, 'price.eur': total },
}));

const MAPPING: Array<[source: string, target: string]> = [
  ['id', 'orderId'],
  ['customer', 'customer.name'],
  ['city', 'customer.city'],
  ['total', 'price\\.eur'],
];

async function consumeMessages(count: number): Promise<Array<{ key: string | undefined; value: string | undefined }>> {
  const consumer = new Kafka({ brokers: [kafka.listeners.plaintext], logLevel: logLevel.NOTHING }).consumer({
    groupId: `${topic}-check`,
  });
  await consumer.connect();
  try {
    await consumer.subscribe({ topic, fromBeginning: true });
    const messages: Array<{ key: string | undefined; value: string | undefined }> = [];
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`only ${messages.length} of ${count} messages arrived`)), 30_000);
      void consumer.run({
        eachMessage: async ({ message }) => {
          messages.push({ key: message.key?.toString(), value: message.value?.toString() });
          if (messages.length >= count) {
            clearTimeout(timer);
            resolve();
          }
        },
      });
    });
    return messages;
  } finally {
    await consumer.disconnect();
  }
}

describe.skipIf(!hasChromium)('a CSV sync from the editor to a finished job in Chromium', () => {
  const suite = signedInSuite({ topic, numPartitions: 3 });

  it('uploads and maps a CSV, previews it, runs it from Jobs > Start a Job and shows the bad row', async () => {
    const { server, page } = suite;
    await page.goto(`${server.url}/syncs/new`);
    await page.getByLabel('Name', { exact: true }).fill(syncName);

    // Source: upload the file, then discover its columns.
    await page.getByLabel('Source type').selectOption('delimited-file');
    await page
      .getByLabel('Upload a file…')
      .setInputFiles({ name: 'orders.csv', mimeType: 'text/csv', buffer: Buffer.from(CSV) });
    await page.getByTestId('stored-file').getByText('orders.csv').waitFor();
    expect(await page.getByTestId('stored-file').textContent()).toContain(`${Buffer.byteLength(CSV)} B`);
    await page.getByRole('button', { name: 'Test Connection' }).click();
    await page.getByRole('status').getByText('Connection Successful', { exact: true }).waitFor();
    await page.getByRole('button', { name: 'Discover Columns' }).click();
    await page.getByRole('heading', { name: '4 columns found' }).waitFor();
    expect(
      await page.getByRole('list', { name: 'Discovered columns' }).getByRole('listitem').allTextContents(),
    ).toEqual([
      expect.stringMatching(/^id/),
      expect.stringMatching(/^customer/),
      expect.stringMatching(/^city/),
      expect.stringMatching(/^total/),
    ]);

    // Destination: the plaintext listener, no SASL.
    await page.getByRole('tab', { name: 'Destination' }).click();
    await page.getByLabel('Bootstrap Servers').fill(kafka.listeners.plaintext);
    await page.getByLabel('Topic Name').fill(topic);
    await page.getByLabel('SASL Mechanism').selectOption('NONE');

    // Column Mapping: a nested target, an escaped dot, and a key.
    await page.getByRole('tab', { name: 'Column Mapping' }).click();
    for (const [index, [source, target]] of MAPPING.entries()) {
      await page.getByRole('button', { name: 'Add row' }).click();
      await page.getByLabel(`Source column ${index + 1}`).selectOption(source);
      await page.getByLabel(`Target column ${index + 1}`).fill(target);
    }
    await page.getByLabel('Message key').selectOption('id');

    // A target that is both a value and an object is named beside the row that breaks the rule.
    await page.getByLabel('Target column 4').fill('customer');
    await page.getByRole('button', { name: 'Preview' }).click();
    const rows = page.getByRole('list', { name: 'Column mappings' }).getByRole('listitem');
    await rows.nth(1).getByText('Row 2: "customer" is a value in row 4, so it cannot also hold "name"').waitFor();
    await page.getByLabel('Target column 4').fill('price\\.eur');

    await page.getByRole('button', { name: 'Preview' }).click();
    await page.getByRole('heading', { name: 'Preview: 4 messages, 1 failed row' }).waitFor();
    const firstRow = page.getByTestId('preview-row-2');
    expect(await firstRow.locator('.preview-key').textContent()).toBe('1');
    expect(await firstRow.getByLabel('Value of row 2').textContent()).toBe(JSON.stringify(EXPECTED[0]!.value, null, 2));
    expect(await page.getByTestId('preview-row-4').textContent()).toContain('Invalid Record Length');

    await page.getByRole('button', { name: 'Save' }).click();
    await page.waitForURL(/\/syncs\/[0-9a-f-]{36}\?tab=column-mapping$/);
    await page.getByText('Saved.').waitFor();

    // Jobs > Start a Job.
    await page.getByRole('navigation', { name: 'Main' }).getByRole('button', { name: 'Jobs' }).click();
    await page.getByRole('heading', { name: 'Jobs' }).waitFor();
    await page.getByRole('button', { name: 'Start a Job' }).click();
    const dialog = page.getByRole('dialog', { name: 'Start a Job' });
    await dialog.getByLabel('Data sync').selectOption({ label: `${syncName} → ${topic}` });
    await dialog.getByRole('button', { name: 'Start' }).click();
    await page.waitForURL(/\/jobs\/[0-9a-f-]{36}$/);

    // The page follows the job until it ends, without a reload.
    await page.locator('[data-status="SUCCEEDED_WITH_ERRORS"]').waitFor({ timeout: 60_000 });
    expect(await page.getByTestId('rows-produced').textContent()).toBe('4');
    expect(await page.getByTestId('rows-failed').textContent()).toBe('1');
    expect(await page.getByTestId('job-progress-text').textContent()).toMatch(/^5 (of 5 )?rows/);

    const errorRows = page.getByRole('table', { name: 'Errored rows' }).locator('tbody tr');
    expect(await errorRows.count()).toBe(1);
    const errorCells = await errorRows.first().locator('td').allTextContents();
    expect(errorCells[0]).toBe('4');
    expect(errorCells[1]).toContain('3,Carl');
    expect(errorCells[2]).toContain('Invalid Record Length');

    const csvLink = page.getByRole('link', { name: 'Download errored rows (CSV)' });
    const csv = await page.request.get(new URL((await csvLink.getAttribute('href'))!, server.url).toString());
    expect(csv.headers()['content-type']).toContain('text/csv');
    const csvText = await csv.text();
    expect(csvText).toContain('3,Carl');
    expect(csvText).toContain('Invalid Record Length');

    // The list shows the finished job under its status filter.
    await page.getByRole('link', { name: 'Jobs', exact: true }).click();
    await page.getByLabel('Status').selectOption('SUCCEEDED_WITH_ERRORS');
    const listed = page.getByRole('table').locator('tbody tr');
    // Polled: changing the filter reloads the list, so a first look may still see the old rows.
    await expect
      .poll(() => listed.first().locator('td').allTextContents())
      .toEqual([
        syncName,
        'Succeeded with errors',
        expect.any(String),
        expect.any(String),
        expect.any(String),
        '5',
        '4',
        '1',
      ]);

    // What reached Kafka is exactly the mapping of each good row, keyed by id.
    const messages = await consumeMessages(EXPECTED.length);
    const byKey = (a: { key: string | undefined }, b: { key: string | undefined }) =>
      String(a.key).localeCompare(String(b.key));
    expect(messages.sort(byKey)).toEqual(
      EXPECTED.map((message) => ({ key: message.key, value: JSON.stringify(message.value) })),
    );
  }, 180_000);
});
