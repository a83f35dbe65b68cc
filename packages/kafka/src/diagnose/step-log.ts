import { CONNECTION_TEST_STEPS, type TConnectionTestStep, type TConnectionTestStepName } from '@tributary/core';
import {
  tryEachServer,
  type BootstrapServer,
  type ServerFailure,
  type ServerOutcome,
  type ServerResult,
} from './server-outcome.ts';

/** A failed step: ends the test with its message and hint. */
export class StepFailure extends Error {
  constructor(
    readonly step: TConnectionTestStepName,
    message: string,
    readonly hint: string,
    readonly extra: {
      detail?: string;
      errorCode?: string;
      /** Recorded already, by the step log itself. */
      isRecorded?: boolean;
      /** The message names every bootstrap server and why it failed: no warning repeats them. */
      namesEveryServer?: boolean;
    } = {},
  ) {
    super(message);
  }
}

interface DroppedServer extends ServerFailure {
  server: BootstrapServer;
}

const stepIndex = (step: TConnectionTestStepName) => CONNECTION_TEST_STEPS.indexOf(step);
const describeDrop = ({ server, reason }: DroppedServer) => `${server.label} ${reason}`;
const elapsedSince = (started: number) => Math.round(performance.now() - started);

/**
 * The steps of one connection test, one entry per step in the order of CONNECTION_TEST_STEPS,
 * and the bootstrap servers that dropped out on the way: each shows in the entry of the step
 * where it failed, as a warning while other servers carry on.
 */
export class StepLog {
  private readonly entries: TConnectionTestStep[] = [];
  readonly notes: string[] = [];
  private readonly dropped: DroppedServer[] = [];
  /** What each server passed, by step: shown with the failures, in the order of Bootstrap Servers. */
  private readonly passed: Array<{ step: TConnectionTestStepName; server: BootstrapServer; detail: string }> = [];

  /** Adds the step's entry, or replaces it: a later finding (a TLS alert at SASL) corrects an earlier one. */
  record(
    step: TConnectionTestStepName,
    status: TConnectionTestStep['status'],
    durationMs: number,
    detail: string,
    errorCode?: string,
  ) {
    const entry: TConnectionTestStep = { step, status, durationMs, detail, ...(errorCode && { errorCode }) };
    const existing = this.entries.findIndex((candidate) => candidate.step === step);
    if (existing >= 0) {
      this.entries[existing] = entry;
      return;
    }
    const later = this.entries.findIndex((candidate) => stepIndex(candidate.step) > stepIndex(step));
    this.entries.splice(later < 0 ? this.entries.length : later, 0, entry);
  }

  /** The entries with the servers that dropped out at each step: a warning while others carried on. */
  get steps(): TConnectionTestStep[] {
    return this.entries.map((entry) => {
      const here = this.dropped.filter((drop) => drop.step === entry.step);
      const servers = [
        ...this.passed.filter((pass) => pass.step === entry.step),
        ...here.map((drop) => ({ server: drop.server, detail: describeDrop(drop) })),
      ].sort((a, b) => a.server.position - b.server.position);
      const detail = [entry.detail, ...servers.map((line) => line.detail)].filter(Boolean).join('; ');
      if (here.length === 0) return { ...entry, detail };
      const errorCode = entry.errorCode ?? here[0]?.errorCode;
      return {
        ...entry,
        status: entry.status === 'failed' ? 'failed' : 'warning',
        detail,
        ...(errorCode && { errorCode }),
      };
    });
  }

  skip(step: TConnectionTestStepName, detail: string) {
    this.record(step, 'skipped', 0, detail);
  }

  /** Marks a passed step as a warning, and says why in the result's warnings. */
  warn(step: TConnectionTestStepName, note: string) {
    this.notes.push(note);
    const entry = this.entries.find((candidate) => candidate.step === step);
    if (entry && entry.status === 'passed') entry.status = 'warning';
  }

  /** Notes the failed servers of `results` and returns those that passed. */
  keep(results: ServerResult[]): BootstrapServer[] {
    const survivors: BootstrapServer[] = [];
    for (const { server, outcome } of results) {
      if (outcome.failure) this.dropServer(server, outcome.failure);
      else survivors.push(server);
    }
    return survivors;
  }

  dropServer(server: BootstrapServer, failure: ServerFailure) {
    this.dropped.push({ server, ...failure });
  }

  /** Runs a step against every server still in play and records it; fails when none passes. */
  async serverStep(
    step: TConnectionTestStepName,
    servers: BootstrapServer[],
    limits: { timeoutMs: number; budgetMs: number },
    work: (server: BootstrapServer, timeoutMs: number) => Promise<ServerOutcome>,
  ): Promise<BootstrapServer[]> {
    const started = performance.now();
    const results = await tryEachServer(servers, step, limits, work);
    const survivors = this.keep(results);
    const passed = results.flatMap(({ server, outcome }) => {
      const detail = outcome.failure ? outcome.passed : outcome.detail;
      return detail === undefined ? [] : [{ step, server, detail }];
    });
    this.passed.push(...passed);
    this.record(step, passed.length > 0 ? 'passed' : 'failed', elapsedSince(started), '');
    if (survivors.length === 0) throw this.allServersFailed();
    return survivors;
  }

  /**
   * Runs a step of the whole cluster (after a server was found) and records it. A StepFailure
   * may name an earlier step (the broker refused the client certificate only at the Kafka
   * handshake): that step's entry is corrected, never repeated.
   */
  async run<T>(
    step: TConnectionTestStepName,
    work: () => Promise<{ value: T; detail: string; status?: 'passed' | 'warning' }>,
    started = performance.now(),
  ): Promise<T> {
    try {
      const { value, detail, status = 'passed' } = await work();
      this.record(step, status, elapsedSince(started), detail);
      return value;
    } catch (error) {
      const failure =
        error instanceof StepFailure ? error : new StepFailure(step, String((error as Error)?.message ?? error), '');
      const entry = this.entries.find((candidate) => candidate.step === failure.step);
      if (!failure.extra.isRecorded) {
        this.record(
          failure.step,
          'failed',
          elapsedSince(started),
          failure.extra.detail ?? failure.message,
          failure.extra.errorCode,
        );
      } else if (entry && failure.step === step) {
        entry.durationMs = elapsedSince(started);
      }
      throw failure;
    }
  }

  /** No bootstrap server is left: fail at the furthest step any reached, naming each server and why. */
  allServersFailed(): StepFailure {
    const drops = [...this.dropped].sort((a, b) => a.server.position - b.server.position);
    const furthest = drops.reduce<TConnectionTestStepName>(
      (step, drop) => (stepIndex(drop.step) > stepIndex(step) ? drop.step : step),
      'resolve',
    );
    const entry = this.entries.find((candidate) => candidate.step === furthest);
    this.record(furthest, 'failed', entry?.durationMs ?? 0, '');
    const message =
      drops.length === 1
        ? `Bootstrap server ${describeDrop(drops[0]!)}.`
        : `None of the ${drops.length} bootstrap servers could be used: ${drops.map(describeDrop).join('; ')}.`;
    const hint = [...new Set(drops.map((drop) => drop.hint))].join(' ');
    return new StepFailure(furthest, message, hint, { isRecorded: true, namesEveryServer: true });
  }

  /** One warning per bootstrap server that could not be used, in the order of Bootstrap Servers. */
  serverWarnings(): string[] {
    return [...this.dropped]
      .sort((a, b) => a.server.position - b.server.position)
      .map((drop) => `Bootstrap server ${describeDrop(drop)}.`);
  }

  get droppedCount() {
    return this.dropped.length;
  }
}
