export * from './bootstrap-servers.ts';
export * from './kafka-destination.ts';
export * from './topic-name.ts';
export * from './destination-secrets.ts';
