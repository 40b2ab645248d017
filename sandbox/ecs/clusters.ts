import type { OperationHandler, ServiceContext } from '../service.js';
import type { JsonObject } from '../shared/json-value.js';
import type { SandboxState } from '../state.js';
import { clusterArnOf, ECS_NAME_PATTERN, isLocal, parseEcsArn } from './arns.js';
import { ecsErrors } from './errors.js';
import { EcsInput } from './input.js';
import { paginate } from './pagination.js';
import type { EcsCluster, EcsService } from './state.js';

/** The cluster ECS uses when a request names none. */
export const DEFAULT_CLUSTER = 'default';

const MAX_DESCRIBE_CLUSTERS = 100;

/**
 * The ARN a cluster reference (name or ARN; absent means `default`) stands for, or `undefined` when
 * it cannot name a cluster of the caller's account and region.
 *
 * @throws AwsError `InvalidParameterException` for a malformed name.
 */
export function clusterArnFor(
  ctx: ServiceContext,
  reference: string | undefined,
): string | undefined {
  const ref = reference ?? DEFAULT_CLUSTER;
  if (ref.startsWith('arn:')) {
    const parsed = parseEcsArn(ref);
    if (parsed === undefined || parsed.resourceType !== 'cluster') {
      throw ecsErrors.invalidParameter(`Invalid cluster ARN: ${ref}`);
    }
    return isLocal(parsed, ctx) ? clusterArnOf(ctx, parsed.resource) : undefined;
  }
  if (!ECS_NAME_PATTERN.test(ref)) {
    throw ecsErrors.invalidParameter(`Cluster must match ^[a-zA-Z0-9\\-_]{1,255}$, but was ${ref}`);
  }
  return clusterArnOf(ctx, ref);
}

/**
 * The cluster a reference names, in any status.
 *
 * @throws AwsError `ClusterNotFoundException` when there is none.
 */
export function findCluster(
  state: SandboxState,
  ctx: ServiceContext,
  reference: string | undefined,
): EcsCluster {
  const arn = clusterArnFor(ctx, reference);
  const cluster = arn === undefined ? undefined : state.ecs.clusters[arn];
  if (cluster === undefined) throw ecsErrors.clusterNotFound();
  return cluster;
}

/** The services of a cluster, in ARN order. */
export function servicesOf(state: SandboxState, clusterArn: string): EcsService[] {
  return Object.values(state.ecs.services)
    .filter((service) => service.clusterArn === clusterArn)
    .sort((a, b) => a.serviceArn.localeCompare(b.serviceArn));
}

/** A cluster as the ECS API returns it; `include` holds the optional fields asked for (`TAGS`, `CONFIGURATIONS`, ...). */
export function clusterView(
  state: SandboxState,
  cluster: EcsCluster,
  include: ReadonlySet<string>,
): JsonObject {
  const active = servicesOf(state, cluster.clusterArn).filter(
    (service) => service.status === 'ACTIVE',
  );
  return {
    clusterArn: cluster.clusterArn,
    clusterName: cluster.clusterName,
    status: cluster.status,
    registeredContainerInstancesCount: 0,
    runningTasksCount:
      cluster.status === 'ACTIVE' ? active.reduce((sum, s) => sum + s.runningCount, 0) : 0,
    pendingTasksCount: 0,
    activeServicesCount: cluster.status === 'ACTIVE' ? active.length : 0,
    statistics: [],
    settings: cluster.settings,
    capacityProviders: cluster.capacityProviders,
    defaultCapacityProviderStrategy: cluster.defaultCapacityProviderStrategy,
    ...(include.has('TAGS') ? { tags: cluster.tags.map((tag) => ({ ...tag })) } : {}),
    ...(include.has('CONFIGURATIONS') && cluster.configuration !== undefined
      ? { configuration: cluster.configuration }
      : {}),
    ...(cluster.serviceConnectDefaults === undefined
      ? {}
      : { serviceConnectDefaults: cluster.serviceConnectDefaults }),
  };
}

const ALL_FIELDS: ReadonlySet<string> = new Set(['TAGS', 'CONFIGURATIONS', 'SETTINGS']);

/** CreateCluster. Idempotent for an ACTIVE cluster of the same name, as in ECS. */
export const createCluster: OperationHandler = (state, input, ctx) => {
  const request = new EcsInput(input);
  const name = request.string('clusterName') ?? DEFAULT_CLUSTER;
  if (!ECS_NAME_PATTERN.test(name)) {
    throw ecsErrors.invalidParameter(
      'Cluster name must be 1-255 characters: letters (uppercase and lowercase), numbers, hyphens and underscores.',
    );
  }
  const tags = request.tags() ?? [];
  const settings = request.objects('settings') ?? [
    { name: 'containerInsights', value: 'disabled' },
  ];
  const configuration = request.object('configuration');
  const capacityProviders = request.strings('capacityProviders') ?? [];
  const strategy = request.objects('defaultCapacityProviderStrategy') ?? [];
  const serviceConnectDefaults = request.object('serviceConnectDefaults');
  const arn = clusterArnOf(ctx, name);
  const existing = state.ecs.clusters[arn];
  if (existing?.status === 'ACTIVE') return { cluster: clusterView(state, existing, ALL_FIELDS) };
  const cluster: EcsCluster = {
    clusterArn: arn,
    clusterName: name,
    status: 'ACTIVE',
    tags,
    settings,
    capacityProviders,
    defaultCapacityProviderStrategy: strategy,
    ...(configuration === undefined ? {} : { configuration }),
    ...(serviceConnectDefaults === undefined ? {} : { serviceConnectDefaults }),
  };
  state.ecs.clusters[arn] = cluster;
  return { cluster: clusterView(state, cluster, ALL_FIELDS) };
};

/** DescribeClusters: unknown clusters are `failures` with reason `MISSING`, not errors. */
export const describeClusters: OperationHandler = (state, input, ctx) => {
  const request = new EcsInput(input);
  const references = request.strings('clusters') ?? [DEFAULT_CLUSTER];
  if (references.length > MAX_DESCRIBE_CLUSTERS) {
    throw ecsErrors.invalidParameter(`clusters can have at most ${MAX_DESCRIBE_CLUSTERS} items.`);
  }
  const include = new Set(request.strings('include') ?? []);
  const clusters: JsonObject[] = [];
  const failures: JsonObject[] = [];
  for (const reference of references) {
    const arn = clusterArnFor(ctx, reference);
    const cluster = arn === undefined ? undefined : state.ecs.clusters[arn];
    if (cluster === undefined) {
      failures.push({ arn: arn ?? reference, reason: 'MISSING' });
    } else {
      clusters.push(clusterView(state, cluster, include));
    }
  }
  return { clusters, failures };
};

/** ListClusters: ACTIVE clusters of the caller's account and region, 100 per page by default. */
export const listClusters: OperationHandler = (state, input, ctx) => {
  const request = new EcsInput(input);
  const prefix = clusterArnOf(ctx, '');
  const arns = Object.values(state.ecs.clusters)
    .filter((cluster) => cluster.status === 'ACTIVE' && cluster.clusterArn.startsWith(prefix))
    .map((cluster) => cluster.clusterArn)
    .sort();
  const page = paginate(arns, request.string('nextToken'), request.integer('maxResults'), 100);
  return {
    clusterArns: page.items,
    ...(page.nextToken === undefined ? {} : { nextToken: page.nextToken }),
  };
};

/** DeleteCluster: the cluster stays describable as INACTIVE; refused while it has services. */
export const deleteCluster: OperationHandler = (state, input, ctx) => {
  const request = new EcsInput(input);
  const cluster = findCluster(state, ctx, request.requiredString('cluster', 'Cluster'));
  if (cluster.status !== 'ACTIVE') throw ecsErrors.clusterNotFound();
  if (servicesOf(state, cluster.clusterArn).some((service) => service.status !== 'INACTIVE')) {
    throw ecsErrors.clusterContainsServices();
  }
  cluster.status = 'INACTIVE';
  return { cluster: clusterView(state, cluster, ALL_FIELDS) };
};
