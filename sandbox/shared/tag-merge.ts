/** Tag merging as EC2, RDS and ELBv2 do it on create and on AddTags/CreateTags. */
import type { AwsError } from '../service.js';

/** The most tags one resource may carry. */
export const MAX_TAGS = 50;

/**
 * `existing` with `added` merged in by `Key`: an added tag replaces the one with its key, the
 * others are appended in order. The result is a copy.
 *
 * @throws the error `tooMany` makes when the result has more than {@link MAX_TAGS} tags.
 */
export function mergeTagsByKey<T extends { readonly Key: string }>(
  existing: readonly T[],
  added: readonly T[],
  tooMany: () => AwsError,
): T[] {
  const merged = existing.map((t) => ({ ...t }));
  for (const tag of added) {
    const index = merged.findIndex((t) => t.Key === tag.Key);
    if (index >= 0) {
      merged[index] = { ...tag };
    } else {
      merged.push({ ...tag });
    }
  }
  if (merged.length > MAX_TAGS) {
    throw tooMany();
  }
  return merged;
}
