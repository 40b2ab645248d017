import { isPlainObject } from './shared/json-value.js';

/**
 * One fault-injection rule. A rule applies to a request when the request's service is in `services`
 * (stats name like `ECS` or signing name like `ecs`, any case) and its operation is in `operations`;
 * an absent list matches everything.
 *
 * A rule with `resources` is a resource rule: it never applies to API requests, only to the resource
 * operations a CloudFormation stack performs while it executes (create, update or delete of a resource
 * whose logical id or type is listed). Its `errorRate` makes the operation fail with `errorMessage` as
 * the resource's status reason (the stack then rolls back as AWS does), its `latencyMs` is how long the
 * operation takes, `operations` (when given) lists the actions it applies to (`Create`, `Update`,
 * `Delete`), and `services`, `throttleRate`, `errorCode` and `errorStatus` play no part.
 *
 * @example { throttleRate: 1, services: ['ECS'], operations: ['DescribeServices'] }
 * @example { errorRate: 1, resources: ['AWS::ECS::Service'], operations: ['Update'] }
 */
export interface FaultRule {
  /** Delay before answering, in milliseconds. @default 0 */
  readonly latencyMs?: number;
  /** Probability (0..1) of answering with the protocol's throttling error. @default 0 */
  readonly throttleRate?: number;
  /** Probability (0..1) of answering with an injected error. @default 0 */
  readonly errorRate?: number;
  /** AWS error code of the injected error. @default - `InternalFailure` (`InternalError` for the EC2 protocol) */
  readonly errorCode?: string;
  /** HTTP status of the injected error. @default 500 */
  readonly errorStatus?: number;
  /**
   * Message of the injected error. @default - the protocol's message for an internal failure; for a
   * resource rule {@link DEFAULT_RESOURCE_FAULT_MESSAGE}
   */
  readonly errorMessage?: string;
  /** Operation names this rule is limited to. @default - all operations */
  readonly operations?: readonly string[];
  /** Services this rule is limited to. @default - all services */
  readonly services?: readonly string[];
  /**
   * Makes this a resource rule: the CloudFormation resources it applies to, by logical id (`Api`) or
   * resource type (`AWS::ECS::Service`). @default - the rule applies to API requests
   */
  readonly resources?: readonly string[];
  /** Seed of this rule's own pseudo-random sequence, for repeatable runs. @default - `Math.random` */
  readonly seed?: number;
}

/**
 * What `setFaults` and `POST /_sandbox/faults` accept: one rule or a list of rules. `{}` and `[]` clear
 * every fault. Latency of all matching rules adds up; then the matching rules are tried in order and
 * the first whose throttling (then error) draw hits decides the answer.
 */
export type FaultSpec = FaultRule | readonly FaultRule[];

/** What to do with one request instead of (or before) answering it normally. */
export type FaultOutcome =
  | { readonly kind: 'none' }
  | { readonly kind: 'throttle' }
  | {
      readonly kind: 'error';
      readonly status: number;
      readonly code?: string;
      readonly message?: string;
    };

export interface FaultDecision {
  readonly delayMs: number;
  readonly outcome: FaultOutcome;
}

/** The request a decision is made for. */
export interface FaultTarget {
  /** Stats name, e.g. `ECS`. */
  readonly service: string;
  /** SigV4 signing name, e.g. `ecs`. */
  readonly signingName: string;
  readonly operation: string;
}

/** One resource operation of a stack that a resource rule may hit. */
export interface ResourceFaultTarget {
  readonly logicalId: string;
  readonly resourceType: string;
  readonly action: 'Create' | 'Update' | 'Delete';
}

/** What to inject into one resource operation. */
export interface ResourceFaultDecision {
  /** How long the operation takes, in milliseconds; 0 when no matching rule sets a latency. */
  readonly delayMs: number;
  /** When set, the operation fails with this status reason. */
  readonly failure?: string;
}

/** Status reason of an injected resource failure whose rule sets no `errorMessage`. */
export const DEFAULT_RESOURCE_FAULT_MESSAGE =
  'Resource handler returned message: "Internal Failure"';

/** A fault spec that cannot be applied; the message names the offending field. */
export class FaultSpecError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'FaultSpecError';
  }
}

const RULE_KEYS: ReadonlySet<string> = new Set([
  'latencyMs',
  'throttleRate',
  'errorRate',
  'errorCode',
  'errorStatus',
  'errorMessage',
  'operations',
  'services',
  'resources',
  'seed',
]);

const MAX_LATENCY_MS = 600_000;

/**
 * Validates a fault spec from untrusted JSON and returns it as a list of rules, dropping rules that
 * have no effect (so `{}` yields `[]`).
 *
 * @throws FaultSpecError when a field has the wrong type or range, or is not a known field.
 */
export function parseFaultSpec(value: unknown): readonly FaultRule[] {
  const rules = Array.isArray(value) ? value : [value];
  return rules
    .map((rule, index) => parseRule(rule, Array.isArray(value) ? `[${index}]` : 'spec'))
    .filter(hasEffect);
}

function parseRule(value: unknown, where: string): FaultRule {
  if (!isPlainObject(value))
    throw new FaultSpecError(`${where}: a fault rule must be a JSON object`);
  for (const key of Object.keys(value)) {
    if (!RULE_KEYS.has(key)) throw new FaultSpecError(`${where}.${key}: unknown field`);
  }
  const rule: {
    -readonly [K in keyof FaultRule]: FaultRule[K];
  } = {};
  const latencyMs = optionalNumber(value, 'latencyMs', where, 0, MAX_LATENCY_MS);
  if (latencyMs !== undefined) rule.latencyMs = latencyMs;
  const throttleRate = optionalNumber(value, 'throttleRate', where, 0, 1);
  if (throttleRate !== undefined) rule.throttleRate = throttleRate;
  const errorRate = optionalNumber(value, 'errorRate', where, 0, 1);
  if (errorRate !== undefined) rule.errorRate = errorRate;
  const errorStatus = optionalNumber(value, 'errorStatus', where, 400, 599);
  if (errorStatus !== undefined) {
    if (!Number.isInteger(errorStatus))
      throw new FaultSpecError(`${where}.errorStatus: must be an integer`);
    rule.errorStatus = errorStatus;
  }
  const errorCode = optionalString(value, 'errorCode', where);
  if (errorCode !== undefined) rule.errorCode = errorCode;
  const errorMessage = optionalString(value, 'errorMessage', where);
  if (errorMessage !== undefined) rule.errorMessage = errorMessage;
  const operations = optionalStrings(value, 'operations', where);
  if (operations !== undefined) rule.operations = operations;
  const services = optionalStrings(value, 'services', where);
  if (services !== undefined) rule.services = services;
  const resources = optionalStrings(value, 'resources', where);
  if (resources !== undefined) rule.resources = resources;
  const seed = optionalNumber(
    value,
    'seed',
    where,
    Number.MIN_SAFE_INTEGER,
    Number.MAX_SAFE_INTEGER,
  );
  if (seed !== undefined) rule.seed = seed;
  return rule;
}

function optionalNumber(
  value: Record<string, unknown>,
  key: string,
  where: string,
  min: number,
  max: number,
): number | undefined {
  const field = value[key];
  if (field === undefined) return undefined;
  if (typeof field !== 'number' || !Number.isFinite(field) || field < min || field > max) {
    throw new FaultSpecError(`${where}.${key}: must be a number from ${min} to ${max}`);
  }
  return field;
}

function optionalString(
  value: Record<string, unknown>,
  key: string,
  where: string,
): string | undefined {
  const field = value[key];
  if (field === undefined) return undefined;
  if (typeof field !== 'string' || field === '') {
    throw new FaultSpecError(`${where}.${key}: must be a non-empty string`);
  }
  return field;
}

function optionalStrings(
  value: Record<string, unknown>,
  key: string,
  where: string,
): readonly string[] | undefined {
  const field = value[key];
  if (field === undefined) return undefined;
  if (!Array.isArray(field) || !field.every((item) => typeof item === 'string')) {
    throw new FaultSpecError(`${where}.${key}: must be a list of strings`);
  }
  return field;
}

function hasEffect(rule: FaultRule): boolean {
  return (rule.latencyMs ?? 0) > 0 || (rule.throttleRate ?? 0) > 0 || (rule.errorRate ?? 0) > 0;
}

/** A small, fast, seedable generator (mulberry32) returning numbers in [0, 1). */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

interface ActiveRule {
  readonly rule: FaultRule;
  readonly random: () => number;
}

/**
 * Holds the active fault rules and decides, per request, what to inject. Randomness comes from the
 * injected `random` when given (tests), else from each rule's `seed`, else from `Math.random`.
 * Rates of exactly 0 and 1 never draw, so they are deterministic whatever the source.
 */
export class FaultInjector {
  private active: readonly ActiveRule[] = [];

  constructor(private readonly random?: () => number) {}

  /**
   * Replaces the active rules.
   *
   * @throws FaultSpecError when the spec is invalid; the active rules are then unchanged.
   */
  set(spec: unknown): readonly FaultRule[] {
    const rules = parseFaultSpec(spec);
    this.active = rules.map((rule) => ({
      rule,
      random: this.random ?? (rule.seed === undefined ? Math.random : seededRandom(rule.seed)),
    }));
    return rules;
  }

  /** The active rules. */
  rules(): readonly FaultRule[] {
    return this.active.map(({ rule }) => rule);
  }

  /** Decides the latency and outcome for one request; resource rules never apply to requests. */
  decide(target: FaultTarget): FaultDecision {
    const matching = this.active.filter(
      ({ rule }) => rule.resources === undefined && matches(rule, target),
    );
    const delayMs = matching.reduce((sum, { rule }) => sum + (rule.latencyMs ?? 0), 0);
    for (const { rule, random } of matching) {
      if (hits(rule.throttleRate, random)) return { delayMs, outcome: { kind: 'throttle' } };
      if (hits(rule.errorRate, random)) {
        return {
          delayMs,
          outcome: {
            kind: 'error',
            status: rule.errorStatus ?? 500,
            ...(rule.errorCode === undefined ? {} : { code: rule.errorCode }),
            ...(rule.errorMessage === undefined ? {} : { message: rule.errorMessage }),
          },
        };
      }
    }
    return { delayMs, outcome: { kind: 'none' } };
  }

  /**
   * Decides the duration and outcome of one resource operation of a stack, from the resource rules
   * only. Latency of all matching rules adds up; the first whose error draw hits decides the failure.
   */
  decideResource(target: ResourceFaultTarget): ResourceFaultDecision {
    const matching = this.active.filter(({ rule }) => matchesResource(rule, target));
    const delayMs = matching.reduce((sum, { rule }) => sum + (rule.latencyMs ?? 0), 0);
    for (const { rule, random } of matching) {
      if (hits(rule.errorRate, random)) {
        return { delayMs, failure: rule.errorMessage ?? DEFAULT_RESOURCE_FAULT_MESSAGE };
      }
    }
    return { delayMs };
  }
}

function matchesResource(rule: FaultRule, target: ResourceFaultTarget): boolean {
  if (rule.resources === undefined) return false;
  if (!rule.resources.includes(target.logicalId) && !rule.resources.includes(target.resourceType)) {
    return false;
  }
  return rule.operations === undefined || rule.operations.includes(target.action);
}

function matches(rule: FaultRule, target: FaultTarget): boolean {
  const services = rule.services?.map((service) => service.toLowerCase());
  if (
    services !== undefined &&
    !services.includes(target.service.toLowerCase()) &&
    !services.includes(target.signingName.toLowerCase())
  ) {
    return false;
  }
  return rule.operations === undefined || rule.operations.includes(target.operation);
}

function hits(rate: number | undefined, random: () => number): boolean {
  if (rate === undefined || rate <= 0) return false;
  if (rate >= 1) return true;
  return random() < rate;
}
