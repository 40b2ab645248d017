/** The SSM Parameter Store emulation (awsJson1_1, target prefix `AmazonSSM`). */
import { createHash } from 'node:crypto';
import {
  AwsError,
  type SandboxService,
  type SandboxState,
  type ServiceContext,
} from '../service.js';
import {
  currentSsmVersion,
  deleteSsmParameter,
  findSsmParameter,
  matchesSsmFilters,
  parseParameterReference,
  type ResolvedSsmParameter,
  resolveSsmParameter,
  type SsmParameter,
  type SsmParameterFilter,
  type SsmParameterType,
  selectSsmVersion,
  ssmParameterArn,
  ssmParameterKey,
} from './ssm-state.js';

const TYPES: readonly string[] = ['String', 'StringList', 'SecureString'];
const NAME = /^[a-zA-Z0-9_.\-/]{1,2048}$/;
const MAX_VERSIONS = 100;

function validation(message: string): AwsError {
  return new AwsError('ValidationException', message);
}

function requiredString(input: Record<string, unknown>, field: string): string {
  const value = input[field];
  if (typeof value !== 'string' || value === '') throw validation(`${field} is required.`);
  return value;
}

function names(input: Record<string, unknown>): string[] {
  const value = input.Names;
  if (!Array.isArray(value) || value.length === 0 || value.length > 10) {
    throw validation('Names must list 1 to 10 parameter names.');
  }
  return value.map(String);
}

function optionalString(input: Record<string, unknown>, field: string): string | undefined {
  const value = input[field];
  return typeof value === 'string' ? value : undefined;
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
function view(found: ResolvedSsmParameter, withDecryption: unknown): Record<string, unknown> {
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
function putParameter(state: SandboxState, input: Record<string, unknown>, ctx: ServiceContext) {
  const name = requiredString(input, 'Name');
  const value = input.Value;
  if (typeof value !== 'string') throw validation('Value is required.');
  if (!NAME.test(name) || /^(aws|ssm)/i.test(name)) {
    throw validation(`Parameter name ${name} is not valid: use a-zA-Z0-9_.-/, no aws/ssm prefix.`);
  }
  if (value.length > 8192) throw validation('Parameter values are limited to 8 KB.');
  const key = ssmParameterKey(ctx.accountId, ctx.region, name);
  const existing = findSsmParameter(state.ssm, ctx.accountId, ctx.region, { name, byArn: false });
  if (existing !== undefined && input.Overwrite !== true) {
    const message =
      'The parameter already exists. To overwrite this value, set the overwrite option in the request to true.';
    throw new AwsError('ParameterAlreadyExists', message);
  }
  const type = input.Type ?? existing?.type;
  if (typeof type !== 'string' || !TYPES.includes(type)) {
    throw validation(`Type must be one of ${TYPES.join(', ')} when a parameter is created.`);
  }
  const pattern = optionalString(input, 'AllowedPattern') ?? existing?.allowedPattern;
  if (pattern !== undefined) checkPattern(pattern, value);
  const description = optionalString(input, 'Description') ?? existing?.description;
  const keyId = optionalString(input, 'KeyId') ?? existing?.keyId ?? 'alias/aws/ssm';
  const parameter: SsmParameter = {
    name,
    accountId: ctx.accountId,
    region: ctx.region,
    arn: ssmParameterArn(ctx.accountId, ctx.region, name),
    type: type as SsmParameterType,
    value,
    version: (existing?.version ?? 0) + 1,
    lastModifiedDate: ctx.now.getTime() / 1000,
    dataType: optionalString(input, 'DataType') ?? existing?.dataType ?? 'text',
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
    GetParameter: (state, input, ctx) => {
      const name = requiredString(input, 'Name');
      const found = resolveSsmParameter(state.ssm, ctx.accountId, ctx.region, name);
      if (found === undefined) throw notFound(name);
      return { Parameter: view(found, input.WithDecryption) };
    },
    GetParameters: (state, input, ctx) => {
      const wanted = names(input);
      const found = wanted.map((name) =>
        resolveSsmParameter(state.ssm, ctx.accountId, ctx.region, name),
      );
      return {
        Parameters: found.flatMap((entry) =>
          entry === undefined ? [] : [view(entry, input.WithDecryption)],
        ),
        InvalidParameters: wanted.filter((_name, index) => found[index] === undefined),
      };
    },
    DeleteParameter: (state, input, ctx) => {
      const name = requiredString(input, 'Name');
      if (!deleteSsmParameter(state.ssm, ctx.accountId, ctx.region, name)) throw notFound(name);
      return {};
    },
    DeleteParameters: (state, input, ctx) => {
      const wanted = names(input);
      const deleted = wanted.filter((name) =>
        deleteSsmParameter(state.ssm, ctx.accountId, ctx.region, name),
      );
      const invalid = wanted.filter((name) => !deleted.includes(name));
      return { DeletedParameters: deleted, InvalidParameters: invalid };
    },
    /** Filters by name, type and path; pages of `MaxResults` (at most 50) with a numeric `NextToken`. */
    DescribeParameters: (state, input, ctx) => {
      const filters = [
        ...(Array.isArray(input.ParameterFilters) ? input.ParameterFilters : []),
        ...(Array.isArray(input.Filters) ? input.Filters : []),
      ] as SsmParameterFilter[];
      const all = Object.values(state.ssm.parameters)
        .filter((p) => p.accountId === ctx.accountId && p.region === ctx.region)
        .filter((p) => matchesSsmFilters(p, filters))
        .sort((a, b) => (a.name < b.name ? -1 : 1));
      const start = Number(optionalString(input, 'NextToken') ?? '0') || 0;
      const size =
        typeof input.MaxResults === 'number' ? Math.min(Math.max(input.MaxResults, 1), 50) : 50;
      const next = start + size < all.length ? { NextToken: String(start + size) } : {};
      return { Parameters: all.slice(start, start + size).map(metadata), ...next };
    },
  },
};

/**
 * The value of a parameter (SecureString values decrypted), for CloudFormation's
 * `{{resolve:ssm:name[:version]}}` references and SSM parameter types. `name` may carry a version
 * selector; without `scope` the first parameter of that name in any account and region is used.
 *
 * @returns `undefined` when no such parameter or version exists.
 */
export function getParameterValue(
  state: SandboxState,
  name: string,
  scope?: { readonly accountId: string; readonly region: string },
): string | undefined {
  const reference = parseParameterReference(name);
  const parameter =
    scope === undefined
      ? Object.values(state.ssm.parameters).find((candidate) => candidate.name === reference.name)
      : findSsmParameter(state.ssm, scope.accountId, scope.region, reference);
  if (parameter === undefined) return undefined;
  if (reference.selector !== undefined && !/^\d+$/.test(reference.selector)) return undefined;
  return selectSsmVersion(parameter, reference.selector)?.value;
}
