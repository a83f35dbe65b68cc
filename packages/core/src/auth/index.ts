export * from './session.ts';
export * from './users.ts';
export * from './groups.ts';
export * from './permissions.ts';
export * from './audit.ts';
export * from './api-tokens.ts';
