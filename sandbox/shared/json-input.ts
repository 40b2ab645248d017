/**
 * Typed reads of a decoded JSON-protocol request (ECS, Secrets Manager, SSM). Members keep their JSON
 * types on the wire, so one can arrive with the wrong type; each service supplies the errors it
 * answers for that and for a missing required member, worded as that service words them. A member
 * sent as `null` reads as absent.
 */
import type { AwsError } from '../service.js';
import { isPlainObject, type JsonObject } from './json-value.js';

/** The JSON types a member is read as; {@link JsonInputErrors.wrongType} is told which one failed. */
export type JsonKind =
  | 'string'
  | 'integer'
  | 'number'
  | 'boolean'
  | 'list'
  | 'strings'
  | 'object'
  | 'objects';

/** The errors a JSON-protocol service answers for bad members. */
export interface JsonInputErrors {
  /**
   * A member is present but not of the `expected` kind. Returning `undefined` instead of an error
   * reads such a member as absent, for a service that ignores it.
   */
  wrongType(name: string, expected: JsonKind): AwsError | undefined;
  /** A required member is absent (or empty, with {@link JsonInputErrors.blankIsMissing}). */
  missing(name: string, label: string): AwsError;
  /** True when a required string member that is empty counts as missing. */
  readonly blankIsMissing: boolean;
}

/** A view over one decoded JSON request (or a nested structure of one). */
export class JsonInput {
  constructor(
    private readonly raw: Readonly<Record<string, unknown>>,
    private readonly errors: JsonInputErrors,
  ) {}

  /** True when the member is present and not null. */
  has(name: string): boolean {
    return this.member(name) !== undefined;
  }

  /** The member as sent, whatever its type, or `undefined` when absent or null. */
  member(name: string): unknown {
    const value = this.raw[name];
    return value === null ? undefined : value;
  }

  /** A string member. */
  string(name: string): string | undefined {
    return this.read(name, 'string', (value): value is string => typeof value === 'string');
  }

  /**
   * A string member that must be present (and non-empty where the service requires that).
   *
   * @param label names the member in the error, where the service words it otherwise. @default name
   */
  requiredString(name: string, label: string = name): string {
    const value = this.string(name);
    if (value === undefined || (this.errors.blankIsMissing && value === '')) {
      throw this.errors.missing(name, label);
    }
    return value;
  }

  /** An integer member. */
  integer(name: string): number | undefined {
    return this.read(name, 'integer', (value): value is number => Number.isInteger(value));
  }

  /** A number member, integer or not. */
  number(name: string): number | undefined {
    return this.read(name, 'number', (value): value is number => typeof value === 'number');
  }

  /** A boolean member. */
  boolean(name: string): boolean | undefined {
    return this.read(name, 'boolean', (value): value is boolean => typeof value === 'boolean');
  }

  /** A list member of any items. */
  list(name: string): unknown[] | undefined {
    const value = this.read(name, 'list', (v): v is unknown[] => Array.isArray(v));
    return value === undefined ? undefined : [...value];
  }

  /** A list of strings. */
  strings(name: string): string[] | undefined {
    const value = this.read(
      name,
      'strings',
      (v): v is string[] => Array.isArray(v) && v.every((item) => typeof item === 'string'),
    );
    return value === undefined ? undefined : [...value];
  }

  /** A structure or map member. */
  object(name: string): JsonObject | undefined {
    const value = this.read(name, 'object', isPlainObject);
    return value === undefined ? undefined : asJson(value);
  }

  /** A list of structures. */
  objects(name: string): JsonObject[] | undefined {
    const value = this.read(
      name,
      'objects',
      (v): v is Record<string, unknown>[] => Array.isArray(v) && v.every(isPlainObject),
    );
    return value === undefined ? undefined : value.map(asJson);
  }

  private read<T>(
    name: string,
    kind: JsonKind,
    check: (value: unknown) => value is T,
  ): T | undefined {
    const value = this.member(name);
    if (value === undefined || check(value)) return value;
    const error = this.errors.wrongType(name, kind);
    if (error !== undefined) throw error;
    return undefined;
  }
}

/** Members decoded from a JSON body are JSON by construction. */
function asJson(value: Record<string, unknown>): JsonObject {
  return value as JsonObject;
}
