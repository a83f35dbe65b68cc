import { describe, expect, inject, it } from 'vitest';
import { hasChromium } from './browser.ts';
import { signedInSuite } from './signed-in-suite.ts';

const kafka = inject('testEnv').kafka;

describe.skipIf(!hasChromium)('a stored secret and a changed endpoint in Chromium', () => {
  const suite = signedInSuite();

  it('asks for the password again, beside its field, once the bootstrap servers change', async () => {
    const { server, page } = suite;
    const created = await server.inject({
      method: 'POST',
      url: '/api/syncs',
      payload: {
        name: 'Stored password',
        destination: {
          type: 'kafka-topic',
          bootstrapServers: kafka.listeners.saslPlaintext,
          topic: 'orders',
          sasl: { mechanism: 'SCRAM-SHA-512', username: kafka.users.scram512.username, password: 'stored-pw-1' },
        },
      },
    });
    expect(created.statusCode, created.body).toBe(201);
    await page.goto(`/syncs/${created.json().id}?tab=destination`);
    await page.getByText('Stored (hidden).').waitFor();
    await page.getByLabel('Bootstrap Servers').fill('elsewhere.example.com:9092');

    const message = 'Type the Password again: the Bootstrap Servers changed';
    const password = page.getByLabel('Password', { exact: true });
    const besidePassword = async () => {
      await page.locator('.field-error', { hasText: message }).waitFor();
      expect(await password.getAttribute('aria-invalid')).toBe('true');
      const messages = page.locator(`[id="${await password.getAttribute('aria-describedby')}"]`);
      expect(await messages.textContent()).toContain(message);
    };
    await page.getByRole('button', { name: 'Test Connection' }).click();
    await besidePassword();
    await page.getByRole('button', { name: 'Save' }).click();
    await besidePassword();
    const stored = await server.inject({ method: 'GET', url: `/api/syncs/${created.json().id}` });
    expect(stored.json().destination.bootstrapServers).toBe(kafka.listeners.saslPlaintext);
  });
});
