/**
 * CloudFormation's intrinsic functions and condition functions over template values, condition
 * evaluation, and the dependencies of a resource. Errors are `ValidationError`s worded as
 * CloudFormation words them.
 */

import { availabilityZones } from '../../ec2/common.js';
import { partitionOf } from '../../ecs/arns.js';
import { AwsError } from '../../service.js';
import { isPlainObject } from '../../shared/json-value.js';
import type { ResolveEnv } from '../contract.js';
import type { Template, TemplateResource } from './document.js';
import { hasPlaceholder } from './values.js';

/** What `Ref: AWS::NoValue` resolves to until its property or list item is dropped. */
const NO_VALUE = Symbol('AWS::NoValue');

interface Scope {
  readonly env: Omit<ResolveEnv, 'conditions'>;
  condition(name: string): boolean;
  /** True while evaluating the Conditions section, where resources cannot be referenced. */
  readonly inConditions: boolean;
}

function templateError(message: string): AwsError {
  return new AwsError('ValidationError', `Template error: ${message}`);
}

/**
 * Resolves every intrinsic function in `value`. A property or list item that resolves to
 * `AWS::NoValue` is removed; a whole value that does resolves to `undefined`.
 *
 * @throws AwsError `ValidationError` for a malformed or unsupported function.
 */
export function resolveValue(value: unknown, env: ResolveEnv): unknown {
  const scope: Scope = {
    env,
    inConditions: false,
    condition(name) {
      const known = env.conditions[name];
      if (known === undefined)
        throw templateError(`unresolved condition dependency ${name} in Fn::If`);
      return known;
    },
  };
  const resolved = resolve(value, scope);
  return resolved === NO_VALUE ? undefined : resolved;
}

/**
 * Evaluates the template's Conditions (which may use parameters, pseudo parameters, mappings and
 * other conditions, but no resource).
 *
 * @throws AwsError `ValidationError` for a circular or unknown condition, or a resource reference.
 */
export function evaluateConditions(
  template: Template,
  env: Omit<ResolveEnv, 'conditions'>,
): Record<string, boolean> {
  const definitions = template.Conditions ?? {};
  const results: Record<string, boolean> = {};
  const visiting: string[] = [];
  const scope: Scope = {
    env,
    inConditions: true,
    condition(name) {
      const done = results[name];
      if (done !== undefined) return done;
      if (!Object.hasOwn(definitions, name)) {
        throw new AwsError(
          'ValidationError',
          `Template format error: Unresolved condition dependencies [${name}] in the Conditions block of the template`,
        );
      }
      if (visiting.includes(name)) {
        throw templateError(
          `circular dependency between conditions [${[...visiting, name].join(', ')}]`,
        );
      }
      visiting.push(name);
      const value = conditionValue(definitions[name], scope);
      visiting.pop();
      results[name] = value;
      return value;
    },
  };
  for (const name of Object.keys(definitions)) scope.condition(name);
  return results;
}

/**
 * The logical ids a resource depends on: those referenced by `Ref`, `Fn::GetAtt` and `Fn::Sub`
 * (`${Id}`, `${Id.Attr}`) anywhere in its properties, and its `DependsOn`. Pseudo parameters are
 * left out; with `template`, so are parameters (references are kept only when they name a
 * resource of the template; `DependsOn` entries are always kept).
 */
export function dependencies(resource: TemplateResource, template?: Template): ReadonlySet<string> {
  const referenced = new Set<string>();
  collectReferences(resource.Properties, referenced);
  const result = new Set<string>();
  for (const id of referenced) {
    if (id.startsWith('AWS::')) continue;
    if (template !== undefined && !Object.hasOwn(template.Resources, id)) continue;
    result.add(id);
  }
  const dependsOn = resource.DependsOn;
  for (const id of typeof dependsOn === 'string' ? [dependsOn] : (dependsOn ?? [])) result.add(id);
  return result;
}

function collectReferences(value: unknown, into: Set<string>): void {
  if (Array.isArray(value)) {
    for (const item of value) collectReferences(item, into);
    return;
  }
  if (!isPlainObject(value)) return;
  const fn = intrinsicName(value);
  const arg = fn === undefined ? undefined : value[fn];
  if (fn === 'Ref' && typeof arg === 'string') into.add(arg);
  if (fn === 'Fn::GetAtt') {
    const id =
      typeof arg === 'string' ? arg.split('.')[0] : Array.isArray(arg) ? arg[0] : undefined;
    if (typeof id === 'string') into.add(id);
  }
  if (fn === 'Fn::Sub') {
    const [text, vars] = Array.isArray(arg) ? arg : [arg, {}];
    const local = isPlainObject(vars) ? vars : {};
    if (typeof text === 'string') {
      for (const name of subVariables(text)) {
        if (!Object.hasOwn(local, name)) into.add(name.split('.')[0] ?? name);
      }
    }
    collectReferences(local, into);
    return;
  }
  for (const item of Object.values(value)) collectReferences(item, into);
}

/** The variables of an `Fn::Sub` string, without the `${!Literal}` escapes. */
function subVariables(text: string): string[] {
  return [...text.matchAll(/\$\{([^}]*)\}/g)]
    .map((match) => (match[1] ?? '').trim())
    .filter((name) => !name.startsWith('!'));
}

function intrinsicName(value: Record<string, unknown>): string | undefined {
  const keys = Object.keys(value);
  const [key] = keys;
  return keys.length === 1 && key !== undefined && (key === 'Ref' || key.startsWith('Fn::'))
    ? key
    : undefined;
}

function resolve(value: unknown, scope: Scope): unknown {
  if (Array.isArray(value)) {
    return value.map((item) => resolve(item, scope)).filter((item) => item !== NO_VALUE);
  }
  if (!isPlainObject(value)) return value;
  const fn = intrinsicName(value);
  if (fn !== undefined) return intrinsic(fn, value[fn], scope);
  const result: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value)) {
    const resolved = resolve(item, scope);
    if (resolved !== NO_VALUE) result[key] = resolved;
  }
  return result;
}

/** A scalar as text, as Fn::Join and Fn::Sub insert it. */
function text(value: unknown, fn: string): string {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  throw templateError(
    `${fn} can only insert strings; got ${JSON.stringify(value) ?? String(value)}`,
  );
}

function resolvedText(value: unknown, scope: Scope, fn: string): string {
  return text(resolve(value, scope), fn);
}

function pseudoParameter(name: string, env: Scope['env']): unknown {
  switch (name) {
    case 'AWS::Region':
      return env.region;
    case 'AWS::AccountId':
      return env.accountId;
    case 'AWS::StackName':
      return env.stackName;
    case 'AWS::StackId':
      return env.stackId;
    case 'AWS::Partition':
      return partitionOf(env.region);
    case 'AWS::URLSuffix':
      return env.region.startsWith('cn-') ? 'amazonaws.com.cn' : 'amazonaws.com';
    case 'AWS::NotificationARNs':
      return [];
    case 'AWS::NoValue':
      return NO_VALUE;
    default:
      throw new AwsError(
        'ValidationError',
        `Template format error: Unresolved resource dependencies [${name}] in the Resources block of the template`,
      );
  }
}

function ref(name: unknown, scope: Scope): unknown {
  if (typeof name !== 'string' || name === '') {
    throw templateError('every Ref object must have a single String value.');
  }
  if (name.startsWith('AWS::')) return pseudoParameter(name, scope.env);
  if (Object.hasOwn(scope.env.parameters, name)) return scope.env.parameters[name];
  if (scope.inConditions) throw resourceInConditions(name);
  return scope.env.ref(name);
}

function resourceInConditions(name: string): AwsError {
  return new AwsError(
    'ValidationError',
    `Template format error: Unresolved dependencies [${name}]. Cannot reference resources in the Conditions block of the template`,
  );
}

function getAtt(arg: unknown, scope: Scope): unknown {
  let id: unknown;
  let attribute: unknown;
  if (typeof arg === 'string') {
    const dot = arg.indexOf('.');
    [id, attribute] = dot > 0 ? [arg.slice(0, dot), arg.slice(dot + 1)] : [arg, ''];
  } else if (Array.isArray(arg) && arg.length === 2) {
    id = arg[0];
    attribute = resolve(arg[1], scope);
  }
  if (typeof id !== 'string' || id === '' || typeof attribute !== 'string' || attribute === '') {
    throw templateError('every Fn::GetAtt object requires two non-empty parameters.');
  }
  if (scope.inConditions) throw resourceInConditions(id);
  return scope.env.getAtt(id, attribute);
}

function sub(arg: unknown, scope: Scope): string {
  const [template, vars] = Array.isArray(arg) && arg.length === 2 ? arg : [arg, {}];
  if (typeof template !== 'string' || !isPlainObject(vars)) {
    throw templateError(
      "One or more Fn::Sub intrinsic functions don't specify expected arguments. Specify a string as first argument, and an optional second argument to specify a mapping of values to replace in the string",
    );
  }
  const local = resolve(vars, scope) as Record<string, unknown>;
  return template.replace(/\$\{([^}]*)\}/g, (_whole, raw: string) => {
    const name = raw.trim();
    if (name.startsWith('!')) return `\${${name.slice(1)}}`;
    if (Object.hasOwn(local, name)) return text(local[name], 'Fn::Sub');
    const dot = name.indexOf('.');
    if (dot > 0) return text(getAtt([name.slice(0, dot), name.slice(dot + 1)], scope), 'Fn::Sub');
    return text(ref(name, scope), 'Fn::Sub');
  });
}

/**
 * True for a value the engine does not know yet (a placeholder for what a resource still to be
 * created will return): list functions pass it through instead of taking it apart.
 */
function isUnknown(value: unknown): value is string {
  return typeof value === 'string' && hasPlaceholder(value);
}

/** The two arguments of a function; `requirement` completes "every <fn> object requires ...". */
function pair(arg: unknown, fn: string, requirement: string): [unknown, unknown] {
  if (!Array.isArray(arg) || arg.length !== 2) {
    throw templateError(`every ${fn} object requires ${requirement}`);
  }
  return [arg[0], arg[1]];
}

function list(value: unknown, fn: string): unknown[] {
  if (!Array.isArray(value))
    throw templateError(`${fn} requires a list; got ${JSON.stringify(value)}`);
  return value;
}

function intrinsic(fn: string, arg: unknown, scope: Scope): unknown {
  switch (fn) {
    case 'Ref':
      return ref(arg, scope);
    case 'Fn::GetAtt':
      return getAtt(arg, scope);
    case 'Fn::Sub':
      return sub(arg, scope);
    case 'Fn::Join': {
      const [delimiter, items] = pair(
        arg,
        fn,
        'two parameters, (1) a string delimiter and (2) a list of strings to be joined or a function that returns a list of strings (such as Fn::GetAZs) to be joined.',
      );
      if (typeof delimiter !== 'string')
        throw templateError('Fn::Join requires a string delimiter');
      const values = resolve(items, scope);
      if (isUnknown(values)) return values;
      return list(values, fn)
        .map((item) => text(item, fn))
        .join(delimiter);
    }
    case 'Fn::Select': {
      const [index, items] = pair(arg, fn, 'two parameters: an integer index and a list');
      const position = resolve(index, scope);
      const resolved = resolve(items, scope);
      if (isUnknown(resolved)) return resolved;
      if (isUnknown(position)) return position;
      const values = list(resolved, fn);
      const n =
        typeof position === 'string' && /^\d+$/.test(position) ? Number(position) : position;
      if (typeof n !== 'number' || !Number.isInteger(n) || n < 0 || n >= values.length) {
        throw templateError(
          `Fn::Select cannot select nonexistent value at index ${String(position)}`,
        );
      }
      return values[n];
    }
    case 'Fn::Split': {
      const [delimiter, source] = pair(arg, fn, 'two parameters: a delimiter and a source string');
      if (typeof delimiter !== 'string')
        throw templateError('Fn::Split requires a string delimiter');
      const whole = resolvedText(source, scope, fn);
      return hasPlaceholder(whole) ? whole : whole.split(delimiter);
    }
    case 'Fn::GetAZs': {
      const region = resolvedText(arg, scope, fn);
      return availabilityZones(region === '' ? scope.env.region : region).map(
        (zone) => zone.ZoneName,
      );
    }
    case 'Fn::If': {
      if (!Array.isArray(arg) || arg.length !== 3 || typeof arg[0] !== 'string') {
        throw templateError(
          'Fn::If requires a list argument with three elements: a condition name, a value if true and a value if false',
        );
      }
      return resolve(scope.condition(arg[0]) ? arg[1] : arg[2], scope);
    }
    case 'Fn::Equals':
    case 'Fn::And':
    case 'Fn::Or':
    case 'Fn::Not':
      return conditionValue({ [fn]: arg }, scope);
    case 'Fn::FindInMap':
      return findInMap(arg, scope);
    case 'Fn::ImportValue':
      return scope.env.importValue(resolvedText(arg, scope, fn));
    case 'Fn::Base64':
      return Buffer.from(resolvedText(arg, scope, fn), 'utf8').toString('base64');
    case 'Fn::Length': {
      const values = resolve(arg, scope);
      return isUnknown(values) ? values : list(values, fn).length;
    }
    case 'Fn::ToJsonString':
      return JSON.stringify(resolve(arg, scope));
    case 'Fn::Contains': {
      const [items, wanted] = pair(arg, fn, 'two parameters: a list and a value');
      const target = resolve(wanted, scope);
      return list(resolve(items, scope), fn).some((item) => equal(item, target));
    }
    case 'Fn::Cidr':
      return cidr(arg, scope);
    default:
      throw templateError(`Encountered unsupported function: ${fn}`);
  }
}

/** Scalars compare as text, as CloudFormation compares parameter values. */
function equal(a: unknown, b: unknown): boolean {
  const scalar = (v: unknown) => (typeof v === 'number' || typeof v === 'boolean' ? String(v) : v);
  return JSON.stringify(scalar(a)) === JSON.stringify(scalar(b));
}

/** A condition function, a `{ Condition: name }` reference, or a value that resolves to a boolean. */
function conditionValue(value: unknown, scope: Scope): boolean {
  if (isPlainObject(value) && Object.keys(value).length === 1) {
    const [[fn, arg]] = Object.entries(value) as [[string, unknown]];
    if (fn === 'Condition' && typeof arg === 'string') return scope.condition(arg);
    if (fn === 'Fn::Equals') {
      const [a, b] = pair(arg, fn, 'two parameters to compare');
      return equal(resolve(a, scope), resolve(b, scope));
    }
    if (fn === 'Fn::And' || fn === 'Fn::Or') {
      if (!Array.isArray(arg) || arg.length < 2 || arg.length > 10) {
        throw templateError(`${fn} requires a list argument with between 2 and 10 conditions`);
      }
      const results = arg.map((item) => conditionValue(item, scope));
      return fn === 'Fn::And' ? results.every(Boolean) : results.some(Boolean);
    }
    if (fn === 'Fn::Not') {
      if (!Array.isArray(arg) || arg.length !== 1)
        throw templateError('Fn::Not requires a list argument with one condition');
      return !conditionValue(arg[0], scope);
    }
  }
  const resolved = resolve(value, scope);
  if (resolved === true || resolved === 'true') return true;
  if (resolved === false || resolved === 'false') return false;
  throw templateError(`a condition must evaluate to a boolean; got ${JSON.stringify(resolved)}`);
}

function findInMap(arg: unknown, scope: Scope): unknown {
  if (!Array.isArray(arg) || arg.length < 3 || arg.length > 4) {
    throw templateError(
      'every Fn::FindInMap object requires three parameters, the map name, map key and the attribute for return value',
    );
  }
  const [map, top, second] = arg
    .slice(0, 3)
    .map((item) => resolvedText(item, scope, 'Fn::FindInMap'));
  const found = scope.env.mappings?.[map ?? '']?.[top ?? '']?.[second ?? ''];
  if (found !== undefined) return found;
  const fallback = arg[3];
  if (isPlainObject(fallback) && Object.hasOwn(fallback, 'DefaultValue'))
    return resolve(fallback.DefaultValue, scope);
  throw templateError(`Unable to get mapping for ${map}::${top}::${second}`);
}

/** `Fn::Cidr [ipBlock, count, cidrBits]` for IPv4 blocks. */
function cidr(arg: unknown, scope: Scope): string[] {
  const values =
    Array.isArray(arg) && arg.length === 3 ? arg.map((item) => resolve(item, scope)) : [];
  const [block, count, bits] = values.map((v) => (typeof v === 'number' ? String(v) : v));
  const match =
    typeof block === 'string' ? /^(\d+)\.(\d+)\.(\d+)\.(\d+)\/(\d+)$/.exec(block) : null;
  const n = Number(count);
  const size = Number(bits);
  const prefix = Number(match?.[5]);
  if (
    match === null ||
    !Number.isInteger(n) ||
    n < 1 ||
    n > 256 ||
    !Number.isInteger(size) ||
    size < 1 ||
    32 - size < prefix
  ) {
    throw templateError(
      'Fn::Cidr requires an IPv4 block, a count between 1 and 256 and a number of subnet bits that fits the block',
    );
  }
  const base = match.slice(1, 5).reduce((acc, octet) => acc * 256 + Number(octet), 0);
  const start = base - (base % 2 ** (32 - prefix));
  if (n * 2 ** size > 2 ** (32 - prefix))
    throw templateError(`Fn::Cidr cannot fit ${n} subnets of /${32 - size} in ${block}`);
  return Array.from({ length: n }, (_, i) => {
    const address = start + i * 2 ** size;
    const octets = [24, 16, 8, 0].map((shift) => Math.floor(address / 2 ** shift) % 256);
    return `${octets.join('.')}/${32 - size}`;
  });
}
