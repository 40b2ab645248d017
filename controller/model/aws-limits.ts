import { z } from 'zod';

/**
 * Values AWS would refuse, refused by `validate` first, with a position, instead of by
 * CloudFormation halfway through a rollout. Tag rules are those ECS, RDS and ELBv2 share
 * ("Tagging your resources" in each service's guide).
 */

/** Longest tag key and value, in Unicode characters. */
export const TAG_KEY_MAX = 128;
export const TAG_VALUE_MAX = 256;
/** User tags one resource may carry. */
export const TAGS_PER_RESOURCE = 50;
/** Tags Plumbline adds to every resource itself (`plumbline:environment`). */
export const TAGS_ADDED_BY_PLUMBLINE = 1;

const TAG_CHARACTERS = /^[\p{L}\p{Z}\p{N}_.:/=+\-@]*$/u;
const TAG_CHARACTERS_MESSAGE = 'may contain only letters, digits, spaces and _ . : / = + - @';
const RESERVED_PREFIX = /^aws:/i;

/** Unicode characters, as AWS counts them (a JavaScript string's length counts UTF-16 units). */
function characters(text: string): number {
  return [...text].length;
}

const tagKey = z.string().superRefine((key, ctx) => {
  const fail = (message: string) => ctx.addIssue({ code: 'custom', message });
  if (key === '__proto__') fail('"__proto__" cannot be a tag key: it would be lost when read');
  else if (characters(key) < 1 || characters(key) > TAG_KEY_MAX)
    fail(`tag keys are 1-${TAG_KEY_MAX} characters, got ${characters(key)}`);
  else if (!TAG_CHARACTERS.test(key)) fail(`tag key "${key}" ${TAG_CHARACTERS_MESSAGE}`);
  else if (RESERVED_PREFIX.test(key)) fail(`tag key "${key}": the aws: prefix is reserved for AWS`);
});

const tagValue = z.string().superRefine((value, ctx) => {
  const fail = (message: string) => ctx.addIssue({ code: 'custom', message });
  if (characters(value) > TAG_VALUE_MAX)
    fail(`tag values are at most ${TAG_VALUE_MAX} characters, got ${characters(value)}`);
  else if (!TAG_CHARACTERS.test(value)) fail(`tag value "${value}" ${TAG_CHARACTERS_MESSAGE}`);
  else if (RESERVED_PREFIX.test(value))
    fail(`tag value "${value}": the aws: prefix is reserved for AWS`);
});

/** A tag map as AWS accepts it, key by key. */
export const tagMap = z.record(tagKey, tagValue);

/** An RDS DB instance identifier: 1-63 characters, letters, digits and single hyphens. */
export const dbInstanceIdentifier = z
  .string()
  .regex(
    /^[a-z][a-z0-9-]{0,62}$/,
    'must be lowercase letters, digits and dashes, starting with a letter, at most 63 characters',
  )
  .refine((id) => !id.includes('--') && !id.endsWith('-'), {
    message: 'must not contain two consecutive dashes or end with a dash',
  });
