import type { ComparatorName, DriftAction } from '../model/drift.js';
import type { ManifestPath } from '../model/manifest-path.js';
import { formatPath } from '../model/manifest-path.js';
import type { ResourceKind } from '../model/resource-key.js';

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
    return `${field} is ${show(d.live)}, outside the declared range ${d.declared.min}..${d.declared.max}`;
  }
  if (d.declared === undefined) return `${field} is set to ${show(d.live)} but not declared`;
  if (d.live === undefined) return `${field} is declared as ${show(d.declared)} but not set`;
  return `${field} is ${show(d.live)}, declared ${show(d.declared)}`;
}

/** Renders a value compactly for messages. */
export function show(v: unknown): string {
  if (typeof v === 'string') return v;
  return JSON.stringify(v) ?? String(v);
}

function isRange(v: unknown): v is { min: number; max: number } {
  return typeof v === 'object' && v !== null && 'min' in v && 'max' in v;
}
