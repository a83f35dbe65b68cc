export * from './api-error.ts';
export * from './health.ts';
export * from './validation.ts';
export * from './destination/index.ts';
export * from './connection-test.ts';
export * from './sync.ts';
export * from './column-mapping.ts';
export * from './target-path.ts';
