import { formatBrokerAddress, type BrokerAddress, type TConnectionTestStepName } from '@tributary/core';
import { mapWithConcurrency } from './limit-concurrency.ts';
import { seconds } from './with-timeout.ts';

/** One entry of Bootstrap Servers, as the test tries it. */
export interface BootstrapServer {
  address: BrokerAddress;
  /** `host:port` as the user wrote it (IPv6 in brackets). */
  label: string;
  /** Position in Bootstrap Servers: failures are reported in the order the user wrote them. */
  position: number;
}

export const toBootstrapServers = (addresses: BrokerAddress[]): BootstrapServer[] =>
  addresses.map((address, position) => ({ address, label: formatBrokerAddress(address), position }));

/** Why one bootstrap server cannot be used, at the step where it dropped out. */
export interface ServerFailure {
  step: TConnectionTestStepName;
  /** Reads after the server's name: "refused the connection: nothing listens on that port". */
  reason: string;
  hint: string;
  errorCode?: string;
}

/** What one step found for one server; `passed` is the detail of the step it did pass, when it dropped out at a later one. */
export type ServerOutcome = { detail: string; failure?: undefined } | { failure: ServerFailure; passed?: string };

export interface ServerResult {
  server: BootstrapServer;
  outcome: ServerOutcome;
}

/** How many servers one step contacts at once. */
const SERVERS_IN_FLIGHT = 4;

/**
 * Runs one step against every server, a few at a time, within `budgetMs` for the whole list:
 * each server gets at most `timeoutMs`, and those not started before the budget ran out are
 * reported as not tried rather than making a long list wait for minutes.
 */
export async function tryEachServer(
  servers: BootstrapServer[],
  step: TConnectionTestStepName,
  limits: { timeoutMs: number; budgetMs: number },
  work: (server: BootstrapServer, timeoutMs: number) => Promise<ServerOutcome>,
): Promise<ServerResult[]> {
  const deadline = performance.now() + limits.budgetMs;
  return mapWithConcurrency(servers, SERVERS_IN_FLIGHT, async (server) => {
    const remaining = Math.round(deadline - performance.now());
    if (remaining <= 0) return { server, outcome: { failure: notTried(step, limits.budgetMs) } };
    return { server, outcome: await work(server, Math.min(limits.timeoutMs, remaining)) };
  });
}

export const notTried = (step: TConnectionTestStepName, budgetMs: number): ServerFailure => ({
  step,
  reason: `was not tried: the ${seconds(budgetMs)} s this step may take ran out on the servers before it`,
  hint: 'Shorten Bootstrap Servers to a few brokers that answer; one live broker is enough to find the others.',
  errorCode: 'ETIMEDOUT',
});
