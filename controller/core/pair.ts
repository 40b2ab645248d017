import { ENVIRONMENT_TAG_KEY } from '../model/conventions.js';
import type {
  EcsServiceState,
  ListenerState,
  LiveState,
  LoadBalancerState,
  Observation,
  RdsInstanceState,
  TargetGroupState,
} from '../model/live-state.js';
import type {
  DatabaseSpec,
  DesiredState,
  ListenerSpec,
  LoadBalancerSpec,
  ServiceSpec,
  TargetGroupSpec,
} from '../model/manifest.js';
import type { ManifestPath } from '../model/manifest-path.js';
import * as names from '../model/names.js';
import type { ResourceKey, ResourceKind } from '../model/resource-key.js';

interface PairOf<K extends ResourceKind, D, L> {
  readonly kind: K;
  readonly key: ResourceKey;
  /** Manifest path of the declaration. */
  readonly path: ManifestPath;
  readonly desired: D;
  readonly live: Observation<L>;
}

/** A live resource the manifest does not declare: only its identity matters (it is a `delete`). */
export interface UndeclaredPair {
  readonly kind: ResourceKind;
  readonly key: ResourceKey;
  /** Manifest path where it would be declared. */
  readonly path: ManifestPath;
  readonly desired: undefined;
  readonly live: Observation<unknown>;
}

/** A declared resource and what was observed for it, or a live resource nothing declares. */
export type ResourcePair =
  | PairOf<'ecs-service', ServiceSpec, EcsServiceState>
  | PairOf<'rds-instance', DatabaseSpec, RdsInstanceState>
  | PairOf<'load-balancer', LoadBalancerSpec, LoadBalancerState>
  | PairOf<'target-group', TargetGroupSpec, TargetGroupState>
  | PairOf<'listener', ListenerSpec, ListenerState>
  | UndeclaredPair;

const NOT_OBSERVED = { state: 'unchecked', reason: 'not observed' } as const;

/**
 * Pairs every declared resource with its observation, and every undeclared resource found on the
 * declared load balancer with nothing. A declared resource the reader did not report is unchecked.
 */
export function pair(desired: DesiredState, live: LiveState): ResourcePair[] {
  const env = desired.environment.name;
  const key = (kind: ResourceKind, name: string): ResourceKey => ({ env, kind, name });
  const pairs: ResourcePair[] = [];

  for (const s of desired.services) {
    pairs.push({
      kind: 'ecs-service',
      key: key('ecs-service', names.serviceName(desired, s)),
      path: ['services', s.name],
      desired: s,
      live: live.services[s.name] ?? NOT_OBSERVED,
    });
  }

  if (desired.database) {
    pairs.push({
      kind: 'rds-instance',
      key: key('rds-instance', names.databaseIdentifier(desired)),
      path: ['database'],
      desired: desired.database,
      live: live.database ?? NOT_OBSERVED,
    });
  }

  pairs.push(...unmanagedServicePairs(desired, live));

  const lb = desired.loadBalancer;
  if (lb) {
    pairs.push({
      kind: 'load-balancer',
      key: key('load-balancer', names.loadBalancerName(desired)),
      path: ['loadBalancer'],
      desired: lb,
      live: live.loadBalancer ?? NOT_OBSERVED,
    });
    for (const t of lb.targetGroups) {
      pairs.push({
        kind: 'target-group',
        key: key('target-group', names.targetGroupName(desired, t)),
        path: ['loadBalancer', 'targetGroups', t.name],
        desired: t,
        live: live.targetGroups[t.name] ?? NOT_OBSERVED,
      });
    }
    for (const l of lb.listeners) {
      pairs.push({
        kind: 'listener',
        key: key('listener', names.listenerName(desired, l)),
        path: ['loadBalancer', 'listeners', String(l.port)],
        desired: l,
        live: live.listeners[String(l.port)] ?? NOT_OBSERVED,
      });
    }
    for (const t of live.undeclared.targetGroups) {
      pairs.push({
        kind: 'target-group',
        key: key('target-group', t.name),
        path: ['loadBalancer', 'targetGroups', t.name],
        desired: undefined,
        live: { state: 'present', value: t },
      });
    }
    for (const l of live.undeclared.listeners) {
      pairs.push({
        kind: 'listener',
        key: key('listener', names.listenerName(desired, l)),
        path: ['loadBalancer', 'listeners', String(l.port)],
        desired: undefined,
        live: { state: 'present', value: l },
      });
    }
  }
  return pairs;
}

/**
 * Services in the cluster that nothing declares, under `drift.unmanagedServices`: `report`, `ignore`,
 * or `auto`, which reports them only when the environment is deployed by Plumbline (a declared
 * service carries the environment tag), since a shared cluster's other tenants are not drift.
 */
function unmanagedServicePairs(desired: DesiredState, live: LiveState): UndeclaredPair[] {
  const policy = desired.drift.unmanagedServices;
  const found = live.unmanagedServices;
  if (policy === 'ignore' || found === undefined) return [];
  const env = desired.environment.name;
  if (policy === 'auto') {
    const managed = Object.values(live.services).some(
      (s) => s.state === 'present' && s.value.tags[ENVIRONMENT_TAG_KEY] === env,
    );
    if (!managed) return [];
  }
  const cluster = names.clusterName(desired);
  if (found.state !== 'present') {
    return [
      {
        kind: 'ecs-service',
        key: { env, kind: 'ecs-service', name: `${cluster}/*` },
        path: ['cluster'],
        desired: undefined,
        live: found,
      },
    ];
  }
  return found.value.map((s) => ({
    kind: 'ecs-service',
    key: { env, kind: 'ecs-service', name: s.serviceName },
    path: ['services', s.serviceName],
    desired: undefined,
    live: { state: 'present', value: s },
  }));
}
