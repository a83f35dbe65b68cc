export { loadConfig, type AppConfig } from './config.ts';
export { createLogger } from './logger.ts';
export { startTributary, type RunningTributary } from './runtime.ts';
