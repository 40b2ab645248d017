/**
 * What the ELBv2 operations share: parameter errors, ARNs, lookups with AWS's not-found errors,
 * tags and pagination.
 */

import { AwsError, type ServiceContext } from '../service.js';
import { nextHex } from '../shared/ids.js';
import { type InputErrors, QueryInput } from '../shared/query-input.js';
import { mergeTagsByKey } from '../shared/tag-merge.js';
import type { SandboxState } from '../state.js';
import type { Elbv2Tag, ListenerRecord, LoadBalancerRecord, TargetGroupRecord } from './state.js';

function lowerFirst(name: string): string {
  return name.charAt(0).toLowerCase() + name.slice(1);
}

/** `ValidationError` with a message. */
export function validationError(message: string): AwsError {
  return new AwsError('ValidationError', message);
}

/** `InvalidConfigurationRequest` with a message. */
export function invalidConfiguration(message: string): AwsError {
  return new AwsError('InvalidConfigurationRequest', message);
}

/** ELBv2's answers to missing and malformed parameters. */
export const ELBV2_INPUT_ERRORS: InputErrors = {
  missing: (name) =>
    validationError(
      `1 validation error detected: Value null at '${lowerFirst(name)}' failed to satisfy constraint: Member must not be null`,
    ),
  invalid: (name, value) =>
    validationError(
      `1 validation error detected: Value '${value}' at '${lowerFirst(name)}' failed to satisfy constraint`,
    ),
};

/** Wraps a decoded ELBv2 input. */
export function elbv2Input(input: Record<string, unknown>): QueryInput {
  return new QueryInput(input, ELBV2_INPUT_ERRORS);
}

/** The ARN prefix of ELBv2 resources in the request's account and region. */
export function arnPrefix(ctx: ServiceContext): string {
  return `arn:aws:elasticloadbalancing:${ctx.region}:${ctx.accountId}:`;
}

/** A new 16-hex-character resource id (the last ARN segment). */
export function newResourceId(state: SandboxState): string {
  return nextHex(state, 'elasticloadbalancing', 16);
}

const ARN_PATTERNS = {
  loadBalancer:
    /^arn:aws[a-z-]*:elasticloadbalancing:[a-z0-9-]+:\d{12}:loadbalancer\/(app|net|gwy)\/[^/]+\/[0-9a-f]+$/,
  targetGroup:
    /^arn:aws[a-z-]*:elasticloadbalancing:[a-z0-9-]+:\d{12}:targetgroup\/[^/]+\/[0-9a-f]+$/,
  listener:
    /^arn:aws[a-z-]*:elasticloadbalancing:[a-z0-9-]+:\d{12}:listener\/(app|net|gwy)\/[^/]+\/[0-9a-f]+\/[0-9a-f]+$/,
} as const;

const ARN_NOUNS = {
  loadBalancer: 'load balancer',
  targetGroup: 'target group',
  listener: 'listener',
} as const;

/** Checks an ARN has the form of its resource type, answering `ValidationError`. */
export function checkArn(kind: keyof typeof ARN_PATTERNS, arn: string): string {
  if (!ARN_PATTERNS[kind].test(arn)) {
    throw validationError(`'${arn}' is not a valid ${ARN_NOUNS[kind]} ARN`);
  }
  return arn;
}

/** The resource type an ARN names, if it names one of the emulated types. */
export function arnKind(arn: string): keyof typeof ARN_PATTERNS | undefined {
  return (Object.keys(ARN_PATTERNS) as Array<keyof typeof ARN_PATTERNS>).find((k) =>
    ARN_PATTERNS[k].test(arn),
  );
}

/** `LoadBalancerNotFound`, as AWS words it for any number of load balancers. */
export function loadBalancerNotFound(): AwsError {
  return new AwsError('LoadBalancerNotFound', 'One or more load balancers not found');
}

/** `TargetGroupNotFound`. */
export function targetGroupNotFound(): AwsError {
  return new AwsError('TargetGroupNotFound', 'One or more target groups not found');
}

/** `ListenerNotFound`. */
export function listenerNotFound(): AwsError {
  return new AwsError('ListenerNotFound', 'One or more listeners not found');
}

/** The load balancer with this ARN, or `LoadBalancerNotFound`. */
export function findLoadBalancer(state: SandboxState, arn: string): LoadBalancerRecord {
  const lb = state.elbv2.loadBalancers[checkArn('loadBalancer', arn)];
  if (!lb) {
    throw loadBalancerNotFound();
  }
  return lb;
}

/** The target group with this ARN, or `TargetGroupNotFound`. */
export function findTargetGroup(state: SandboxState, arn: string): TargetGroupRecord {
  const tg = state.elbv2.targetGroups[checkArn('targetGroup', arn)];
  if (!tg) {
    throw targetGroupNotFound();
  }
  return tg;
}

/** The listener with this ARN, or `ListenerNotFound`. */
export function findListener(state: SandboxState, arn: string): ListenerRecord {
  const listener = state.elbv2.listeners[checkArn('listener', arn)];
  if (!listener) {
    throw listenerNotFound();
  }
  return listener;
}

/** The target group ARNs a listener's default actions forward to. */
export function forwardedTargetGroups(listener: ListenerRecord): string[] {
  const arns = listener.DefaultActions.flatMap((action) => [
    ...(action.TargetGroupArn ? [action.TargetGroupArn] : []),
    ...(action.ForwardConfig?.TargetGroups.map((t) => t.TargetGroupArn) ?? []),
  ]);
  return [...new Set(arns)];
}

/** The load balancers whose listeners forward to a target group. */
export function loadBalancersOf(state: SandboxState, targetGroupArn: string): string[] {
  const arns = Object.values(state.elbv2.listeners)
    .filter((l) => forwardedTargetGroups(l).includes(targetGroupArn))
    .map((l) => l.LoadBalancerArn);
  return [...new Set(arns)];
}

/** Reads a `Tags.member.N` list: keys present, unique, not `aws:`-prefixed. */
export function readElbv2Tags(input: QueryInput): Elbv2Tag[] {
  const tags = (input.structs('Tags') ?? []).map((tag) => {
    const key = tag.requiredString('Key');
    if (key.toLowerCase().startsWith('aws:')) {
      throw validationError(`Tag key '${key}' cannot start with 'aws:'`);
    }
    const value = tag.string('Value');
    return value === undefined ? { Key: key } : { Key: key, Value: value };
  });
  const seen = new Set<string>();
  for (const tag of tags) {
    if (seen.has(tag.Key)) {
      throw new AwsError('DuplicateTagKeys', `Tag key '${tag.Key}' specified more than once`);
    }
    seen.add(tag.Key);
  }
  return tags;
}

/** Adds or replaces tags by key, enforcing the 50-tag quota. */
export function mergeElbv2Tags(
  existing: readonly Elbv2Tag[],
  added: readonly Elbv2Tag[],
): Elbv2Tag[] {
  return mergeTagsByKey(
    existing,
    added,
    () =>
      new AwsError(
        'TooManyTags',
        'The quota for the number of tags that can be assigned to a resource has been reached',
      ),
  );
}

/** Pages a list with `PageSize` (1..400) and an opaque `Marker`, answering `NextMarker`. */
export function paginateElbv2<T>(
  items: readonly T[],
  input: QueryInput,
): { page: T[]; NextMarker?: string } {
  const size = input.integer('PageSize');
  if (size !== undefined && (size < 1 || size > 400)) {
    throw validationError(
      `1 validation error detected: Value '${size}' at 'pageSize' failed to satisfy constraint: Member must have value between 1 and 400`,
    );
  }
  const marker = input.string('Marker');
  let start = 0;
  if (marker !== undefined && marker !== '') {
    const decoded = /^offset:(\d+)$/.exec(Buffer.from(marker, 'base64url').toString('utf8'));
    if (!decoded) {
      throw validationError(`Invalid marker '${marker}'`);
    }
    start = Number(decoded[1]);
  }
  const end = size === undefined ? items.length : start + size;
  const page = items.slice(start, end);
  return end < items.length
    ? { page, NextMarker: Buffer.from(`offset:${end}`, 'utf8').toString('base64url') }
    : { page };
}

/** Checks a list of ARNs or names holds at most `max` items. */
export function checkListLength(parameter: string, values: readonly string[], max: number): void {
  if (values.length > max) {
    throw validationError(
      `1 validation error detected: Value '[${values.join(', ')}]' at '${lowerFirst(parameter)}' failed to satisfy constraint: Member must have length less than or equal to ${max}`,
    );
  }
}
