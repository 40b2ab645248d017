import type { z } from 'zod';

/**
 * The issues of the branch a failed union of mappings was evidently meant for, with paths from the
 * document root; `undefined` when no branch or more than one fits as well.
 *
 * A branch fits when the value is a mapping it could hold (no problem with the value as a whole other
 * than unknown keys); the best fit has the fewest unknown keys. So a freeze window written with
 * `from` and a misspelt `to` is told `to: is required` and `unknown key "too"`, not that it matches
 * none of the allowed forms; a value that mixes both forms, or names neither, keeps the union's
 * own message.
 *
 * @example
 * // { from: 'Fri 16:00', timeZone: 'UTC' } against weekly (from, to) | one-off (start, end)
 * fittingBranchIssues(issue); // [{ code: 'invalid_type', path: [...issue.path, 'to'], ... }]
 */
export function fittingBranchIssues(
  issue: z.core.$ZodIssueInvalidUnion,
): z.core.$ZodIssue[] | undefined {
  let best: { issues: readonly z.core.$ZodIssue[]; unknown: number } | undefined;
  let tied = false;
  for (const branch of issue.errors) {
    const whole = branch.filter((i) => i.path.length === 0);
    if (whole.some((i) => i.code !== 'unrecognized_keys')) continue;
    const unknown = whole.reduce(
      (n, i) => n + (i.code === 'unrecognized_keys' ? i.keys.length : 0),
      0,
    );
    if (best === undefined || unknown < best.unknown) {
      best = { issues: branch, unknown };
      tied = false;
    } else if (unknown === best.unknown) tied = true;
  }
  if (best === undefined || tied) return undefined;
  return best.issues.map((i) => ({ ...i, path: [...issue.path, ...i.path] }));
}
