import type { TComponentHealth, THealthResponse, TLivenessResponse } from '@tributary/core';

export interface HealthDeps {
  /** Resolves when the database answers a trivial query. */
  pingDatabase(): Promise<void>;
  /** Resolves when the job queue's tables answer. */
  pingQueue(): Promise<void>;
  version: string;
  startedAt: Date;
}

export type HealthService = ReturnType<typeof createHealthService>;

const CHECK_TIMEOUT_MS = 3_000;

async function probe(check: () => Promise<void>): Promise<TComponentHealth> {
  const started = performance.now();
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${CHECK_TIMEOUT_MS} ms`)), CHECK_TIMEOUT_MS);
  });
  try {
    await Promise.race([check(), timeout]);
    return { status: 'up', latencyMs: Math.round(performance.now() - started) };
  } catch (error) {
    return { status: 'down', reason: error instanceof Error ? error.message : String(error) };
  } finally {
    clearTimeout(timer);
  }
}

export function createHealthService(deps: HealthDeps) {
  const uptimeSeconds = () => Math.round((Date.now() - deps.startedAt.getTime()) / 1000);
  return {
    live(): TLivenessResponse {
      return { status: 'alive', version: deps.version, uptimeSeconds: uptimeSeconds() };
    },
    async check(): Promise<THealthResponse> {
      const [database, queue] = await Promise.all([probe(deps.pingDatabase), probe(deps.pingQueue)]);
      return {
        status: database.status === 'up' && queue.status === 'up' ? 'healthy' : 'unhealthy',
        version: deps.version,
        uptimeSeconds: uptimeSeconds(),
        database,
        queue,
      };
    },
  };
}
