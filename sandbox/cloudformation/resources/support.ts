/**
 * What the resource handlers share: the names CloudFormation generates, calls to the emulated
 * services' operation handlers (their errors reworded as CloudFormation's status reasons), the wire
 * form of query-protocol inputs, property reads, and tags with CloudFormation's system tags.
 */

import { CLOUDFORMATION_PRINCIPAL, recordApiCall } from '../../cloudtrail/record.js';
import { AwsError, type SandboxService } from '../../service.js';
import { stableChars, stableUuid } from '../../shared/hex-ids.js';
import { nextHex } from '../../shared/ids.js';
import { isPlainObject } from '../../shared/json-value.js';
import type { SandboxState } from '../../state.js';
import type { ResourceTypeHandler, StackContext } from '../contract.js';

/** Resolved properties, as handlers receive them. */
export type Properties = Readonly<Record<string, unknown>>;
/** Handlers by resource type. */
export type Handlers = Readonly<Record<string, ResourceTypeHandler>>;
/** A tag as CloudFormation (and EC2, ELBv2, RDS, Secrets Manager) spell it. */
export type Tag = { Key: string; Value: string };

const UPPER_ALNUM = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';

/** The 12 random upper-case letters and digits that end the names CloudFormation generates. */
export function randomSuffix(state: SandboxState): string {
  return stableChars(nextHex(state, 'cloudformation-name'), 12, UPPER_ALNUM);
}

/**
 * The name CloudFormation gives a resource whose template names none:
 * `<stack>-<logicalId>-<12 random characters>`, the stack and logical id shortened to fit.
 */
export function generatedName(
  state: SandboxState,
  ctx: StackContext,
  logicalId: string,
  options: { readonly maxLength?: number; readonly lowercase?: boolean } = {},
): string {
  const suffix = randomSuffix(state);
  const budget = (options.maxLength ?? 255) - suffix.length - 2;
  let stack = ctx.stackName;
  let logical = logicalId;
  if (stack.length + logical.length > budget) {
    stack = stack.slice(0, Math.max(Math.floor(budget / 2), budget - logical.length));
    logical = logical.slice(0, budget - stack.length);
  }
  const name = `${stack}-${logical}-${suffix}`.replace(/-+/g, '-');
  return options.lowercase === true ? name.toLowerCase() : name;
}

const SERVICE_IDS: Readonly<Record<string, string>> = {
  ec2: 'Ec2',
  ecs: 'Ecs',
  elasticloadbalancing: 'ElasticLoadBalancingV2',
  rds: 'Rds',
  secretsmanager: 'SecretsManager',
};

function handlerErrorCode(error: AwsError): string {
  if (/NotFound/i.test(error.code)) return 'NotFound';
  if (/AlreadyExists|Duplicate|ResourceExists/i.test(error.code)) return 'AlreadyExists';
  if (/Throttl/i.test(error.code)) return 'Throttling';
  if (/DependencyViolation|InUse|StateFault|ContainsServices/.test(error.code)) {
    return 'ResourceConflict';
  }
  return error.status >= 500 ? 'ServiceInternalError' : 'InvalidRequest';
}

/**
 * Runs `action` (a lookup or an operation of `service`) as a resource handler calls the AWS API:
 * an `AwsError` keeps its code and status, and its message becomes CloudFormation's status reason.
 */
export function reported<T>(service: SandboxService, ctx: StackContext, action: () => T): T {
  try {
    return action();
  } catch (error) {
    if (!(error instanceof AwsError)) throw error;
    const serviceId = SERVICE_IDS[service.signingName] ?? service.name;
    throw new AwsError(
      error.code,
      `Resource handler returned message: "${error.message} (Service: ${serviceId}, Status Code: ${error.status}, Request ID: ${ctx.requestId})" (RequestToken: ${stableUuid(`${ctx.stackId}:${ctx.requestId}`)}, HandlerErrorCode: ${handlerErrorCode(error)})`,
      error.status,
    );
  }
}

/** Calls an operation handler of an emulated service, as {@link reported}. */
export function invoke(
  service: SandboxService,
  operation: string,
  state: SandboxState,
  input: Record<string, unknown>,
  ctx: StackContext,
): Record<string, unknown> {
  const handler = service.operations[operation];
  if (handler === undefined) throw new Error(`${service.name} has no operation ${operation}`);
  const call = {
    signingName: service.signingName,
    operation,
    input,
    caller: { invokedBy: CLOUDFORMATION_PRINCIPAL },
  };
  // CloudTrail logs the calls CloudFormation makes for a stack as invoked by CloudFormation.
  const output = reported(service, ctx, () => {
    try {
      const result = handler(state, input, ctx);
      recordApiCall(state, call, ctx);
      return result;
    } catch (error) {
      if (error instanceof AwsError) {
        recordApiCall(state, { ...call, error: { code: error.code, message: error.message } }, ctx);
      }
      throw error;
    }
  });
  return isPlainObject(output) ? output : {};
}

/** Runs `action`, treating a not-found answer as done: deleting what is gone succeeds. */
export function ignoreNotFound(action: () => unknown): void {
  try {
    action();
  } catch (error) {
    if (!(error instanceof AwsError && /NotFound/i.test(error.code))) throw error;
  }
}

/** The failure of a create whose named resource already exists. */
export function alreadyExists(type: string, identifier: string): AwsError {
  return new AwsError(
    'AlreadyExists',
    `Resource of type '${type}' with identifier '${identifier}' already exists.`,
  );
}

/**
 * The failure of an update that cannot change `property` in place: the engine replaces the
 * resource instead (the conditional replacements of `conditionalReplaceOn`).
 */
export function notUpdatable(type: string, physicalId: string, property: string): AwsError {
  return new AwsError(
    'NotUpdatable',
    `Resource handler returned message: "Property ${property} of ${type} ${physicalId} cannot be updated in place" (HandlerErrorCode: NotUpdatable)`,
  );
}

/** The failure CloudFormation reports for properties that break the type's schema. */
export function propertyError(logicalId: string, message: string): AwsError {
  return new AwsError(
    'ValidationError',
    `Properties validation failed for resource ${logicalId} with message: [${message}]`,
  );
}

/** A value as the query and EC2 protocols decode it: scalars as strings, absent members gone. */
export function queryInput(members: Record<string, unknown>): Record<string, unknown> {
  return wire(members) as Record<string, unknown>;
}

function wire(value: unknown): unknown {
  if (value === undefined || value === null) return undefined;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (Array.isArray(value)) return value.map(wire).filter((item) => item !== undefined);
  if (!isPlainObject(value)) return value;
  const entries = Object.entries(value).map(([key, item]) => [key, wire(item)] as const);
  return Object.fromEntries(entries.filter(([, item]) => item !== undefined));
}

/** A string property (numbers and booleans as text). */
export function text(props: Properties, name: string): string | undefined {
  const value = props[name];
  if (typeof value === 'string') return value;
  return typeof value === 'number' || typeof value === 'boolean' ? String(value) : undefined;
}

/** A string property the schema requires. */
export function requiredText(props: Properties, name: string, logicalId: string): string {
  const value = text(props, name);
  if (value === undefined) throw propertyError(logicalId, `#: required key [${name}] not found`);
  return value;
}

/** A boolean property (`true`/`false` text as CloudFormation coerces it). */
export function flag(props: Properties, name: string): boolean | undefined {
  const value = props[name];
  if (typeof value === 'boolean') return value;
  return value === 'true' ? true : value === 'false' ? false : undefined;
}

/** An integer property (numeric text as CloudFormation coerces it). */
export function integer(props: Properties, name: string): number | undefined {
  const value = props[name];
  if (typeof value === 'number') return value;
  return typeof value === 'string' && /^-?\d+$/.test(value) ? Number(value) : undefined;
}

/** An object property. */
export function object(props: Properties, name: string): Properties | undefined {
  const value = props[name];
  return isPlainObject(value) ? value : undefined;
}

/** The items of a list property that are objects. */
export function objects(props: Properties, name: string): Properties[] {
  const value = props[name];
  return Array.isArray(value) ? value.filter(isPlainObject) : [];
}

/** The names among `names` whose value differs between `previous` and `next`. */
export function changes(
  previous: Properties,
  next: Properties,
  names: readonly string[],
): string[] {
  return names.filter((name) => JSON.stringify(previous[name]) !== JSON.stringify(next[name]));
}

/**
 * The tags a resource gets: the stack's tags, which CloudFormation propagates, and the template's
 * `Tags`, which win for the same key.
 */
export function resourceTags(props: Properties, ctx: StackContext): Tag[] {
  const own = objects(props, 'Tags').map((tag) => ({
    Key: text(tag, 'Key') ?? '',
    Value: text(tag, 'Value') ?? '',
  }));
  const inherited = (ctx.stackTags ?? []).filter((tag) => !own.some((o) => o.Key === tag.Key));
  return [...inherited.map((tag) => ({ Key: tag.Key, Value: tag.Value })), ...own];
}

/** The tags CloudFormation adds to every resource it creates. */
export function systemTags(ctx: StackContext, logicalId: string): Tag[] {
  return [
    { Key: 'aws:cloudformation:stack-name', Value: ctx.stackName },
    { Key: 'aws:cloudformation:logical-id', Value: logicalId },
    { Key: 'aws:cloudformation:stack-id', Value: ctx.stackId },
  ];
}

/** A resource's tags with the template's replacing all but the `aws:` ones. */
export function withUserTags<T extends { Key: string }>(
  current: readonly T[],
  user: readonly T[],
): T[] {
  return [...current.filter((tag) => tag.Key.startsWith('aws:')), ...user];
}

/**
 * Adds CloudFormation's system tags (with `logicalId`, after a create), or replaces the template's
 * tags (without, after an update), on a record whose tags are spelled `Key`/`Value`.
 */
export function retag(
  record: { Tags: Array<{ Key: string; Value?: string }> },
  props: Properties,
  ctx: StackContext,
  logicalId?: string,
): void {
  record.Tags =
    logicalId === undefined
      ? withUserTags(record.Tags, resourceTags(props, ctx))
      : [...record.Tags, ...systemTags(ctx, logicalId)];
}
