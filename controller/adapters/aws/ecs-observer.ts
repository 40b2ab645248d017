import {
  DescribeServicesCommand,
  type DescribeServicesCommandOutput,
  DescribeTaskDefinitionCommand,
  type ECSClient,
} from '@aws-sdk/client-ecs';
import { chunk, mapBounded } from '../../core/bounded.js';
import { ObservationFailedError } from '../../model/errors.js';
import type { EcsServiceState, Observation, TaskDefinitionState } from '../../model/live-state.js';
import {
  type EcsServiceWithoutTaskDefinition,
  toServiceState,
  toTaskDefinitionState,
  withTaskDefinition,
} from './ecs-mapping.js';
import { failureReason, isErrorNamed } from './failure-reason.js';
import { MISSING, present, unchecked } from './observation.js';
import type { TaskDefinitionCache } from './task-definition-cache.js';

/** DescribeServices accepts at most 10 services per call. */
export const DESCRIBE_SERVICES_BATCH = 10;

/** One declared service: its manifest name (the result key) and its physical ECS name. */
export interface EcsServiceRef {
  readonly key: string;
  readonly serviceName: string;
}

/** The services to observe in one cluster. */
export interface EcsServicesQuery {
  /** Cluster name or ARN. */
  readonly cluster: string;
  readonly services: readonly EcsServiceRef[];
}

/** Concurrency limits of {@link observeEcsServices}. */
export interface EcsObserverOptions {
  /**
   * DescribeServices batches in flight at once.
   * @default 4
   */
  readonly batchConcurrency?: number;
  /**
   * DescribeTaskDefinition calls in flight at once.
   * @default 5
   */
  readonly taskDefinitionConcurrency?: number;
}

type ServiceObservation = Observation<EcsServiceWithoutTaskDefinition>;

/**
 * Observes ECS services, keyed by manifest name. Makes ceil(distinct names / 10) DescribeServices
 * calls (tags included) and one DescribeTaskDefinition per distinct revision not yet in `cache`.
 *
 * Never throws for AWS errors: a service AWS reports MISSING, or whose status is not ACTIVE
 * (DRAINING and INACTIVE services are deleted), is `missing`; so is every service of a cluster
 * that does not exist. A batch that fails otherwise leaves its services `unchecked`, and a task
 * definition that cannot be read leaves its services present with an `unchecked` task definition.
 */
export async function observeEcsServices(
  ecs: ECSClient,
  query: EcsServicesQuery,
  cache: TaskDefinitionCache,
  options: EcsObserverOptions = {},
): Promise<Record<string, Observation<EcsServiceState>>> {
  const names = [...new Set(query.services.map((s) => s.serviceName))];
  const batches = await mapBounded(
    chunk(names, DESCRIBE_SERVICES_BATCH),
    options.batchConcurrency ?? 4,
    (batch) => describeBatch(ecs, query.cluster, batch),
  );
  const services = new Map(batches.flat());

  const arns = new Set<string>();
  for (const s of services.values()) {
    if (s.state === 'present' && s.value.taskDefinitionArn) arns.add(s.value.taskDefinitionArn);
  }
  const taskDefinitions = new Map(
    await mapBounded([...arns], options.taskDefinitionConcurrency ?? 5, async (arn) => {
      return [arn, await observeTaskDefinition(ecs, arn, cache)] as const;
    }),
  );

  const result: Record<string, Observation<EcsServiceState>> = {};
  for (const { key, serviceName } of query.services) {
    const service = services.get(serviceName) ?? unchecked(`${serviceName} was not described`);
    result[key] =
      service.state === 'present'
        ? present(
            withTaskDefinition(
              service.value,
              taskDefinitions.get(service.value.taskDefinitionArn) ??
                unchecked(`service ${serviceName} reports no task definition`),
            ),
          )
        : service;
  }
  return result;
}

async function describeBatch(
  ecs: ECSClient,
  cluster: string,
  names: readonly string[],
): Promise<(readonly [string, ServiceObservation])[]> {
  let output: DescribeServicesCommandOutput;
  try {
    output = await ecs.send(
      new DescribeServicesCommand({ cluster, services: [...names], include: ['TAGS'] }),
    );
  } catch (error) {
    const observation = isErrorNamed(error, 'ClusterNotFoundException')
      ? MISSING
      : unchecked(failureReason('DescribeServices', error));
    return names.map((name) => [name, observation] as const);
  }
  return names.map((name) => [name, fromResponse(output, name, cluster)] as const);
}

function fromResponse(
  output: DescribeServicesCommandOutput,
  name: string,
  cluster: string,
): ServiceObservation {
  const entries = (output.services ?? []).filter(
    (s) => s.serviceName === name || s.serviceArn === name,
  );
  const active = entries.find((s) => s.status === 'ACTIVE');
  if (active) return present(toServiceState(active, cluster));
  // DRAINING or INACTIVE: the service has been deleted and only lingers in the API.
  if (entries.length > 0) return MISSING;

  const failure = (output.failures ?? []).find(
    (f) => f.arn === name || f.arn?.endsWith(`/${name}`),
  );
  if (failure?.reason === 'MISSING') return MISSING;
  if (failure) {
    const detail = failure.detail ? ` (${failure.detail})` : '';
    return unchecked(
      `DescribeServices failed for ${name}: ${failure.reason ?? 'unknown'}${detail}`,
    );
  }
  return unchecked(`DescribeServices returned no entry for ${name}`);
}

async function observeTaskDefinition(
  ecs: ECSClient,
  arn: string,
  cache: TaskDefinitionCache,
): Promise<Observation<TaskDefinitionState>> {
  try {
    return present(await cache.get(arn, (a) => describeTaskDefinition(ecs, a)));
  } catch (error) {
    return unchecked(failureReason('DescribeTaskDefinition', error));
  }
}

async function describeTaskDefinition(ecs: ECSClient, arn: string): Promise<TaskDefinitionState> {
  const output = await ecs.send(new DescribeTaskDefinitionCommand({ taskDefinition: arn }));
  if (!output.taskDefinition) {
    throw new ObservationFailedError(undefined, `the response holds no task definition for ${arn}`);
  }
  return toTaskDefinitionState(output.taskDefinition);
}
