import type { TestEnv } from './test-env.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    testEnv: TestEnv;
  }
}
