import type { Logger } from '@aws-lambda-powertools/logger';
import type { ScanLogger } from '../../ports/scan-logger.js';

/**
 * {@link ScanLogger} over Powertools' logger: one JSON line per entry with the service name, level,
 * timestamp and the persistent keys (`environment`, `scanId`, `ref`, `deliveryId`). The Lambda
 * context (request id, cold start) is added by the handlers.
 *
 * @example
 * const logger = powertoolsLogger(new Logger({ serviceName: 'plumbline' }));
 */
export function powertoolsLogger(logger: Logger): ScanLogger {
  return {
    info: (message, attributes = {}) => logger.info(message, { ...attributes }),
    warn: (message, attributes = {}) => logger.warn(message, { ...attributes }),
    error: (message, attributes = {}) => logger.error(message, { ...attributes }),
    child: (keys) => powertoolsLogger(logger.createChild({ persistentKeys: { ...keys } })),
  };
}

/** A logger that writes nothing: for the CLI, which prints its own human output. */
export const silentLogger: ScanLogger = {
  info: () => {},
  warn: () => {},
  error: () => {},
  child: () => silentLogger,
};
