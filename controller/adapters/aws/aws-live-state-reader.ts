import type { ECSClient } from '@aws-sdk/client-ecs';
import type { ElasticLoadBalancingV2Client } from '@aws-sdk/client-elastic-load-balancing-v2';
import type { RDSClient } from '@aws-sdk/client-rds';
import { loadBalancerAttributesCompared } from '../../core/fields.js';
import type {
  EcsServiceState,
  LiveState,
  Observation,
  RdsInstanceState,
  UnmanagedServiceState,
} from '../../model/live-state.js';
import type { DesiredState } from '../../model/manifest.js';
import {
  clusterName,
  databaseIdentifier,
  loadBalancerName,
  serviceName,
  targetGroupName,
} from '../../model/names.js';
import type { LiveStateReader } from '../../ports/live-state-reader.js';
import { type EcsObserverOptions, observeEcsServices } from './ecs-observer.js';
import { listUnmanagedServices } from './ecs-unmanaged.js';
import { type LoadBalancerObservation, observedAs, observeLoadBalancer } from './elbv2-observer.js';
import { describeError, setupProblem } from './failure-reason.js';
import { unchecked } from './observation.js';
import { observeDatabase } from './rds-observer.js';
import { TaskDefinitionCache } from './task-definition-cache.js';

/** The clients {@link AwsLiveStateReader} reads with; the `AwsClients` of `createAwsClients` fit. */
export interface LiveStateClients {
  readonly ecs: ECSClient;
  readonly rds: RDSClient;
  readonly elbv2: ElasticLoadBalancingV2Client;
}

/**
 * Reads an environment's live state from ECS, RDS and ELBv2, keyed by manifest names.
 *
 * The observers run concurrently. A scan of S services using k distinct task definition revisions
 * (not yet cached), N services in the cluster and one load balancer makes at most
 * ceil(S/10) + k + 4 + ceil(N/100) calls (ListServices only unless unmanaged services are ignored), plus one
 * DescribeLoadBalancerAttributes when the manifest declares a load balancer attribute that is
 * compared: `idleTimeoutSeconds`, or `dropInvalidHeaderFields` (on by default), `deletionProtection`
 * or `accessLogs` turned on
 * (and one more call per extra page of target groups or listeners, beyond 400 of either).
 * Never throws: whatever could not be read, even through an unexpected error, is `unchecked`.
 *
 * @example
 * const aws = createAwsClients({ region: desired.environment.region });
 * const reader = new AwsLiveStateReader(aws, sharedTaskDefinitionCache);
 * const live = await reader.read(desired);
 * if (live.services.api?.state === 'unchecked') console.warn(live.services.api.reason);
 */
export class AwsLiveStateReader implements LiveStateReader {
  readonly #clients: LiveStateClients;
  readonly #taskDefinitions: TaskDefinitionCache;
  readonly #ecsOptions: EcsObserverOptions;

  /**
   * @param clients - the ECS, RDS and ELBv2 clients, used as given (never built here)
   * @param taskDefinitions - revisions already read; share one across readers to read each
   *   revision once per process. Without it, the reader keeps its own across its reads.
   * @param ecsOptions - concurrency limits of the ECS reads; those of {@link observeEcsServices}
   *   by default
   */
  constructor(
    clients: LiveStateClients,
    taskDefinitions: TaskDefinitionCache = new TaskDefinitionCache(),
    ecsOptions: EcsObserverOptions = {},
  ) {
    this.#clients = { ecs: clients.ecs, rds: clients.rds, elbv2: clients.elbv2 };
    this.#taskDefinitions = taskDefinitions;
    this.#ecsOptions = ecsOptions;
  }

  async read(desired: DesiredState): Promise<LiveState> {
    const [services, database, balancer, unmanaged] = await Promise.all([
      this.#services(desired),
      this.#database(desired),
      this.#loadBalancer(desired),
      this.#unmanagedServices(desired),
    ]);
    return {
      services,
      ...(unmanaged === undefined ? {} : { unmanagedServices: unmanaged }),
      ...(database === undefined ? {} : { database }),
      ...(balancer === undefined
        ? { targetGroups: {}, listeners: {}, undeclared: { targetGroups: [], listeners: [] } }
        : {
            loadBalancer: balancer.loadBalancer,
            targetGroups: balancer.targetGroups,
            listeners: balancer.listeners,
            undeclared: balancer.undeclared,
          }),
    };
  }

  async #services(desired: DesiredState): Promise<Record<string, Observation<EcsServiceState>>> {
    const services = desired.services.map((s) => ({
      key: s.name,
      serviceName: serviceName(desired, s),
    }));
    try {
      return await observeEcsServices(
        this.#clients.ecs,
        { cluster: clusterName(desired), services },
        this.#taskDefinitions,
        this.#ecsOptions,
      );
    } catch (error) {
      const observation = unexpected('ECS', error);
      return Object.fromEntries(services.map((s) => [s.key, observation]));
    }
  }

  /** Skipped (no call) when the manifest ignores unmanaged services. */
  async #unmanagedServices(
    desired: DesiredState,
  ): Promise<Observation<readonly UnmanagedServiceState[]> | undefined> {
    if (desired.drift.unmanagedServices === 'ignore') return undefined;
    const declared = new Set(desired.services.map((s) => serviceName(desired, s)));
    try {
      return await listUnmanagedServices(this.#clients.ecs, clusterName(desired), declared);
    } catch (error) {
      return unexpected('ECS', error);
    }
  }

  async #database(desired: DesiredState): Promise<Observation<RdsInstanceState> | undefined> {
    if (!desired.database) return undefined;
    try {
      return await observeDatabase(this.#clients.rds, databaseIdentifier(desired));
    } catch (error) {
      return unexpected('RDS', error);
    }
  }

  async #loadBalancer(desired: DesiredState): Promise<LoadBalancerObservation | undefined> {
    const lb = desired.loadBalancer;
    if (!lb) return undefined;
    const query = {
      name: loadBalancerName(desired),
      readAttributes: loadBalancerAttributesCompared(lb),
      targetGroups: lb.targetGroups.map((t) => ({
        key: t.name,
        name: targetGroupName(desired, t),
      })),
      listenerPorts: lb.listeners.map((l) => l.port),
    };
    try {
      return await observeLoadBalancer(this.#clients.elbv2, query);
    } catch (error) {
      return observedAs(query, unexpected('ELBv2', error));
    }
  }
}

/** An observer failed in a way it does not handle itself, e.g. a response of unexpected shape. */
function unexpected(observer: string, error: unknown): Observation<never> {
  return unchecked(setupProblem(error) ?? `${observer} observer failed: ${describeError(error)}`);
}
