import type { JsonObject, JsonValue } from '../shared/json-value.js';
import { isPlainObject } from '../shared/json-value.js';
import type { SandboxState } from '../state.js';
import { ecsErrors } from './errors.js';
import type { EcsTaskDefinition } from './state.js';
import { containerNamed } from './task-definitions.js';

/**
 * Validates the `loadBalancers` of a service against its task definition and the ELBv2 emulation's
 * target groups, with the errors ECS gives: the container and port must exist in the task definition,
 * the target group must exist, be attached to a load balancer (some listener forwards to it) and, for
 * `awsvpc` tasks, have target type `ip`.
 *
 * @throws AwsError `InvalidParameterException`
 */
export function checkLoadBalancers(
  state: SandboxState,
  loadBalancers: readonly JsonObject[],
  taskDefinition: EcsTaskDefinition,
): void {
  for (const loadBalancer of loadBalancers) {
    const { targetGroupArn, loadBalancerName, containerName, containerPort } = loadBalancer;
    if (typeof targetGroupArn !== 'string' && typeof loadBalancerName !== 'string') {
      throw ecsErrors.invalidParameter(
        'Either targetGroupArn or loadBalancerName must be specified.',
      );
    }
    if (typeof containerName !== 'string' || typeof containerPort !== 'number') {
      throw ecsErrors.invalidParameter(
        'containerName and containerPort must be specified for each load balancer.',
      );
    }
    const container = containerNamed(taskDefinition, containerName);
    if (container === undefined) {
      throw ecsErrors.invalidParameter(
        `The container ${containerName} does not exist in the task definition.`,
      );
    }
    if (!exposesPort(container.portMappings, containerPort)) {
      throw ecsErrors.invalidParameter(
        `The container ${containerName} did not have a container port ${containerPort} defined.`,
      );
    }
    if (typeof targetGroupArn === 'string')
      checkTargetGroup(state, targetGroupArn, taskDefinition.networkMode);
  }
}

function exposesPort(portMappings: JsonValue | undefined, port: number): boolean {
  return (
    Array.isArray(portMappings) &&
    portMappings.some((mapping) => isPlainObject(mapping) && mapping.containerPort === port)
  );
}

function checkTargetGroup(state: SandboxState, arn: string, networkMode: string): void {
  const targetGroup = state.elbv2.targetGroups[arn];
  if (targetGroup === undefined) {
    throw ecsErrors.invalidParameter(
      'Unable to assume role and validate the specified targetGroupArn. Please verify that the ECS service role being passed has the proper permissions.',
    );
  }
  const attached = Object.values(state.elbv2.listeners).some((listener) =>
    listener.DefaultActions.some(
      (action) =>
        action.TargetGroupArn === arn ||
        (action.ForwardConfig?.TargetGroups.some((group) => group.TargetGroupArn === arn) ?? false),
    ),
  );
  if (!attached) {
    throw ecsErrors.invalidParameter(
      `The target group with targetGroupArn ${arn} does not have an associated load balancer.`,
    );
  }
  if (networkMode === 'awsvpc' && targetGroup.TargetType !== 'ip') {
    throw ecsErrors.invalidParameter(
      `The provided target group ${arn} has target type ${targetGroup.TargetType}, which is incompatible with the awsvpc network mode specified in the task definition.`,
    );
  }
}
