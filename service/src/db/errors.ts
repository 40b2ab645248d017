import { isError } from '../is-error.js';

/** A migration file failed to apply; its transaction was rolled back. */
export class MigrationFailedError extends Error {
  constructor(
    readonly file: string,
    options: ErrorOptions,
  ) {
    super(`Migration ${file} failed and was rolled back`, options);
    this.name = 'MigrationFailedError';
  }
}

/** An already-applied migration file was edited afterwards; migrations are append-only. */
export class MigrationChecksumError extends Error {
  constructor(readonly file: string) {
    super(`Migration ${file} changed after it was applied; add a new migration instead`);
    this.name = 'MigrationChecksumError';
  }
}

/** The migrations directory holds a file the runner cannot order. */
export class MigrationFileError extends Error {
  constructor(
    readonly file: string,
    reason: string,
  ) {
    super(`Migration file ${file} ${reason}`);
    this.name = 'MigrationFileError';
  }
}

/** How a failed query relates to the database's availability. */
export type DatabaseFailure = 'timeout' | 'unavailable';

const NETWORK_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ENOENT',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EHOSTUNREACH',
  'ETIMEDOUT',
  'EPIPE',
]);
// SQLSTATE: 57P01-03 shutdown/starting up, 53300 too many connections.
const UNAVAILABLE_STATES = new Set(['57P01', '57P02', '57P03', '53300']);
// pg reports these without a code.
const UNAVAILABLE_MESSAGES = [
  /timeout exceeded when trying to connect/i,
  /connection terminated/i,
  /query read timeout/i,
];

/**
 * Recognises errors that mean "the database is slow or unreachable" rather than a bug:
 * `timeout` for a cancelled statement (SQLSTATE 57014), `unavailable` for connection failures.
 */
export function classifyDatabaseError(error: unknown): DatabaseFailure | undefined {
  if (!isError(error)) return undefined;
  const code = (error as { code?: unknown }).code;
  if (code === '57014') return 'timeout';
  if (typeof code === 'string') {
    if (NETWORK_CODES.has(code) || UNAVAILABLE_STATES.has(code) || code.startsWith('08')) {
      return 'unavailable';
    }
  }
  return UNAVAILABLE_MESSAGES.some((pattern) => pattern.test(error.message))
    ? 'unavailable'
    : undefined;
}
