import type { ComparatorName } from '../model/drift.js';
import { listenerSslPolicy, redirectTarget } from '../model/listener-defaults.js';
import type {
  EcsServiceState,
  ListenerState,
  LoadBalancerState,
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
import { normalizeHealthCheckPort, normalizeMatcher, selectTags } from './normalize.js';

/** One declared field, its observed counterpart and how to compare them. */
export interface FieldCheck {
  readonly path: ManifestPath;
  readonly declared: unknown;
  readonly live: unknown;
  readonly comparator: ComparatorName;
}

/** What could not be compared inside a present resource (e.g. its task definition was unreadable). */
export interface FieldGap {
  readonly path: ManifestPath;
  readonly reason: string;
}

export interface Fields {
  readonly checks: FieldCheck[];
  readonly gaps: FieldGap[];
}

const check = (
  path: ManifestPath,
  declared: unknown,
  live: unknown,
  comparator: ComparatorName = 'exact',
): FieldCheck => ({
  path,
  declared,
  live,
  comparator,
});

/** Tags are compared key by key, and only for the keys the manifest declares. */
function tagChecks(
  base: ManifestPath,
  declared: Readonly<Record<string, string>>,
  live: Readonly<Record<string, string>>,
) {
  const selected = selectTags(live, Object.keys(declared));
  return Object.entries(declared).map(([k, v]) => check([...base, 'tags', k], v, selected[k]));
}

/** The compared fields of an ECS service, its task definition and its container. */
export function serviceFields(m: DesiredState, s: ServiceSpec, live: EcsServiceState): Fields {
  const p: ManifestPath = ['services', s.name];
  const checks: FieldCheck[] = [];
  const gaps: FieldGap[] = [];

  checks.push(
    s.autoscaling
      ? check(
          [...p, 'desiredCount'],
          { min: s.autoscaling.min, max: s.autoscaling.max },
          live.desiredCount,
          'withinRange',
        )
      : check([...p, 'desiredCount'], s.desiredCount, live.desiredCount),
    check(
      [...p, 'deployment', 'minimumHealthyPercent'],
      s.deployment.minimumHealthyPercent,
      live.deployment.minimumHealthyPercent,
    ),
    check(
      [...p, 'deployment', 'maximumPercent'],
      s.deployment.maximumPercent,
      live.deployment.maximumPercent,
    ),
    check(
      [...p, 'deployment', 'circuitBreaker', 'enable'],
      s.deployment.circuitBreaker.enable,
      live.deployment.circuitBreaker.enable,
    ),
    check(
      [...p, 'deployment', 'circuitBreaker', 'rollback'],
      s.deployment.circuitBreaker.rollback,
      live.deployment.circuitBreaker.rollback,
    ),
    ...tagChecks(p, { ...m.tags, ...s.tags }, live.tags),
  );

  const td = live.taskDefinition;
  if (td.state !== 'present') {
    const reason = td.state === 'missing' ? 'task definition not found' : td.reason;
    gaps.push({ path: [...p, 'taskDefinition'], reason: `${live.taskDefinitionArn}: ${reason}` });
    return { checks, gaps };
  }
  checks.push(
    check([...p, 'cpu'], s.cpu, td.value.cpu),
    check([...p, 'memory'], s.memory, td.value.memory),
  );

  const container = td.value.containers.find((c) => c.name === names.containerName(s));
  checks.push(check([...p, 'container'], names.containerName(s), container?.name));
  if (!container) return { checks, gaps };

  checks.push(
    check([...p, 'image'], s.image, container.image, 'imageRef'),
    check([...p, 'command'], s.command, container.command),
    check(
      [...p, 'port'],
      s.port === undefined ? [] : [s.port],
      container.containerPorts,
      'setEqual',
    ),
    check(
      [...p, 'readonlyRootFilesystem'],
      s.readonlyRootFilesystem,
      container.readonlyRootFilesystem,
    ),
  );
  for (const k of new Set([...Object.keys(s.environment), ...Object.keys(container.environment)])) {
    checks.push(check([...p, 'environment', k], s.environment[k], container.environment[k]));
  }
  for (const k of new Set([...Object.keys(s.secrets), ...Object.keys(container.secrets)])) {
    checks.push(check([...p, 'secrets', k], s.secrets[k], container.secrets[k]));
  }
  const hc = s.healthCheck;
  const liveHc = container.healthCheck;
  if (!hc || !liveHc) {
    checks.push(
      check(
        [...p, 'healthCheck'],
        hc === undefined ? undefined : 'declared',
        liveHc === undefined ? undefined : 'declared',
      ),
    );
  } else {
    checks.push(
      check([...p, 'healthCheck', 'command'], hc.command, liveHc.command),
      check([...p, 'healthCheck', 'intervalSeconds'], hc.intervalSeconds, liveHc.intervalSeconds),
      check([...p, 'healthCheck', 'timeoutSeconds'], hc.timeoutSeconds, liveHc.timeoutSeconds),
      check([...p, 'healthCheck', 'retries'], hc.retries, liveHc.retries),
      check(
        [...p, 'healthCheck', 'startPeriodSeconds'],
        hc.startPeriodSeconds,
        liveHc.startPeriodSeconds,
      ),
    );
  }
  return { checks, gaps };
}

/** The compared fields of the RDS instance. */
export function databaseFields(m: DesiredState, d: DatabaseSpec, live: RdsInstanceState): Fields {
  const p: ManifestPath = ['database'];
  return {
    gaps: [],
    checks: [
      check([...p, 'engine'], d.engine, live.engine),
      check([...p, 'engineVersion'], d.engineVersion, live.engineVersion, 'versionPrefix'),
      check([...p, 'instanceClass'], d.instanceClass, live.instanceClass),
      check([...p, 'allocatedStorage'], d.allocatedStorage, live.allocatedStorage),
      check([...p, 'storageType'], d.storageType, live.storageType),
      check([...p, 'multiAz'], d.multiAz, live.multiAz),
      check([...p, 'backupRetentionDays'], d.backupRetentionDays, live.backupRetentionDays),
      check([...p, 'deletionProtection'], d.deletionProtection, live.deletionProtection),
      check([...p, 'storageEncrypted'], d.storageEncrypted, live.storageEncrypted),
      check([...p, 'publiclyAccessible'], d.publiclyAccessible, live.publiclyAccessible),
      ...tagChecks(p, { ...m.tags, ...d.tags }, live.tags),
    ],
  };
}

/**
 * The load balancer switches compared only when the manifest turns them on: a switch declared off
 * is not compared, so a scan need not read the attributes for it.
 */
const LOAD_BALANCER_SWITCHES = [
  'dropInvalidHeaderFields',
  'deletionProtection',
  'accessLogs',
] as const;

/**
 * Whether {@link loadBalancerFields} compares any load balancer attribute, which costs the scan one
 * DescribeLoadBalancerAttributes call: the idle timeout when declared, a switch when on.
 */
export function loadBalancerAttributesCompared(lb: LoadBalancerSpec): boolean {
  return lb.idleTimeoutSeconds !== undefined || LOAD_BALANCER_SWITCHES.some((key) => lb[key]);
}

/** The compared fields of the load balancer itself (listeners and target groups are resources of their own). */
export function loadBalancerFields(lb: LoadBalancerSpec, live: LoadBalancerState): Fields {
  const p: ManifestPath = ['loadBalancer'];
  const checks = [check([...p, 'scheme'], lb.scheme, live.scheme)];
  if (lb.idleTimeoutSeconds !== undefined) {
    checks.push(
      check([...p, 'idleTimeoutSeconds'], lb.idleTimeoutSeconds, live.idleTimeoutSeconds),
    );
  }
  for (const key of LOAD_BALANCER_SWITCHES) {
    if (lb[key]) checks.push(check([...p, key], true, live[key]));
  }
  return { checks, gaps: [] };
}

/** The compared fields of a target group: its health check. */
export function targetGroupFields(t: TargetGroupSpec, live: TargetGroupState): Fields {
  const p: ManifestPath = ['loadBalancer', 'targetGroups', t.name, 'healthCheck'];
  const hc = t.healthCheck;
  const l = live.healthCheck;
  return {
    gaps: [],
    checks: [
      check([...p, 'path'], hc.path, l.path),
      check([...p, 'port'], normalizeHealthCheckPort(hc.port), normalizeHealthCheckPort(l.port)),
      check([...p, 'intervalSeconds'], hc.intervalSeconds, l.intervalSeconds),
      check([...p, 'timeoutSeconds'], hc.timeoutSeconds, l.timeoutSeconds),
      check([...p, 'healthyThreshold'], hc.healthyThreshold, l.healthyThreshold),
      check([...p, 'unhealthyThreshold'], hc.unhealthyThreshold, l.unhealthyThreshold),
      check(
        [...p, 'matcher'],
        normalizeMatcher(hc.matcher),
        l.matcher === null ? null : normalizeMatcher(l.matcher),
        'setEqual',
      ),
    ],
  };
}

/**
 * The compared fields of a listener: protocol, certificate, the security policy of HTTPS, and its
 * default action: where it forwards, or where it redirects (the whole target URL, so a redirect
 * to another host is drift too).
 */
export function listenerFields(m: DesiredState, l: ListenerSpec, live: ListenerState): Fields {
  const p: ManifestPath = ['loadBalancer', 'listeners', String(l.port)];
  const checks = [
    check([...p, 'protocol'], l.protocol, live.protocol),
    check(
      [...p, 'certificateArn'],
      l.certificateArn === undefined ? [] : [l.certificateArn],
      live.certificateArns,
      'setEqual',
    ),
  ];
  const sslPolicy = listenerSslPolicy(l);
  if (sslPolicy !== undefined) checks.push(check([...p, 'sslPolicy'], sslPolicy, live.sslPolicy));
  if (l.redirect) {
    checks.push(check([...p, 'redirect'], redirectTarget(l.redirect), live.redirect));
  } else {
    const group = m.loadBalancer?.targetGroups.find((t) => t.name === l.forward);
    const forward = group ? names.targetGroupName(m, group) : l.forward;
    checks.push(check([...p, 'forward'], [forward], live.forwardTargetGroups, 'setEqual'));
  }
  return { gaps: [], checks };
}
