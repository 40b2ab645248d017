/**
 * Structured logging for flows: one message plus attributes per line, and children carrying
 * persistent keys (`environment`, `scanId`, `ref`). Secrets are never passed in.
 *
 * @example
 * const log = logger.child({ environment: 'prod', scanId });
 * log.warn('commit status not written', { reason });
 */
export interface ScanLogger {
  info(message: string, attributes?: Readonly<Record<string, unknown>>): void;
  warn(message: string, attributes?: Readonly<Record<string, unknown>>): void;
  error(message: string, attributes?: Readonly<Record<string, unknown>>): void;
  child(keys: Readonly<Record<string, string>>): ScanLogger;
}
