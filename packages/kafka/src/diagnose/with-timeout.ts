/** Rejects with an `ETIMEDOUT` error when `work` has not settled within `ms`; `onTimeout` releases what it holds. */
export function withTimeout<T>(work: Promise<T>, ms: number, onTimeout: () => void): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  return Promise.race([
    work,
    new Promise<never>((_, reject) => {
      timer = setTimeout(() => {
        onTimeout();
        reject(Object.assign(new Error(`no answer within ${seconds(ms)} s`), { code: 'ETIMEDOUT' }));
      }, ms);
    }),
  ]).finally(() => clearTimeout(timer));
}

/** A duration for a message: `3`, `0.5`. */
export const seconds = (ms: number) => String(Math.round(ms / 100) / 10);

export const errorCodeOf = (error: unknown) => (error as NodeJS.ErrnoException | undefined)?.code;
