import type { DesiredState, ListenerSpec, ServiceSpec, TargetGroupSpec } from './manifest.js';

/**
 * Deterministic physical names. Every managed resource is either named explicitly in the manifest
 * or derived from the environment and manifest names, so the stack and the drift check agree.
 *
 * | resource        | default                    |
 * | --------------- | -------------------------- |
 * | ECS cluster     | `<env>`                    |
 * | ECS service     | `<env>-<service>`          |
 * | task family     | `<env>-<service>`          |
 * | container       | `<service>`                |
 * | DB instance     | `<env>-postgres`           |
 * | load balancer   | `<env>-alb`                |
 * | target group    | `<env>-<targetGroup>`      |
 * | listener        | `<load balancer>:<port>`   |
 */
export function clusterName(m: DesiredState): string {
  return m.cluster.name ?? m.environment.name;
}

export function serviceName(m: DesiredState, s: ServiceSpec): string {
  return s.serviceName ?? `${m.environment.name}-${s.name}`;
}

export function taskFamily(m: DesiredState, s: ServiceSpec): string {
  return `${m.environment.name}-${s.name}`;
}

export function containerName(s: ServiceSpec): string {
  return s.name;
}

export function databaseIdentifier(m: DesiredState): string {
  return m.database?.identifier ?? `${m.environment.name}-postgres`;
}

export function loadBalancerName(m: DesiredState): string {
  return m.loadBalancer?.name ?? `${m.environment.name}-alb`;
}

export function targetGroupName(m: DesiredState, t: TargetGroupSpec): string {
  return t.targetGroupName ?? `${m.environment.name}-${t.name}`;
}

export function listenerName(m: DesiredState, l: Pick<ListenerSpec, 'port'>): string {
  return `${loadBalancerName(m)}:${l.port}`;
}

/** AWS limits target group and load balancer names to 32 characters. */
export const ELB_NAME_MAX = 32;
