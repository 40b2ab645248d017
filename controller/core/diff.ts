import type { Drift, DriftAction, Unchecked } from '../model/drift.js';
import { priorityRank } from '../model/drift.js';
import type { LiveState } from '../model/live-state.js';
import type { DesiredState } from '../model/manifest.js';
import { formatPath } from '../model/manifest-path.js';
import { type Classifier, compileClassifier } from './classify.js';
import { COMPARATORS } from './comparators.js';
import {
  databaseFields,
  type Fields,
  listenerFields,
  loadBalancerFields,
  serviceFields,
  targetGroupFields,
} from './fields.js';
import { describeDrift } from './messages.js';
import { pair, type ResourcePair } from './pair.js';
import { compileIgnoreRules } from './path-pattern.js';

/** Everything a scan found: the differences, and what could not be compared. */
export interface DiffResult {
  readonly drifts: Drift[];
  readonly unchecked: Unchecked[];
}

/**
 * Compares the manifest with the live state. Pure: the same inputs always give the same result.
 * Ignored paths are dropped on both sides before comparison; unreadable resources become `unchecked`.
 */
export function diff(desired: DesiredState, live: LiveState): DiffResult {
  const ignore = compileIgnoreRules(desired.drift.ignore);
  const classify = compileClassifier(desired.drift.severity);
  const drifts: Drift[] = [];
  const unchecked: Unchecked[] = [];

  for (const p of pair(desired, live)) {
    if (ignore.ignores(p.path)) continue;
    const obs = p.live;
    if (obs.state === 'unchecked') {
      unchecked.push({ key: p.key, path: p.path, reason: obs.reason });
    } else if (obs.state === 'missing') {
      if (p.desired !== undefined) drifts.push(resourceDrift(p, 'create', classify));
    } else if (p.desired === undefined) {
      drifts.push(resourceDrift(p, 'delete', classify));
    } else {
      const fields = fieldsOf(desired, p);
      for (const gap of fields.gaps)
        unchecked.push({ key: p.key, path: gap.path, reason: gap.reason });
      for (const f of fields.checks) {
        if (ignore.ignores(f.path) || COMPARATORS[f.comparator](f.declared, f.live)) continue;
        const input = {
          kind: p.kind,
          action: 'update' as const,
          path: f.path,
          declared: f.declared,
          live: f.live,
        };
        drifts.push({
          ...input,
          key: p.key,
          comparator: f.comparator,
          priority: classify(input),
          message: describeDrift({ ...input, comparator: f.comparator, name: p.key.name }),
        });
      }
    }
  }
  return { drifts: drifts.sort(byPriorityThenPath), unchecked };
}

function fieldsOf(m: DesiredState, p: ResourcePair): Fields {
  const none: Fields = { checks: [], gaps: [] };
  if (p.live.state !== 'present' || p.desired === undefined) return none;
  switch (p.kind) {
    case 'ecs-service':
      return serviceFields(m, p.desired, p.live.value);
    case 'rds-instance':
      return databaseFields(m, p.desired, p.live.value);
    case 'load-balancer':
      return loadBalancerFields(p.desired, p.live.value);
    case 'target-group':
      return targetGroupFields(p.desired, p.live.value);
    case 'listener':
      return listenerFields(m, p.desired, p.live.value);
  }
}

function resourceDrift(p: ResourcePair, action: DriftAction, classify: Classifier): Drift {
  const declared = action === 'create' ? 'present' : 'absent';
  const live = action === 'create' ? 'missing' : 'present';
  const input = { kind: p.kind, action, path: p.path, declared, live };
  return {
    ...input,
    key: p.key,
    comparator: 'presence',
    priority: classify(input),
    message: describeDrift({ ...input, comparator: 'presence', name: p.key.name }),
  };
}

function byPriorityThenPath(a: Drift, b: Drift): number {
  return (
    priorityRank(a.priority) - priorityRank(b.priority) ||
    formatPath(a.path).localeCompare(formatPath(b.path))
  );
}
