import { Kafka, logLevel } from 'kafkajs';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, inject } from 'vitest';
import { startTestServer, type TestServer } from '@tributary/api/testing';
import { launchChromium, newSignedInPage } from './browser.ts';

export interface SignedInSuite {
  server: TestServer;
  browser: Browser;
  /** Signed in as the server's admin. */
  page: Page;
}

/**
 * For the describe block that calls it: creates the topic the tests produce to on the shared
 * broker, starts a test server and Chromium with a page signed in as the admin, and stops them after
 * the block. The fields are set once the block's beforeAll hooks ran, so tests read them inside `it`.
 */
export function signedInSuite(options: { topic?: string; numPartitions?: number } = {}): SignedInSuite {
  const suite: Partial<SignedInSuite> = {};

  beforeAll(async () => {
    if (options.topic) await createTopic(options.topic, options.numPartitions ?? 1);
    suite.server = await startTestServer({ ...inject('testEnv'), logLevel: 'warn' });
    suite.browser = await launchChromium();
    suite.page = await newSignedInPage(suite.browser, suite.server);
  });

  afterAll(async () => {
    await suite.browser?.close();
    await suite.server?.stop();
  });

  // Complete once beforeAll ran, which is before any test reads it.
  return suite as SignedInSuite;
}

async function createTopic(topic: string, numPartitions: number): Promise<void> {
  const kafka = inject('testEnv').kafka;
  const admin = new Kafka({ brokers: [kafka.listeners.plaintext], logLevel: logLevel.NOTHING }).admin();
  await admin.connect();
  await admin.createTopics({ topics: [{ topic, numPartitions }], waitForLeaders: true });
  await admin.disconnect();
}
