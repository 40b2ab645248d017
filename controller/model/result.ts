/** A success or a list of failures; used where failing is an expected outcome, not an exception. */
export type Result<T, E> =
  | { readonly ok: true; readonly value: T }
  | { readonly ok: false; readonly errors: readonly E[] };

export const ok = <T>(value: T): Result<T, never> => ({ ok: true, value });
export const err = <E>(errors: readonly E[]): Result<never, E> => ({ ok: false, errors });
