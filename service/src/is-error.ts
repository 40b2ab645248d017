import { types } from 'node:util';

/**
 * `instanceof Error` that also recognises errors from another realm (a VM context, a test
 * sandbox), where Node's own errors fail the `instanceof` check.
 */
export function isError(value: unknown): value is Error {
  return value instanceof Error || types.isNativeError(value);
}
