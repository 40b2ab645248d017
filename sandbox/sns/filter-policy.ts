/**
 * Subscription filter policies, as SNS matches them before it delivers a message: every key of the
 * policy must match (a top-level `$or` lists alternative policies), and a key matches when any of
 * its conditions does. `FilterPolicyScope` `MessageAttributes` (the default) matches the message's
 * attributes by name (a `String.Array` attribute by any of its elements; Binary attributes match
 * nothing); `MessageBody` matches the JSON message body, whose nested objects the policy nests into.
 *
 * Conditions: a string (exact), a number (numeric equality), `null` (a JSON null in the body),
 * `{prefix}`, `{suffix}`, `{"equals-ignore-case"}`, `{"anything-but": value | [values] | {prefix} |
 * {suffix}}`, `{numeric: [op, n, op, n]}` and `{exists: boolean}`. Other operators (`cidr`) match
 * nothing.
 */
import { isPlainObject } from '../shared/json-value.js';
import type { SnsMessageAttribute } from './state.js';

/** A value found at a policy key: strings and numbers from attributes or the body, or `null`. */
type Found = string | number | boolean | null;

/** What a policy is matched against. */
export interface FilterTarget {
  readonly scope: 'MessageAttributes' | 'MessageBody';
  readonly message: string;
  readonly attributes: Readonly<Record<string, SnsMessageAttribute>>;
}

/** Whether a message passes a subscription's filter policy (absent or unparsable policies pass everything). */
export function matchesFilterPolicy(policy: string | undefined, target: FilterTarget): boolean {
  if (policy === undefined || policy.trim() === '') return true;
  let parsed: unknown;
  try {
    parsed = JSON.parse(policy);
  } catch {
    return true;
  }
  if (!isPlainObject(parsed)) return true;
  if (target.scope === 'MessageBody') {
    let body: unknown;
    try {
      body = JSON.parse(target.message);
    } catch {
      return false;
    }
    return (
      isPlainObject(body) && matchesObject(parsed, (key, scope) => bodyValues(scope, key), body)
    );
  }
  return matchesObject(parsed, (key) => attributeValues(target.attributes[key]), undefined);
}

type Lookup = (key: string, scope: unknown) => Found[] | undefined;

function matchesObject(policy: Record<string, unknown>, lookup: Lookup, scope: unknown): boolean {
  return Object.entries(policy).every(([key, rule]) => {
    if (key === '$or') {
      return (
        Array.isArray(rule) && rule.some((p) => isPlainObject(p) && matchesObject(p, lookup, scope))
      );
    }
    if (isPlainObject(rule)) {
      // Nested policy: MessageBody scope descends into the body's object of that key.
      const inner = isPlainObject(scope) ? scope[key] : undefined;
      return isPlainObject(inner) && matchesObject(rule, lookup, inner);
    }
    const conditions = Array.isArray(rule) ? rule : [rule];
    const found = lookup(key, scope);
    return conditions.some((condition) => matchesCondition(condition, found));
  });
}

function attributeValues(attribute: SnsMessageAttribute | undefined): Found[] | undefined {
  if (attribute === undefined || attribute.StringValue === undefined) return undefined;
  if (attribute.DataType.startsWith('Number')) return [Number(attribute.StringValue)];
  if (attribute.DataType.startsWith('String.Array')) {
    try {
      const items: unknown = JSON.parse(attribute.StringValue);
      if (Array.isArray(items)) return items.filter(isFound);
    } catch {
      return [attribute.StringValue];
    }
  }
  return [attribute.StringValue];
}

function bodyValues(scope: unknown, key: string): Found[] | undefined {
  if (!isPlainObject(scope) || !Object.hasOwn(scope, key)) return undefined;
  const value = scope[key];
  return (Array.isArray(value) ? value : [value]).filter(isFound);
}

function isFound(value: unknown): value is Found {
  return value === null || ['string', 'number', 'boolean'].includes(typeof value);
}

function matchesCondition(condition: unknown, found: Found[] | undefined): boolean {
  if (isPlainObject(condition) && 'exists' in condition) {
    return condition.exists === (found !== undefined);
  }
  if (found === undefined) return false;
  if (!isPlainObject(condition)) return found.some((value) => value === condition);
  return found.some((value) => matchesOperator(condition, value));
}

function matchesOperator(condition: Record<string, unknown>, value: Found): boolean {
  const text = typeof value === 'string' ? value : undefined;
  if (typeof condition.prefix === 'string') return text?.startsWith(condition.prefix) ?? false;
  if (typeof condition.suffix === 'string') return text?.endsWith(condition.suffix) ?? false;
  if (typeof condition['equals-ignore-case'] === 'string') {
    return text?.toLowerCase() === condition['equals-ignore-case'].toLowerCase();
  }
  if ('anything-but' in condition) {
    const but = condition['anything-but'];
    if (isPlainObject(but)) return !matchesOperator(but, value);
    return !(Array.isArray(but) ? but : [but]).some((excluded) => excluded === value);
  }
  if (Array.isArray(condition.numeric)) return matchesNumeric(condition.numeric, value);
  return false;
}

const COMPARE: Readonly<Record<string, (a: number, b: number) => boolean>> = {
  '=': (a, b) => a === b,
  '<': (a, b) => a < b,
  '<=': (a, b) => a <= b,
  '>': (a, b) => a > b,
  '>=': (a, b) => a >= b,
};

function matchesNumeric(terms: readonly unknown[], value: Found): boolean {
  if (typeof value !== 'number') return false;
  for (let i = 0; i + 1 < terms.length; i += 2) {
    const compare = COMPARE[String(terms[i])];
    const bound = terms[i + 1];
    if (compare === undefined || typeof bound !== 'number' || !compare(value, bound)) return false;
  }
  return terms.length >= 2;
}
