import type {
  ContainerDefinition,
  HealthCheck,
  Service,
  TaskDefinition,
} from '@aws-sdk/client-ecs';
import type {
  ContainerHealthCheckState,
  ContainerState,
  EcsServiceState,
  Observation,
  TaskDefinitionState,
} from '../../model/live-state.js';
import { pairsToRecord } from './records.js';

/** ECS's own values when a container health check leaves a field unset. */
const HEALTH_CHECK_DEFAULTS = { interval: 30, timeout: 5, retries: 3, startPeriod: 0 } as const;
/** ECS's rolling-update values when a service has no deployment configuration. */
const DEPLOYMENT_DEFAULTS = { minimumHealthyPercent: 100, maximumPercent: 200 } as const;

/** An ECS service as described, before its task definition is attached. */
export type EcsServiceWithoutTaskDefinition = Omit<EcsServiceState, 'taskDefinition'>;

/** Translates a `DescribeServices` entry. `fallbackCluster` is used when the entry has no cluster ARN. */
export function toServiceState(
  service: Service,
  fallbackCluster: string,
): EcsServiceWithoutTaskDefinition {
  const deployment = service.deploymentConfiguration;
  return {
    serviceName: service.serviceName ?? '',
    clusterName: lastArnSegment(service.clusterArn) ?? fallbackCluster,
    status: service.status ?? '',
    desiredCount: service.desiredCount ?? 0,
    runningCount: service.runningCount ?? 0,
    taskDefinitionArn: service.taskDefinition ?? '',
    deployment: {
      minimumHealthyPercent:
        deployment?.minimumHealthyPercent ?? DEPLOYMENT_DEFAULTS.minimumHealthyPercent,
      maximumPercent: deployment?.maximumPercent ?? DEPLOYMENT_DEFAULTS.maximumPercent,
      circuitBreaker: {
        enable: deployment?.deploymentCircuitBreaker?.enable ?? false,
        rollback: deployment?.deploymentCircuitBreaker?.rollback ?? false,
      },
    },
    // Classic load balancer entries carry no target group; Plumbline declares only ALB target groups.
    loadBalancers: (service.loadBalancers ?? []).flatMap((lb) =>
      lb.targetGroupArn === undefined
        ? []
        : [
            {
              targetGroupArn: lb.targetGroupArn,
              containerName: lb.containerName ?? '',
              containerPort: lb.containerPort ?? 0,
            },
          ],
    ),
    tags: pairsToRecord(
      service.tags,
      (t) => t.key,
      (t) => t.value,
    ),
  };
}

/** Attaches the observed task definition to a described service. */
export function withTaskDefinition(
  service: EcsServiceWithoutTaskDefinition,
  taskDefinition: Observation<TaskDefinitionState>,
): EcsServiceState {
  return { ...service, taskDefinition };
}

/**
 * Translates a `DescribeTaskDefinition` result. Task-level `cpu` and `memory` are strings in the
 * API; they are `null` when unset (only EC2 task definitions may leave them to the containers).
 */
export function toTaskDefinitionState(td: TaskDefinition): TaskDefinitionState {
  return {
    arn: td.taskDefinitionArn ?? '',
    family: td.family ?? '',
    revision: td.revision ?? 0,
    cpu: toNumber(td.cpu),
    memory: toNumber(td.memory),
    containers: (td.containerDefinitions ?? []).map(toContainerState),
  };
}

function toContainerState(c: ContainerDefinition): ContainerState {
  const healthCheck = toHealthCheck(c.healthCheck);
  return {
    name: c.name ?? '',
    image: c.image ?? '',
    // An empty command runs the image's own, exactly like an absent one.
    ...(c.command && c.command.length > 0 ? { command: c.command } : {}),
    containerPorts: (c.portMappings ?? []).flatMap((p) =>
      p.containerPort === undefined ? [] : [p.containerPort],
    ),
    environment: pairsToRecord(
      c.environment,
      (e) => e.name,
      (e) => e.value,
    ),
    secrets: pairsToRecord(
      c.secrets,
      (s) => s.name,
      (s) => s.valueFrom,
    ),
    ...(healthCheck ? { healthCheck } : {}),
    readonlyRootFilesystem: c.readonlyRootFilesystem === true,
  };
}

function toHealthCheck(h: HealthCheck | undefined): ContainerHealthCheckState | undefined {
  if (!h?.command || h.command.length === 0) return undefined;
  return {
    command: h.command,
    intervalSeconds: h.interval ?? HEALTH_CHECK_DEFAULTS.interval,
    timeoutSeconds: h.timeout ?? HEALTH_CHECK_DEFAULTS.timeout,
    retries: h.retries ?? HEALTH_CHECK_DEFAULTS.retries,
    startPeriodSeconds: h.startPeriod ?? HEALTH_CHECK_DEFAULTS.startPeriod,
  };
}

function toNumber(text: string | undefined): number | null {
  const n = Number(text);
  return text === undefined || text === '' || Number.isNaN(n) ? null : n;
}

/** `arn:aws:ecs:eu-west-1:123456789012:cluster/prod` → `prod`. */
function lastArnSegment(arn: string | undefined): string | undefined {
  if (!arn) return undefined;
  const segment = arn.slice(arn.lastIndexOf('/') + 1);
  return segment || undefined;
}
