import {
  DescribeLoadBalancersCommand,
  type ElasticLoadBalancingV2Client,
  type LoadBalancer,
} from '@aws-sdk/client-elastic-load-balancing-v2';
import type {
  ListenerState,
  LiveState,
  LoadBalancerState,
  Observation,
  TargetGroupState,
} from '../../model/live-state.js';
import {
  targetGroupNameFromArn,
  toListenerState,
  toLoadBalancerState,
  toTargetGroupState,
} from './elbv2-mapping.js';
import {
  describeListeners,
  describeLoadBalancerAttributes,
  describeTargetGroups,
} from './elbv2-reads.js';
import { failureReason, isErrorNamed } from './failure-reason.js';
import { MISSING, present, unchecked } from './observation.js';

/** One declared target group: its manifest name (the result key) and its physical name. */
export interface TargetGroupRef {
  readonly key: string;
  readonly name: string;
}

/** The load balancer to observe and what the manifest declares on it. */
export interface LoadBalancerQuery {
  /** Physical load balancer name. */
  readonly name: string;
  /**
   * Read the attributes (one DescribeLoadBalancerAttributes call); only when the manifest declares
   * one that is compared (see `loadBalancerAttributesCompared`).
   */
  readonly readAttributes: boolean;
  readonly targetGroups: readonly TargetGroupRef[];
  /** Ports of the declared listeners; listeners are keyed by port. */
  readonly listenerPorts: readonly number[];
}

/** What {@link observeLoadBalancer} saw, keyed like {@link LiveState}. */
export interface LoadBalancerObservation {
  readonly loadBalancer: Observation<LoadBalancerState>;
  /** By manifest target group name. */
  readonly targetGroups: Record<string, Observation<TargetGroupState>>;
  /** By port, as a string. */
  readonly listeners: Record<string, Observation<ListenerState>>;
  readonly undeclared: LiveState['undeclared'];
}

type Read<T> =
  | { readonly ok: true; readonly value: T }
  | { readonly ok: false; readonly reason: string };

/**
 * Observes a load balancer, the target groups attached to it and its listeners, in at most four
 * calls when every list fits one page: DescribeLoadBalancers, then concurrently DescribeTargetGroups
 * and DescribeListeners by load balancer ARN (paginated), and DescribeLoadBalancerAttributes only
 * when `readAttributes`.
 *
 * Never throws for AWS errors. An unknown load balancer makes it and everything declared on it
 * `missing`; a declared target group or listener not attached to it is `missing`; a list that
 * cannot be read leaves its declared resources `unchecked`, and unreadable attributes leave the
 * load balancer itself `unchecked`. Attached resources the manifest does not declare are returned
 * in `undeclared`.
 */
export async function observeLoadBalancer(
  elbv2: ElasticLoadBalancingV2Client,
  query: LoadBalancerQuery,
): Promise<LoadBalancerObservation> {
  let found: LoadBalancer[] = [];
  try {
    const output = await elbv2.send(new DescribeLoadBalancersCommand({ Names: [query.name] }));
    found = output.LoadBalancers ?? [];
  } catch (error) {
    // LoadBalancerNotFound is the query-protocol wire code of LoadBalancerNotFoundException.
    if (!isErrorNamed(error, 'LoadBalancerNotFoundException', 'LoadBalancerNotFound')) {
      return observedAs(query, unchecked(failureReason('DescribeLoadBalancers', error)));
    }
  }
  const lb = found.find((l) => l.LoadBalancerName === query.name);
  const arn = lb?.LoadBalancerArn;
  if (!lb || !arn) return observedAs(query, MISSING);

  const [targetGroups, listeners, attributes] = await Promise.all([
    read('DescribeTargetGroups', () => describeTargetGroups(elbv2, arn)),
    read('DescribeListeners', () => describeListeners(elbv2, arn)),
    query.readAttributes
      ? read('DescribeLoadBalancerAttributes', () => describeLoadBalancerAttributes(elbv2, arn))
      : ({ ok: true, value: undefined } as const),
  ]);

  const names = new Map<string, string>();
  for (const tg of targetGroups.ok ? targetGroups.value : []) {
    if (tg.TargetGroupArn && tg.TargetGroupName) names.set(tg.TargetGroupArn, tg.TargetGroupName);
  }
  const nameOf = (tgArn: string): string => names.get(tgArn) ?? targetGroupNameFromArn(tgArn);

  const declaredGroups = new Set(query.targetGroups.map((t) => t.name));
  const declaredPorts = new Set(query.listenerPorts);
  return {
    loadBalancer: attributes.ok
      ? present(toLoadBalancerState(lb, attributes.value))
      : unchecked(attributes.reason),
    targetGroups: byKey(
      query.targetGroups.map((t) => [t.key, t.name] as const),
      targetGroups,
      (tg, name) => tg.TargetGroupName === name,
      toTargetGroupState,
    ),
    listeners: byKey(
      query.listenerPorts.map((port) => [String(port), port] as const),
      listeners,
      (l, port) => l.Port === port,
      (l) => toListenerState(l, nameOf),
    ),
    undeclared: {
      targetGroups: targetGroups.ok
        ? targetGroups.value
            .filter((tg) => !declaredGroups.has(tg.TargetGroupName ?? ''))
            .map(toTargetGroupState)
        : [],
      listeners: listeners.ok
        ? listeners.value
            .filter((l) => !declaredPorts.has(l.Port ?? 0))
            .map((l) => toListenerState(l, nameOf))
        : [],
    },
  };
}

/**
 * The same observation for the load balancer and everything declared on it, e.g. when the load
 * balancer itself is missing or could not be read.
 */
export function observedAs(
  query: LoadBalancerQuery,
  observation: Observation<never>,
): LoadBalancerObservation {
  return {
    loadBalancer: observation,
    targetGroups: Object.fromEntries(query.targetGroups.map((t) => [t.key, observation])),
    listeners: Object.fromEntries(query.listenerPorts.map((p) => [String(p), observation])),
    undeclared: { targetGroups: [], listeners: [] },
  };
}

/** Looks each declared resource up in the list that was read, keyed by manifest key. */
function byKey<T, Id, S>(
  declared: readonly (readonly [string, Id])[],
  list: Read<readonly T[]>,
  matches: (item: T, id: Id) => boolean,
  translate: (item: T) => S,
): Record<string, Observation<S>> {
  const result: Record<string, Observation<S>> = {};
  for (const [key, id] of declared) {
    if (!list.ok) {
      result[key] = unchecked(list.reason);
      continue;
    }
    const item = list.value.find((i) => matches(i, id));
    result[key] = item === undefined ? MISSING : present(translate(item));
  }
  return result;
}

async function read<T>(operation: string, call: () => Promise<T>): Promise<Read<T>> {
  try {
    return { ok: true, value: await call() };
  } catch (error) {
    return { ok: false, reason: failureReason(operation, error) };
  }
}
