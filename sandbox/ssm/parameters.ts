/**
 * Parameter Store lookups the SSM operations and CloudFormation share: state keys and ARNs, parsing
 * a name or ARN with a version selector, finding, resolving and deleting parameters, and
 * DescribeParameters filters.
 */
import { AwsError } from '../service.js';
import type { SandboxState } from '../state.js';
import type { SsmParameter, SsmParameterVersion, SsmState } from './state.js';

/** The state key of a parameter: names are unique per account and region. */
export function ssmParameterKey(accountId: string, region: string, name: string): string {
  return `${accountId}:${region}:${name}`;
}

/** The ARN of a parameter; names without a leading `/` get one, as AWS writes them. */
export function ssmParameterArn(accountId: string, region: string, name: string): string {
  return `arn:aws:ssm:${region}:${accountId}:parameter${name.startsWith('/') ? '' : '/'}${name}`;
}

/** A parameter reference taken apart by {@link parseParameterReference}. */
export interface SsmParameterReference {
  readonly name: string;
  /** A version number or a label, after the last `:`. */
  readonly selector?: string;
  /** True when given as an ARN, whose path does not tell `/name` from `name`. */
  readonly byArn: boolean;
}

/**
 * A reference to a parameter as the API accepts it: a name or an ARN, optionally followed by a
 * selector `:<version>` or `:<label>`. Parameter names never contain `:`.
 */
export function parseParameterReference(reference: string): SsmParameterReference {
  const arn = /^arn:[^:]+:ssm:[^:]*:[^:]*:parameter(\/[^:]*)(?::(.+))?$/.exec(reference);
  const [name, selector] = arn === null ? reference.split(/:(.*)/s, 2) : [arn[1] ?? '', arn[2]];
  return {
    name: name ?? '',
    ...(selector === undefined || selector === '' ? {} : { selector }),
    byArn: arn !== null,
  };
}

/** The parameter of an account and region by name (or by an ARN's name, with or without its `/`). */
export function findSsmParameter(
  state: SsmState,
  accountId: string,
  region: string,
  reference: Pick<SsmParameterReference, 'name' | 'byArn'>,
): SsmParameter | undefined {
  const { name, byArn } = reference;
  for (const candidate of byArn ? [name, name.slice(1)] : [name]) {
    const key = ssmParameterKey(accountId, region, candidate);
    if (Object.hasOwn(state.parameters, key)) return state.parameters[key];
  }
  return undefined;
}

/** The current version of a parameter, as a history entry. */
export function currentSsmVersion(parameter: SsmParameter): SsmParameterVersion {
  const { version, value, type, lastModifiedDate } = parameter;
  return { version, value, type, lastModifiedDate };
}

/** The version a selector picks (`undefined`: the current one); labels are not kept. */
export function selectSsmVersion(
  parameter: SsmParameter,
  selector: string | undefined,
): SsmParameterVersion | undefined {
  const current = currentSsmVersion(parameter);
  if (selector === undefined) return current;
  const wanted = Number(selector);
  return [...parameter.history, current].find((entry) => entry.version === wanted);
}

/** A parameter, the version a reference selects, and the selector as given. */
export interface ResolvedSsmParameter {
  readonly parameter: SsmParameter;
  readonly version: SsmParameterVersion;
  readonly selector?: string;
}

/**
 * The parameter and version a reference (name or ARN, with an optional `:<version>`) names in an
 * account and region.
 *
 * @returns `undefined` when no parameter has that name.
 * @throws AwsError `ParameterVersionNotFound` for a missing version, `ValidationException` for a label.
 */
export function resolveSsmParameter(
  state: SsmState,
  accountId: string,
  region: string,
  reference: string,
): ResolvedSsmParameter | undefined {
  const parsed = parseParameterReference(reference);
  const parameter = findSsmParameter(state, accountId, region, parsed);
  if (parameter === undefined) return undefined;
  const { selector } = parsed;
  if (selector !== undefined && !/^\d+$/.test(selector)) {
    throw new AwsError(
      'ValidationException',
      'The sandbox selects parameter versions by number only, not by label.',
    );
  }
  const version = selectSsmVersion(parameter, selector);
  if (version === undefined) {
    throw new AwsError(
      'ParameterVersionNotFound',
      `Systems Manager could not find version ${selector} of ${parameter.name}. Verify the version and try again.`,
    );
  }
  return { parameter, version, ...(selector === undefined ? {} : { selector }) };
}

/** Deletes the parameter a name or ARN names in an account and region; false when there is none. */
export function deleteSsmParameter(
  state: SsmState,
  accountId: string,
  region: string,
  reference: string,
): boolean {
  const parameter = findSsmParameter(state, accountId, region, parseParameterReference(reference));
  if (parameter === undefined) return false;
  delete state.parameters[ssmParameterKey(accountId, region, parameter.name)];
  return true;
}

/** A DescribeParameters filter (`ParameterFilters` or the older `Filters`). */
export interface SsmParameterFilter {
  readonly Key?: unknown;
  readonly Option?: unknown;
  readonly Values?: unknown;
}

/** True when `parameter` passes every filter: `Name` (Equals, BeginsWith, Contains), `Type`, `Path` (OneLevel, Recursive). */
export function matchesSsmFilters(
  parameter: SsmParameter,
  filters: readonly SsmParameterFilter[],
): boolean {
  return filters.every(({ Key, Option, Values }) => {
    const values = Array.isArray(Values) ? Values.map(String) : [];
    const subject = Key === 'Type' ? parameter.type : parameter.name;
    return values.some((value) => {
      if (Key === 'Path') {
        const base = value.endsWith('/') ? value : `${value}/`;
        const rest = subject.slice(base.length);
        return subject.startsWith(base) && (Option === 'Recursive' || !rest.includes('/'));
      }
      if (Option === 'BeginsWith') return subject.startsWith(value);
      if (Option === 'Contains') return subject.includes(value);
      return subject === value;
    });
  });
}

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
