import { isPlainObject, type JsonObject } from '../../json-value.js';
import type { EcsTag } from '../ecs-state.js';
import { ecsErrors } from './errors.js';

const MAX_TAGS = 50;

/**
 * Typed access to a decoded ECS request. A member of the wrong JSON type is a `SerializationException`,
 * as the ECS front end answers it; a missing required member is an `InvalidParameterException`.
 */
export class EcsInput {
  constructor(private readonly raw: Readonly<Record<string, unknown>>) {}

  /** True when the member is present and not null. */
  has(name: string): boolean {
    return this.raw[name] !== undefined && this.raw[name] !== null;
  }

  string(name: string): string | undefined {
    const value = this.present(name);
    if (value === undefined) return undefined;
    if (typeof value !== 'string')
      throw ecsErrors.serialization(`Expected a string for '${name}'.`);
    return value;
  }

  /** A required, non-empty string; `label` names it in the error as ECS does (`Family`, `serviceName`, ...). */
  requiredString(name: string, label: string = name): string {
    const value = this.string(name);
    if (value === undefined || value === '')
      throw ecsErrors.invalidParameter(`${label} can not be blank.`);
    return value;
  }

  integer(name: string): number | undefined {
    const value = this.present(name);
    if (value === undefined) return undefined;
    if (typeof value !== 'number' || !Number.isInteger(value)) {
      throw ecsErrors.serialization(`Expected an integer for '${name}'.`);
    }
    return value;
  }

  boolean(name: string): boolean | undefined {
    const value = this.present(name);
    if (value === undefined) return undefined;
    if (typeof value !== 'boolean')
      throw ecsErrors.serialization(`Expected a boolean for '${name}'.`);
    return value;
  }

  strings(name: string): string[] | undefined {
    const value = this.present(name);
    if (value === undefined) return undefined;
    if (!Array.isArray(value) || !value.every((item) => typeof item === 'string')) {
      throw ecsErrors.serialization(`Expected a list of strings for '${name}'.`);
    }
    return [...value];
  }

  object(name: string): JsonObject | undefined {
    const value = this.present(name);
    if (value === undefined) return undefined;
    if (!isPlainObject(value)) throw ecsErrors.serialization(`Expected an object for '${name}'.`);
    return asJson(value);
  }

  objects(name: string): JsonObject[] | undefined {
    const value = this.present(name);
    if (value === undefined) return undefined;
    if (!Array.isArray(value) || !value.every(isPlainObject)) {
      throw ecsErrors.serialization(`Expected a list of objects for '${name}'.`);
    }
    return value.map(asJson);
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

  private present(name: string): unknown {
    const value = this.raw[name];
    return value === null ? undefined : value;
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

/** Members decoded from a JSON body are JSON by construction. */
function asJson(value: Record<string, unknown>): JsonObject {
  return value as JsonObject;
}

/** Merges tags by key, later ones winning, keeping first-seen order. */
export function mergeTags(existing: readonly EcsTag[], added: readonly EcsTag[]): EcsTag[] {
  const byKey = new Map(existing.map((tag) => [tag.key, tag.value]));
  for (const tag of added) byKey.set(tag.key, tag.value);
  return [...byKey].map(([key, value]) => ({ key, value }));
}
