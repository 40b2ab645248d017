import type { ComparatorName, DriftAction } from '../model/drift.js';
import type { ManifestPath } from '../model/manifest-path.js';
import { formatPath } from '../model/manifest-path.js';
import type { ResourceKind } from '../model/resource-key.js';
import { isRange } from './comparators.js';

const KIND_LABEL: Readonly<Record<ResourceKind, string>> = {
  'ecs-service': 'ECS service',
  'rds-instance': 'RDS instance',
  'load-balancer': 'load balancer',
  listener: 'listener',
  'target-group': 'target group',
};

/** One-line, human description of a drift. */
export function describeDrift(d: {
  kind: ResourceKind;
  name: string;
  action: DriftAction;
  path: ManifestPath;
  declared: unknown;
  live: unknown;
  comparator: ComparatorName;
}): string {
  if (d.action === 'create') return `${KIND_LABEL[d.kind]} ${d.name} is declared but missing`;
  if (d.action === 'delete') return `${KIND_LABEL[d.kind]} ${d.name} exists but is not declared`;
  const field = formatPath(d.path);
  if (d.comparator === 'withinRange' && isRange(d.declared)) {
    return `${field} is ${show(d.live)}, outside the declared range ${show(d.declared)}`;
  }
  if (d.declared === undefined) return `${field} is set to ${show(d.live)} but not declared`;
  if (d.live === undefined) return `${field} is declared as ${show(d.declared)} but not set`;
  if (d.live === null) return `${field} is absent, declared ${show(d.declared)}`;
  return `${field} is ${show(d.live)}, declared ${show(d.declared)}`;
}

/**
 * Renders a value compactly for people: a declared range as `1..2`, a value AWS did not return as
 * `absent`, anything else as its JSON.
 */
export function show(v: unknown): string {
  if (typeof v === 'string') return v;
  if (v === null) return 'absent';
  if (v === undefined) return 'not set';
  if (isRange(v)) return `${v.min}..${v.max}`;
  return JSON.stringify(v) ?? String(v);
}
