/**
 * Typed reads of a decoded query or EC2 request input, whose scalars all arrive as strings. Each
 * service supplies the errors it answers for a missing or malformed parameter.
 */
import type { AwsError } from '../service.js';

/** The errors a service answers for bad parameters. */
export interface InputErrors {
  /** A required parameter is absent or empty. */
  missing(name: string): AwsError;
  /** A parameter's value cannot be read as its type. */
  invalid(name: string, value: string): AwsError;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** A view over one decoded structure (the whole input, or a nested structure or list item). */
export class QueryInput {
  constructor(
    private readonly raw: Record<string, unknown>,
    private readonly errors: InputErrors,
  ) {}

  /** True when the parameter was sent at all (possibly empty). */
  has(name: string): boolean {
    return this.raw[name] !== undefined;
  }

  /** A string parameter, or `undefined` when absent. */
  string(name: string): string | undefined {
    const value = this.raw[name];
    if (value === undefined) {
      return undefined;
    }
    if (typeof value !== 'string') {
      throw this.errors.invalid(name, JSON.stringify(value));
    }
    return value;
  }

  /** A string parameter that must be present and non-empty. */
  requiredString(name: string): string {
    const value = this.string(name);
    if (value === undefined || value === '') {
      throw this.errors.missing(name);
    }
    return value;
  }

  /** An integer parameter, or `undefined` when absent. */
  integer(name: string): number | undefined {
    const value = this.string(name);
    if (value === undefined) {
      return undefined;
    }
    if (!/^-?[0-9]+$/.test(value)) {
      throw this.errors.invalid(name, value);
    }
    return Number(value);
  }

  /** An integer parameter that must be present. */
  requiredInteger(name: string): number {
    const value = this.integer(name);
    if (value === undefined) {
      throw this.errors.missing(name);
    }
    return value;
  }

  /** A boolean parameter (`true`/`false`, any case), or `undefined` when absent. */
  boolean(name: string): boolean | undefined {
    const value = this.string(name);
    if (value === undefined) {
      return undefined;
    }
    const lower = value.toLowerCase();
    if (lower !== 'true' && lower !== 'false') {
      throw this.errors.invalid(name, value);
    }
    return lower === 'true';
  }

  /** A list of strings, `[]` when sent empty, `undefined` when absent. */
  strings(name: string): string[] | undefined {
    const value = this.raw[name];
    if (value === undefined) {
      return undefined;
    }
    if (value === '') {
      return [];
    }
    if (!Array.isArray(value) || !value.every((v): v is string => typeof v === 'string')) {
      throw this.errors.invalid(name, JSON.stringify(value));
    }
    return value;
  }

  /** A nested structure, or `undefined` when absent. */
  struct(name: string): QueryInput | undefined {
    const value = this.raw[name];
    if (value === undefined) {
      return undefined;
    }
    if (!isRecord(value)) {
      throw this.errors.invalid(name, JSON.stringify(value));
    }
    return new QueryInput(value, this.errors);
  }

  /** A list of structures, `[]` when sent empty, `undefined` when absent. */
  structs(name: string): QueryInput[] | undefined {
    const value = this.raw[name];
    if (value === undefined) {
      return undefined;
    }
    if (value === '') {
      return [];
    }
    if (!Array.isArray(value) || !value.every(isRecord)) {
      throw this.errors.invalid(name, JSON.stringify(value));
    }
    return value.map((v) => new QueryInput(v, this.errors));
  }

  /** A map of strings (`entry.N.key` / `entry.N.value`), or `undefined` when absent. */
  stringMap(name: string): Record<string, string> | undefined {
    const value = this.raw[name];
    if (value === undefined) {
      return undefined;
    }
    if (value === '') {
      return {};
    }
    if (!isRecord(value) || !Object.values(value).every((v) => typeof v === 'string')) {
      throw this.errors.invalid(name, JSON.stringify(value));
    }
    return { ...(value as Record<string, string>) };
  }
}
