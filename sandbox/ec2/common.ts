/**
 * What the EC2 operations share: parameter errors, ids, tags and tag specifications, filters,
 * pagination and the region's availability zones.
 */

import { AwsError } from '../service.js';
import { nextHex } from '../shared/ids.js';
import { type InputErrors, QueryInput } from '../shared/query-input.js';
import { MAX_TAGS, mergeTagsByKey } from '../shared/tag-merge.js';
import type { SandboxState } from '../state.js';
import type { Ec2Tag } from './state.js';

function lowerFirst(name: string): string {
  return name.charAt(0).toLowerCase() + name.slice(1);
}

/** EC2's answers to missing and malformed parameters. */
export const EC2_INPUT_ERRORS: InputErrors = {
  missing: (name) =>
    new AwsError('MissingParameter', `The request must contain the parameter ${name}`),
  invalid: (name, value) =>
    new AwsError(
      'InvalidParameterValue',
      `Value (${value}) for parameter ${lowerFirst(name)} is invalid.`,
    ),
};

/** Wraps a decoded EC2 input. */
export function ec2Input(input: Record<string, unknown>): QueryInput {
  return new QueryInput(input, EC2_INPUT_ERRORS);
}

/** `InvalidParameterValue` with a message. */
export function invalidParameter(message: string): AwsError {
  return new AwsError('InvalidParameterValue', message);
}

/** A new resource id: `<prefix>-` and 17 hexadecimal characters, as AWS issues today. */
export function newEc2Id(state: SandboxState, prefix: string): string {
  return `${prefix}-${nextHex(state, prefix, 17)}`;
}

/** The kinds of EC2 resources the emulation holds, with their id prefix and error vocabulary. */
export const EC2_KINDS = {
  vpc: { prefix: 'vpc', code: 'InvalidVpcID', noun: 'vpc ID' },
  subnet: { prefix: 'subnet', code: 'InvalidSubnetID', noun: 'subnet ID' },
  securityGroup: { prefix: 'sg', code: 'InvalidGroup', noun: 'security group' },
  internetGateway: { prefix: 'igw', code: 'InvalidInternetGatewayID', noun: 'internetGateway ID' },
} as const;

/** A resource kind of the EC2 emulation. */
export type Ec2Kind = keyof typeof EC2_KINDS;

/** The `<Code>.NotFound` error for ids that do not exist. */
export function notFound(kind: Ec2Kind, ids: readonly string[]): AwsError {
  const { code, noun } = EC2_KINDS[kind];
  const message =
    ids.length === 1
      ? `The ${noun} '${ids[0]}' does not exist`
      : `The ${noun}s '${ids.join(', ')}' do not exist`;
  return new AwsError(`${code}.NotFound`, message);
}

/** Checks the shape of an id (`vpc-` and 8 or 17 hex characters), answering `<Code>.Malformed`. */
export function checkIdFormat(kind: Ec2Kind, id: string): void {
  const { prefix, code } = EC2_KINDS[kind];
  if (!new RegExp(`^${prefix}-([0-9a-f]{8}|[0-9a-f]{17})$`).test(id)) {
    const malformed = kind === 'securityGroup' ? 'InvalidGroupId.Malformed' : `${code}.Malformed`;
    throw new AwsError(malformed, `Invalid id: "${id}"`);
  }
}

/** Looks up records by id, answering NotFound for the ids that do not exist. */
export function findAll<T>(
  kind: Ec2Kind,
  records: Readonly<Record<string, T>>,
  ids: readonly string[],
): T[] {
  for (const id of ids) {
    checkIdFormat(kind, id);
  }
  const missing = ids.filter((id) => records[id] === undefined);
  if (missing.length > 0) {
    throw notFound(kind, missing);
  }
  return [...new Set(ids)].map((id) => records[id] as T);
}

/** Looks up one record by id, answering NotFound when absent. */
export function findOne<T>(kind: Ec2Kind, records: Readonly<Record<string, T>>, id: string): T {
  const [record] = findAll(kind, records, [id]);
  return record as T;
}

/** Reads and validates a `Tag.N.Key` / `Tag.N.Value` list. */
export function readTags(items: readonly QueryInput[]): Ec2Tag[] {
  return items.map((item) => {
    const key = item.string('Key');
    if (key === undefined || key === '') {
      throw invalidParameter('Tag key must not be empty');
    }
    if (key.length > 128) {
      throw invalidParameter(`Tag key exceeds the maximum length of 128 characters: ${key}`);
    }
    if (key.toLowerCase().startsWith('aws:')) {
      throw invalidParameter("Tag keys starting with 'aws:' are reserved for internal use");
    }
    const value = item.string('Value') ?? '';
    if (value.length > 256) {
      throw invalidParameter(`Tag value exceeds the maximum length of 256 characters: ${value}`);
    }
    return { Key: key, Value: value };
  });
}

/** Adds or replaces tags by key, enforcing the 50-tag limit. */
export function mergeTags(existing: readonly Ec2Tag[], added: readonly Ec2Tag[]): Ec2Tag[] {
  return mergeTagsByKey(
    existing,
    added,
    () =>
      new AwsError('TagLimitExceeded', `The maximum number of tags per resource is ${MAX_TAGS}`),
  );
}

/**
 * The tags of the `TagSpecification.N` entries for `resourceType`; an entry for any other resource
 * type is refused, as EC2 does.
 */
export function tagsFromSpecifications(input: QueryInput, resourceType: string): Ec2Tag[] {
  let tags: Ec2Tag[] = [];
  for (const spec of input.structs('TagSpecification') ?? []) {
    const type = spec.string('ResourceType');
    if (type !== resourceType) {
      throw invalidParameter(
        `'${type ?? ''}' is not a valid taggable resource type for this operation.`,
      );
    }
    tags = mergeTags(tags, readTags(spec.structs('Tag') ?? []));
  }
  return tags;
}

/** How each filter name reads a record: the record's values for that filter. */
export type FilterFields<T> = Readonly<
  Record<string, (record: T) => ReadonlyArray<string | undefined>>
>;

function wildcard(pattern: string): RegExp {
  const escaped = pattern
    .replace(/[.+^${}()|[\]\\]/g, '\\$&')
    .replace(/\*/g, '.*')
    .replace(/\?/g, '.');
  return new RegExp(`^${escaped}$`, 's');
}

/**
 * Applies `Filter.N.Name` / `Filter.N.Value.M` filters: a record passes when, for every filter, one
 * of its values matches one of the filter's values (`*` and `?` are wildcards). `tag:<key>` and
 * `tag-key` work for every resource; other names must be in `fields`.
 */
export function applyFilters<T extends { Tags: Ec2Tag[] }>(
  records: readonly T[],
  input: QueryInput,
  fields: FilterFields<T>,
): T[] {
  const filters = (input.structs('Filter') ?? []).map((filter) => {
    const name = filter.requiredString('Name');
    const patterns = (filter.strings('Value') ?? []).map(wildcard);
    let read: (record: T) => ReadonlyArray<string | undefined>;
    if (name.startsWith('tag:')) {
      const key = name.slice(4);
      read = (record) => record.Tags.filter((t) => t.Key === key).map((t) => t.Value);
    } else if (name === 'tag-key') {
      read = (record) => record.Tags.map((t) => t.Key);
    } else {
      const field = fields[name];
      if (!field) {
        throw invalidParameter(`The filter '${name}' is invalid`);
      }
      read = field;
    }
    return { read, patterns };
  });
  return records.filter((record) =>
    filters.every(({ read, patterns }) =>
      read(record).some((v) => v !== undefined && patterns.some((p) => p.test(v))),
    ),
  );
}

/**
 * Pages a result list with `MaxResults` (5..1000) and an opaque `NextToken`. `MaxResults` cannot be
 * combined with explicit ids (`idsParameter` names that parameter when it was sent).
 */
export function paginate<T>(
  items: readonly T[],
  input: QueryInput,
  idsParameter?: string,
): { page: T[]; NextToken?: string } {
  const max = input.integer('MaxResults');
  const token = input.string('NextToken');
  if (max !== undefined && idsParameter !== undefined) {
    throw new AwsError(
      'InvalidParameterCombination',
      `The parameter ${lowerFirst(idsParameter)}s cannot be used with the parameter maxResults`,
    );
  }
  if (max !== undefined && (max < 5 || max > 1000)) {
    throw invalidParameter(
      `Value ( ${max} ) for parameter maxResults is invalid. Parameter must be between 5 and 1000.`,
    );
  }
  let start = 0;
  if (token !== undefined && token !== '') {
    const decoded = /^offset:(\d+)$/.exec(Buffer.from(token, 'base64url').toString('utf8'));
    if (!decoded) {
      throw invalidParameter(`Invalid value '${token}' for nextToken`);
    }
    start = Number(decoded[1]);
  }
  const end = max === undefined ? items.length : start + max;
  const page = items.slice(start, end);
  return end < items.length
    ? { page, NextToken: Buffer.from(`offset:${end}`, 'utf8').toString('base64url') }
    : { page };
}

const DIRECTIONS: Readonly<Record<string, string>> = {
  north: 'n',
  south: 's',
  east: 'e',
  west: 'w',
  central: 'c',
  northeast: 'ne',
  northwest: 'nw',
  southeast: 'se',
  southwest: 'sw',
};

/** The emulated availability zones of a region: `<region>a`, `b` and `c`, with their zone ids. */
export function availabilityZones(region: string): Array<{ ZoneName: string; ZoneId: string }> {
  const [area = region, direction = '', number = ''] = region.split('-');
  const short = `${area}${DIRECTIONS[direction] ?? direction}${number}`;
  return ['a', 'b', 'c'].map((letter, i) => ({
    ZoneName: `${region}${letter}`,
    ZoneId: `${short}-az${i + 1}`,
  }));
}
