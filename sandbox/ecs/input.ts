import { JsonInput, type JsonInputErrors, type JsonKind } from '../shared/json-input.js';
import type { JsonObject } from '../shared/json-value.js';
import { ecsErrors } from './errors.js';
import type { EcsTag } from './state.js';

const MAX_TAGS = 50;

/** How ECS words a member's expected type: `Expected a string for 'family'.` */
const EXPECTED: Readonly<Record<JsonKind, string>> = {
  string: 'a string',
  integer: 'an integer',
  number: 'a number',
  boolean: 'a boolean',
  list: 'a list',
  strings: 'a list of strings',
  object: 'an object',
  objects: 'a list of objects',
};

/**
 * How ECS answers bad members: one of the wrong JSON type is a `SerializationException`, as the ECS
 * front end answers it; a missing or blank required one is an `InvalidParameterException`.
 */
const ECS_INPUT_ERRORS: JsonInputErrors = {
  wrongType: (name, expected) =>
    ecsErrors.serialization(`Expected ${EXPECTED[expected]} for '${name}'.`),
  missing: (_name, label) => ecsErrors.invalidParameter(`${label} can not be blank.`),
  blankIsMissing: true,
};

/** Typed access to a decoded ECS request, with ECS's errors and tag validation. */
export class EcsInput extends JsonInput {
  constructor(raw: Readonly<Record<string, unknown>>) {
    super(raw, ECS_INPUT_ERRORS);
  }

  /** ECS tags (`[{ key, value }]`), validated as ECS validates them. */
  tags(name = 'tags'): EcsTag[] | undefined {
    const items = this.objects(name);
    if (items === undefined) return undefined;
    const tags = items.map(parseTag);
    if (tags.length > MAX_TAGS)
      throw ecsErrors.invalidParameter(`Tags cannot exceed ${MAX_TAGS} items.`);
    return tags;
  }
}

function parseTag(item: JsonObject): EcsTag {
  const { key, value } = item;
  if (typeof key !== 'string' || key === '')
    throw ecsErrors.invalidParameter('Tag key can not be blank.');
  if (key.length > 128)
    throw ecsErrors.invalidParameter('Tag key must be 128 characters or fewer.');
  if (key.toLowerCase().startsWith('aws:')) {
    throw ecsErrors.invalidParameter('Tag keys with the aws: prefix are reserved for AWS use.');
  }
  if (value !== undefined && typeof value !== 'string')
    throw ecsErrors.serialization("Expected a string for 'value'.");
  const text = value ?? '';
  if (text.length > 256)
    throw ecsErrors.invalidParameter('Tag value must be 256 characters or fewer.');
  return { key, value: text };
}

/** Merges tags by key, later ones winning, keeping first-seen order. */
export function mergeTags(existing: readonly EcsTag[], added: readonly EcsTag[]): EcsTag[] {
  const byKey = new Map(existing.map((tag) => [tag.key, tag.value]));
  for (const tag of added) byKey.set(tag.key, tag.value);
  return [...byKey].map(([key, value]) => ({ key, value }));
}
