import type { ServiceContext } from '../service.js';
import { nextDigits, nextHex, nextSeq, nextUuid } from '../shared/ids.js';
import type { JsonObject } from '../shared/json-value.js';
import type { SandboxState } from '../state.js';
import { isLocal, parseEcsArn, serviceArnOf } from './arns.js';
import { FARGATE_LATEST_LINUX } from './fargate.js';
import type {
  EcsCluster,
  EcsDeployment,
  EcsRegisteredTarget,
  EcsService,
  EcsServiceEvent,
} from './state.js';

/** ECS keeps the latest 100 events of a service. */
const MAX_EVENTS = 100;
/** Task ids listed in one "has started" / "has stopped" event, at most. */
const MAX_TASKS_PER_EVENT = 10;

/** The ARN a service reference (name, or long- or short-format ARN) stands for in a cluster, if it can name one there. */
export function serviceArnFor(
  ctx: ServiceContext,
  cluster: EcsCluster,
  reference: string,
): string | undefined {
  if (!reference.startsWith('arn:')) return serviceArnOf(ctx, cluster.clusterName, reference);
  const parsed = parseEcsArn(reference);
  if (parsed === undefined || parsed.resourceType !== 'service' || !isLocal(parsed, ctx))
    return undefined;
  const parts = parsed.resource.split('/');
  if (parts.length === 1) return serviceArnOf(ctx, cluster.clusterName, parsed.resource);
  const [clusterName, serviceName] = parts;
  if (parts.length !== 2 || clusterName !== cluster.clusterName || serviceName === undefined)
    return undefined;
  return serviceArnOf(ctx, clusterName, serviceName);
}

/** The service a reference names in a cluster, in any status. */
export function findService(
  state: SandboxState,
  ctx: ServiceContext,
  cluster: EcsCluster,
  reference: string,
): EcsService | undefined {
  const arn = serviceArnFor(ctx, cluster, reference);
  return arn === undefined ? undefined : state.ecs.services[arn];
}

/** A service as the ECS API returns it; tags only when asked for. */
export function serviceView(service: EcsService, includeTags: boolean): JsonObject {
  const { clientToken: _clientToken, registeredTargets: _targets, tags, ...view } = service;
  return includeTags ? { ...view, tags: tags.map((tag) => ({ ...tag })) } : view;
}

/** Epoch seconds, as the JSON protocol carries timestamps. */
export function epochSeconds(ctx: ServiceContext): number {
  return ctx.now.getTime() / 1000;
}

/** A PRIMARY deployment that has already completed: the sandbox converges instantly. */
export function completedDeployment(
  state: SandboxState,
  service: EcsService,
  now: number,
): EcsDeployment {
  const id = `ecs-svc/${nextDigits(state, `${service.serviceArn}:deployment`, 19)}`;
  const platformVersion =
    service.platformVersion === 'LATEST' ? FARGATE_LATEST_LINUX : service.platformVersion;
  return {
    id,
    status: 'PRIMARY',
    taskDefinition: service.taskDefinition,
    desiredCount: service.desiredCount,
    pendingCount: 0,
    runningCount: service.desiredCount,
    failedTasks: 0,
    createdAt: now,
    updatedAt: now,
    ...(service.launchType === undefined ? {} : { launchType: service.launchType }),
    ...(service.capacityProviderStrategy === undefined
      ? {}
      : { capacityProviderStrategy: service.capacityProviderStrategy }),
    ...(platformVersion === undefined ? {} : { platformVersion }),
    ...(service.platformFamily === undefined ? {} : { platformFamily: service.platformFamily }),
    ...(service.networkConfiguration === undefined
      ? {}
      : { networkConfiguration: service.networkConfiguration }),
    rolloutState: 'COMPLETED',
    rolloutStateReason: `ECS deployment ${id} completed.`,
  };
}

/** Builds service events; pass messages oldest first. */
export function serviceEvents(
  state: SandboxState,
  now: number,
  messages: readonly string[],
): EcsServiceEvent[] {
  return messages.map((message) => ({ id: nextUuid(state, 'ecs-event'), createdAt: now, message }));
}

/** Prepends new events (given oldest first) to a service's events, newest first, keeping the latest 100. */
export function withEvents(
  existing: readonly EcsServiceEvent[],
  added: readonly EcsServiceEvent[],
): EcsServiceEvent[] {
  return [...added].reverse().concat(existing).slice(0, MAX_EVENTS);
}

/** `(service api) has started 2 tasks: (task …) (task …).` */
export function startedTasksMessage(
  state: SandboxState,
  serviceName: string,
  count: number,
): string {
  return `(service ${serviceName}) has started ${count} tasks: ${taskList(state, count)}.`;
}

/** `(service api) has stopped 2 running tasks: (task …) (task …).` */
export function stoppedTasksMessage(
  state: SandboxState,
  serviceName: string,
  count: number,
): string {
  return `(service ${serviceName}) has stopped ${count} running tasks: ${taskList(state, count)}.`;
}

function taskList(state: SandboxState, count: number): string {
  return Array.from(
    { length: Math.min(count, MAX_TASKS_PER_EVENT) },
    () => `(task ${nextHex(state, 'ecs-task')})`,
  ).join(' ');
}

export function deploymentCompletedMessage(serviceName: string, deploymentId: string): string {
  return `(service ${serviceName}) (deployment ${deploymentId}) deployment completed.`;
}

export function steadyStateMessage(serviceName: string): string {
  return `(service ${serviceName}) has reached a steady state.`;
}

/**
 * Keeps the ELBv2 target groups of a service's load balancers holding one `ip` target per running
 * task, as ECS registers `awsvpc` tasks. With `replaceAll` (a new deployment) every task is new;
 * otherwise existing tasks stay and only the difference is started or stopped.
 */
export function syncTargets(state: SandboxState, service: EcsService, replaceAll: boolean): void {
  const previous = service.registeredTargets ?? [];
  const next: EcsRegisteredTarget[] = [];
  const count = service.status === 'ACTIVE' ? service.runningCount : 0;
  for (const loadBalancer of service.loadBalancers) {
    const { targetGroupArn, containerPort } = loadBalancer;
    if (typeof targetGroupArn !== 'string' || typeof containerPort !== 'number') continue;
    const targetGroup = state.elbv2.targetGroups[targetGroupArn];
    if (targetGroup?.TargetType !== 'ip') continue;
    const kept = replaceAll
      ? []
      : previous
          .filter(
            (target) => target.targetGroupArn === targetGroupArn && target.port === containerPort,
          )
          .slice(0, count);
    next.push(...kept);
    for (let index = kept.length; index < count; index += 1) {
      next.push({ targetGroupArn, id: privateIp(state), port: containerPort });
    }
  }
  const isKept = (target: EcsRegisteredTarget) =>
    next.some(
      (other) =>
        other.targetGroupArn === target.targetGroupArn &&
        other.id === target.id &&
        other.port === target.port,
    );
  for (const target of previous) {
    if (isKept(target)) continue;
    const targetGroup = state.elbv2.targetGroups[target.targetGroupArn];
    if (targetGroup === undefined) continue;
    targetGroup.Targets = targetGroup.Targets.filter(
      (held) => !(held.Id === target.id && held.Port === target.port),
    );
  }
  for (const target of next) {
    if (previous.includes(target)) continue;
    state.elbv2.targetGroups[target.targetGroupArn]?.Targets.push({
      Id: target.id,
      Port: target.port,
    });
  }
  service.registeredTargets = next;
}

/** A task address in the private range the sandbox's tasks use. */
function privateIp(state: SandboxState): string {
  const n = nextSeq(state);
  return `10.0.${128 + (Math.floor(n / 254) % 128)}.${(n % 254) + 1}`;
}
