/** What the RDS operations share: parameter errors, identifiers, ARNs, tags and pagination. */
import { AwsError, type ServiceContext } from '../service.js';
import { type InputErrors, QueryInput } from '../shared/query-input.js';
import { MAX_TAGS, mergeTagsByKey } from '../shared/tag-merge.js';
import type { RdsTag } from './state.js';

/** RDS's answers to missing and malformed parameters. */
export const RDS_INPUT_ERRORS: InputErrors = {
  missing: (name) =>
    new AwsError('MissingParameter', `The request must contain the parameter ${name}`),
  invalid: (name, value) =>
    new AwsError('InvalidParameterValue', `Invalid value ${value} for ${name}`),
};

/** Wraps a decoded RDS input. */
export function rdsInput(input: Record<string, unknown>): QueryInput {
  return new QueryInput(input, RDS_INPUT_ERRORS);
}

/** `InvalidParameterValue` with a message. */
export function invalidValue(message: string): AwsError {
  return new AwsError('InvalidParameterValue', message);
}

/** `InvalidParameterCombination` with a message. */
export function invalidCombination(message: string): AwsError {
  return new AwsError('InvalidParameterCombination', message);
}

/**
 * Validates an instance or snapshot identifier (1 to 63 letters, digits or hyphens, starting with a
 * letter, no trailing or doubled hyphen) and returns it in lowercase, as RDS stores it.
 */
export function checkIdentifier(parameter: string, value: string): string {
  if (!/^[A-Za-z](?!.*--)[A-Za-z0-9-]{0,62}$/.test(value) || value.endsWith('-')) {
    throw invalidValue(
      `The parameter ${parameter} is not a valid identifier. Identifiers must begin with a letter; ` +
        'must contain only ASCII letters, digits, and hyphens; and must not end with a hyphen or contain two consecutive hyphens.',
    );
  }
  return value.toLowerCase();
}

/** `DBInstanceNotFound` (404) for an instance identifier. */
export function instanceNotFound(id: string): AwsError {
  return new AwsError('DBInstanceNotFound', `DBInstance ${id} not found.`, 404);
}

/** `DBSubnetGroupNotFoundFault` (404) for a subnet group name. */
export function subnetGroupNotFound(name: string): AwsError {
  return new AwsError('DBSubnetGroupNotFoundFault', `DBSubnetGroup '${name}' not found.`, 404);
}

/** The ARN of an RDS resource: `arn:aws:rds:<region>:<account>:<type>:<name>`. */
export function rdsArn(
  ctx: ServiceContext,
  type: 'db' | 'subgrp' | 'snapshot',
  name: string,
): string {
  return `arn:aws:rds:${ctx.region}:${ctx.accountId}:${type}:${name}`;
}

/** Splits an RDS ARN into its resource type and name; `undefined` when it is not one. */
export function parseRdsArn(arn: string): { type: string; name: string } | undefined {
  const match = /^arn:aws[a-z-]*:rds:[a-z0-9-]+:\d{12}:([a-z-]+):(.+)$/.exec(arn);
  return match?.[1] && match[2] ? { type: match[1], name: match[2] } : undefined;
}

/** Reads a `Tags.Tag.N` list, refusing the reserved `aws:` prefix. */
export function readRdsTags(input: QueryInput, parameter = 'Tags'): RdsTag[] {
  return (input.structs(parameter) ?? []).map((tag) => {
    const key = tag.requiredString('Key');
    if (key.toLowerCase().startsWith('aws:') || key.toLowerCase().startsWith('rds:')) {
      throw invalidValue(`Tag keys cannot start with 'aws:' or 'rds:': ${key}`);
    }
    return { Key: key, Value: tag.string('Value') ?? '' };
  });
}

/** Adds or replaces tags by key. */
export function mergeRdsTags(existing: readonly RdsTag[], added: readonly RdsTag[]): RdsTag[] {
  return mergeTagsByKey(existing, added, () =>
    invalidValue(`A resource can have at most ${MAX_TAGS} tags`),
  );
}

/** Pages a sorted list with `MaxRecords` (20..100, default 100) and an opaque `Marker`. */
export function paginateRecords<T>(
  items: readonly T[],
  input: QueryInput,
): { page: T[]; Marker?: string } {
  const max = input.integer('MaxRecords') ?? 100;
  if (max < 20 || max > 100) {
    throw invalidValue(`Invalid value ${max} for MaxRecords. Must be between 20 and 100`);
  }
  const marker = input.string('Marker');
  let start = 0;
  if (marker !== undefined && marker !== '') {
    const decoded = /^offset:(\d+)$/.exec(Buffer.from(marker, 'base64url').toString('utf8'));
    if (!decoded) {
      throw invalidValue(`Invalid marker: ${marker}`);
    }
    start = Number(decoded[1]);
  }
  const end = start + max;
  const page = items.slice(start, end);
  return end < items.length
    ? { page, Marker: Buffer.from(`offset:${end}`, 'utf8').toString('base64url') }
    : { page };
}
