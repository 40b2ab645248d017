/** The SSM Parameter Store emulation (awsJson1_1, target prefix `AmazonSSM`). */
import { createHash } from 'node:crypto';
import { AwsError, type SandboxService, type ServiceContext } from '../service.js';
import { JsonInput, type JsonInputErrors } from '../shared/json-input.js';
import type { SandboxState } from '../state.js';
import {
  currentSsmVersion,
  deleteSsmParameter,
  findSsmParameter,
  matchesSsmFilters,
  type ResolvedSsmParameter,
  resolveSsmParameter,
  type SsmParameterFilter,
  ssmParameterArn,
  ssmParameterKey,
} from './parameters.js';
import type { SsmParameter, SsmParameterType } from './state.js';

const TYPES: readonly string[] = ['String', 'StringList', 'SecureString'];
const NAME = /^[a-zA-Z0-9_.\-/]{1,2048}$/;
const MAX_VERSIONS = 100;

function validation(message: string): AwsError {
  return new AwsError('ValidationException', message);
}

/**
 * How the sandbox's SSM reads members: one of the wrong JSON type counts as absent, and a missing or
 * empty required one is a `ValidationException`.
 */
const SSM_INPUT_ERRORS: JsonInputErrors = {
  wrongType: () => undefined,
  missing: (name) => validation(`${name} is required.`),
  blankIsMissing: true,
};

function ssmInput(raw: Readonly<Record<string, unknown>>): JsonInput {
  return new JsonInput(raw, SSM_INPUT_ERRORS);
}

function names(input: JsonInput): string[] {
  const value = input.list('Names');
  if (value === undefined || value.length === 0 || value.length > 10) {
    throw validation('Names must list 1 to 10 parameter names.');
  }
  return value.map(String);
}

function notFound(name: string): AwsError {
  return new AwsError('ParameterNotFound', `Parameter ${name} not found.`);
}

function checkPattern(pattern: string, value: string): void {
  let regex: RegExp;
  try {
    regex = new RegExp(pattern);
  } catch {
    throw validation(`AllowedPattern ${pattern} is not a valid regular expression.`);
  }
  if (!regex.test(value)) {
    const message = `Parameter value, cannot be validated against allowedPattern: ${pattern}`;
    throw new AwsError('ParameterPatternMismatchException', message);
  }
}

/** A parameter as GetParameter answers it; SecureString values stay opaque without decryption. */
function view(
  found: ResolvedSsmParameter,
  withDecryption: boolean | undefined,
): Record<string, unknown> {
  const { parameter, version, selector } = found;
  const hidden = version.type === 'SecureString' && withDecryption !== true;
  const opaque = createHash('sha256').update(`${parameter.arn}:${version.version}`);
  return {
    Name: parameter.name,
    Type: version.type,
    Value: hidden ? `AQICAH${opaque.digest('base64')}` : version.value,
    Version: version.version,
    ...(selector === undefined ? {} : { Selector: `:${selector}` }),
    LastModifiedDate: version.lastModifiedDate,
    ARN: parameter.arn,
    DataType: parameter.dataType,
  };
}

/** A parameter as DescribeParameters answers it. */
function metadata(parameter: SsmParameter): Record<string, unknown> {
  const { keyId, description, allowedPattern } = parameter;
  return {
    Name: parameter.name,
    ARN: parameter.arn,
    Type: parameter.type,
    ...(keyId === undefined ? {} : { KeyId: keyId }),
    LastModifiedDate: parameter.lastModifiedDate,
    LastModifiedUser: `arn:aws:iam::${parameter.accountId}:user/sandbox`,
    ...(description === undefined ? {} : { Description: description }),
    ...(allowedPattern === undefined ? {} : { AllowedPattern: allowedPattern }),
    Version: parameter.version,
    Tier: 'Standard',
    Policies: [],
    DataType: parameter.dataType,
  };
}

/** PutParameter: creates version 1, or with `Overwrite` the next version (type and settings kept unless given). */
function putParameter(state: SandboxState, raw: Record<string, unknown>, ctx: ServiceContext) {
  const input = ssmInput(raw);
  const name = input.requiredString('Name');
  const value = input.string('Value');
  if (value === undefined) throw validation('Value is required.');
  if (!NAME.test(name) || /^(aws|ssm)/i.test(name)) {
    throw validation(`Parameter name ${name} is not valid: use a-zA-Z0-9_.-/, no aws/ssm prefix.`);
  }
  if (value.length > 8192) throw validation('Parameter values are limited to 8 KB.');
  const key = ssmParameterKey(ctx.accountId, ctx.region, name);
  const existing = findSsmParameter(state.ssm, ctx.accountId, ctx.region, { name, byArn: false });
  if (existing !== undefined && input.boolean('Overwrite') !== true) {
    const message =
      'The parameter already exists. To overwrite this value, set the overwrite option in the request to true.';
    throw new AwsError('ParameterAlreadyExists', message);
  }
  const type = input.member('Type') ?? existing?.type;
  if (typeof type !== 'string' || !TYPES.includes(type)) {
    throw validation(`Type must be one of ${TYPES.join(', ')} when a parameter is created.`);
  }
  const pattern = input.string('AllowedPattern') ?? existing?.allowedPattern;
  if (pattern !== undefined) checkPattern(pattern, value);
  const description = input.string('Description') ?? existing?.description;
  const keyId = input.string('KeyId') ?? existing?.keyId ?? 'alias/aws/ssm';
  const parameter: SsmParameter = {
    name,
    accountId: ctx.accountId,
    region: ctx.region,
    arn: ssmParameterArn(ctx.accountId, ctx.region, name),
    type: type as SsmParameterType,
    value,
    version: (existing?.version ?? 0) + 1,
    lastModifiedDate: ctx.now.getTime() / 1000,
    dataType: input.string('DataType') ?? existing?.dataType ?? 'text',
    ...(description === undefined ? {} : { description }),
    ...(pattern === undefined ? {} : { allowedPattern: pattern }),
    ...(type === 'SecureString' ? { keyId } : {}),
    history:
      existing === undefined
        ? []
        : [...existing.history, currentSsmVersion(existing)].slice(1 - MAX_VERSIONS),
  };
  state.ssm.parameters[key] = parameter;
  return { Version: parameter.version, Tier: 'Standard' };
}

/** The SSM service: signing name `ssm`, API version 2014-11-06, Parameter Store operations. */
export const ssmService: SandboxService = {
  signingName: 'ssm',
  name: 'SSM',
  protocol: 'json',
  jsonVersion: '1.1',
  jsonTargetPrefix: 'AmazonSSM',
  operations: {
    PutParameter: putParameter,
    GetParameter: (state, raw, ctx) => {
      const input = ssmInput(raw);
      const name = input.requiredString('Name');
      const found = resolveSsmParameter(state.ssm, ctx.accountId, ctx.region, name);
      if (found === undefined) throw notFound(name);
      return { Parameter: view(found, input.boolean('WithDecryption')) };
    },
    GetParameters: (state, raw, ctx) => {
      const input = ssmInput(raw);
      const wanted = names(input);
      const found = wanted.map((name) =>
        resolveSsmParameter(state.ssm, ctx.accountId, ctx.region, name),
      );
      const withDecryption = input.boolean('WithDecryption');
      return {
        Parameters: found.flatMap((entry) =>
          entry === undefined ? [] : [view(entry, withDecryption)],
        ),
        InvalidParameters: wanted.filter((_name, index) => found[index] === undefined),
      };
    },
    DeleteParameter: (state, raw, ctx) => {
      const name = ssmInput(raw).requiredString('Name');
      if (!deleteSsmParameter(state.ssm, ctx.accountId, ctx.region, name)) throw notFound(name);
      return {};
    },
    DeleteParameters: (state, raw, ctx) => {
      const wanted = names(ssmInput(raw));
      const deleted = wanted.filter((name) =>
        deleteSsmParameter(state.ssm, ctx.accountId, ctx.region, name),
      );
      const invalid = wanted.filter((name) => !deleted.includes(name));
      return { DeletedParameters: deleted, InvalidParameters: invalid };
    },
    /** Filters by name, type and path; pages of `MaxResults` (at most 50) with a numeric `NextToken`. */
    DescribeParameters: (state, raw, ctx) => {
      const input = ssmInput(raw);
      const filters = [
        ...(input.list('ParameterFilters') ?? []),
        ...(input.list('Filters') ?? []),
      ] as SsmParameterFilter[];
      const all = Object.values(state.ssm.parameters)
        .filter((p) => p.accountId === ctx.accountId && p.region === ctx.region)
        .filter((p) => matchesSsmFilters(p, filters))
        .sort((a, b) => (a.name < b.name ? -1 : 1));
      const start = Number(input.string('NextToken') ?? '0') || 0;
      const maxResults = input.number('MaxResults');
      const size = maxResults === undefined ? 50 : Math.min(Math.max(maxResults, 1), 50);
      const next = start + size < all.length ? { NextToken: String(start + size) } : {};
      return { Parameters: all.slice(start, start + size).map(metadata), ...next };
    },
  },
};
