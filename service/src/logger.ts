import { isError } from './is-error.js';

/** Structured fields attached to a log line. */
export type LogFields = Readonly<Record<string, unknown>>;

/** Writes one JSON object per line; the only logging interface the service uses. */
export interface Logger {
  info(message: string, fields?: LogFields): void;
  warn(message: string, fields?: LogFields): void;
  error(message: string, fields?: LogFields): void;
}

/**
 * Builds a logger that writes JSON lines through `write` (stdout by default).
 *
 * @example
 * const lines: string[] = [];
 * const logger = createJsonLogger((line) => lines.push(line));
 * logger.info('listening', { port: 8080 });
 */
export function createJsonLogger(
  write: (line: string) => void = (line) => process.stdout.write(line),
  now: () => Date = () => new Date(),
): Logger {
  const emit = (level: string, message: string, fields: LogFields = {}) => {
    write(
      `${JSON.stringify({ time: now().toISOString(), level, message, ...fields }, replacer)}\n`,
    );
  };
  return {
    info: (message, fields) => emit('info', message, fields),
    warn: (message, fields) => emit('warn', message, fields),
    error: (message, fields) => emit('error', message, fields),
  };
}

/** A logger that drops everything, for benchmarks and tests that do not inspect logs. */
export const silentLogger: Logger = { info: () => {}, warn: () => {}, error: () => {} };

// Error properties are not enumerable, so JSON.stringify would turn them into `{}`.
function replacer(_key: string, value: unknown): unknown {
  if (isError(value)) {
    const code: unknown = (value as { code?: unknown }).code;
    return {
      name: value.name,
      message: value.message,
      ...(typeof code === 'string' ? { code } : {}),
      stack: value.stack,
      ...(value.cause === undefined ? {} : { cause: value.cause }),
    };
  }
  return value;
}
