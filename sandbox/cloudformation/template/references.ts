/**
 * What template values refer to (`Ref`, `Fn::GetAtt`, `Fn::Sub` variables, `DependsOn`) and the
 * dependency order of resources that follows from it.
 */
import { AwsError } from '../../service.js';
import type { Template, TemplateResource } from './document.js';
import { dependencies } from './intrinsics.js';

/** The names one value refers to. */
export interface References {
  /** Names referenced by `Ref` or a `${Name}` of `Fn::Sub`: parameters, resources, pseudo parameters. */
  readonly refs: ReadonlySet<string>;
  /** `Fn::GetAtt` targets (and `${Name.Attr}` of `Fn::Sub`) as `Logical.Attribute`. */
  readonly getAtts: ReadonlySet<string>;
}

/** Every reference inside `value`, however deeply nested. */
export function referencesIn(value: unknown): References {
  const refs = new Set<string>();
  const getAtts = new Set<string>();
  const visit = (node: unknown): void => {
    if (Array.isArray(node)) {
      for (const item of node) visit(item);
      return;
    }
    if (node === null || typeof node !== 'object') return;
    const entries = Object.entries(node);
    const [only] = entries;
    if (entries.length === 1 && only !== undefined) {
      const [key, argument] = only;
      if (key === 'Ref' && typeof argument === 'string') {
        refs.add(argument);
        return;
      }
      if (key === 'Fn::GetAtt') {
        const target = getAttTarget(argument);
        if (target !== undefined) getAtts.add(target);
        if (Array.isArray(argument)) visit(argument.slice(1));
        return;
      }
      if (key === 'Fn::Sub') {
        subReferences(argument, refs, getAtts);
        if (Array.isArray(argument)) visit(argument[1]);
        return;
      }
    }
    for (const [, child] of entries) visit(child);
  };
  visit(value);
  return { refs, getAtts };
}

/** The logical id a `References` entry names (`Api` of `Api.Arn`). */
export function logicalIdOf(reference: string): string {
  const dot = reference.indexOf('.');
  return dot < 0 ? reference : reference.slice(0, dot);
}

function getAttTarget(argument: unknown): string | undefined {
  if (typeof argument === 'string') return argument.includes('.') ? argument : undefined;
  if (!Array.isArray(argument) || typeof argument[0] !== 'string') return undefined;
  return `${argument[0]}.${typeof argument[1] === 'string' ? argument[1] : '*'}`;
}

function subReferences(argument: unknown, refs: Set<string>, getAtts: Set<string>): void {
  const text = typeof argument === 'string' ? argument : Array.isArray(argument) ? argument[0] : '';
  if (typeof text !== 'string') return;
  const variables =
    Array.isArray(argument) && argument[1] !== null && typeof argument[1] === 'object'
      ? new Set(Object.keys(argument[1] as object))
      : new Set<string>();
  for (const match of text.matchAll(/\$\{([^}!][^}]*)\}/g)) {
    const name = (match[1] ?? '').trim();
    if (variables.has(name)) continue;
    if (name.includes('.') && !name.startsWith('AWS::')) getAtts.add(name);
    else refs.add(name);
  }
}

/** `DependsOn` as a list. */
export function dependsOn(resource: TemplateResource): string[] {
  const value = resource.DependsOn;
  if (value === undefined) return [];
  return typeof value === 'string' ? [value] : [...value];
}

/**
 * The logical ids of `template` limited to `active`, dependencies first; among resources that are
 * ready at the same time, template order decides.
 *
 * @throws AwsError ValidationError "Circular dependency between resources: [...]".
 */
export function dependencyOrder(template: Template, active: readonly string[]): string[] {
  const known = new Set(active);
  const remaining = new Map<string, string[]>();
  for (const id of active) {
    const resource = template.Resources[id];
    if (resource === undefined) continue;
    remaining.set(
      id,
      [...dependencies(resource, template)].filter((dep) => known.has(dep)),
    );
  }
  const order: string[] = [];
  while (remaining.size > 0) {
    const ready = [...remaining].find(([, deps]) => deps.every((dep) => !remaining.has(dep)));
    if (ready === undefined) {
      throw new AwsError(
        'ValidationError',
        `Circular dependency between resources: [${[...remaining.keys()].sort().join(', ')}]`,
      );
    }
    order.push(ready[0]);
    remaining.delete(ready[0]);
  }
  return order;
}
