export * from './secret-reference.ts';
export * from './sync-document.ts';
export * from './export-sync-document.ts';
export * from './resolve-sync-document.ts';
export * from './sync-apply.ts';
