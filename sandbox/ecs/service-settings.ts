import { isPlainObject, type JsonObject, type JsonValue } from '../shared/json-value.js';
import { ecsErrors } from './errors.js';
import type { EcsInput } from './input.js';
import type {
  EcsCluster,
  EcsDeploymentConfiguration,
  EcsService,
  EcsTaskDefinition,
} from './state.js';
import { supportsFargate } from './task-definitions.js';

/** The deployment configuration ECS gives a service that sets none. */
export function defaultDeploymentConfiguration(): EcsDeploymentConfiguration {
  return {
    deploymentCircuitBreaker: { enable: false, rollback: false },
    maximumPercent: 200,
    minimumHealthyPercent: 100,
  };
}

/** Applies a requested `deploymentConfiguration` over the current one, member by member. */
export function mergeDeploymentConfiguration(
  current: EcsDeploymentConfiguration,
  requested: JsonObject | undefined,
): EcsDeploymentConfiguration {
  if (requested === undefined) return current;
  const { deploymentCircuitBreaker, maximumPercent, minimumHealthyPercent, ...rest } = requested;
  const merged: EcsDeploymentConfiguration = {
    ...current,
    ...rest,
    deploymentCircuitBreaker:
      deploymentCircuitBreaker === undefined
        ? current.deploymentCircuitBreaker
        : circuitBreaker(deploymentCircuitBreaker),
    maximumPercent:
      maximumPercent === undefined
        ? current.maximumPercent
        : percent(maximumPercent, 'maximumPercent'),
    minimumHealthyPercent:
      minimumHealthyPercent === undefined
        ? current.minimumHealthyPercent
        : percent(minimumHealthyPercent, 'minimumHealthyPercent'),
  };
  if (merged.minimumHealthyPercent > 100) {
    throw ecsErrors.invalidParameter('minimumHealthyPercent must be between 0 and 100.');
  }
  if (merged.maximumPercent < merged.minimumHealthyPercent) {
    throw ecsErrors.invalidParameter(
      'maximumPercent must be greater than or equal to minimumHealthyPercent.',
    );
  }
  return merged;
}

function circuitBreaker(value: JsonValue): { enable: boolean; rollback: boolean } {
  if (
    !isPlainObject(value) ||
    typeof value.enable !== 'boolean' ||
    typeof value.rollback !== 'boolean'
  ) {
    throw ecsErrors.invalidParameter('deploymentCircuitBreaker requires enable and rollback.');
  }
  return { enable: value.enable, rollback: value.rollback };
}

function percent(value: JsonValue, name: string): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 0) {
    throw ecsErrors.invalidParameter(`${name} must be a non-negative integer.`);
  }
  return value;
}

/** How a service's tasks are launched: a launch type or a capacity provider strategy, never both. */
export interface LaunchSettings {
  readonly launchType?: string;
  readonly capacityProviderStrategy?: JsonObject[];
}

/** The launch settings of a new service, defaulting as ECS does to the cluster's strategy, else EC2. */
export function launchSettings(request: EcsInput, cluster: EcsCluster): LaunchSettings {
  const launchType = request.string('launchType');
  const strategy = request.objects('capacityProviderStrategy');
  if (launchType !== undefined && strategy !== undefined && strategy.length > 0) {
    throw ecsErrors.invalidParameter(
      'Specifying both a launch type and capacity provider strategy is not supported. Remove one and try again.',
    );
  }
  if (launchType !== undefined) return { launchType };
  if (strategy !== undefined && strategy.length > 0) return { capacityProviderStrategy: strategy };
  if (cluster.defaultCapacityProviderStrategy.length > 0) {
    return { capacityProviderStrategy: cluster.defaultCapacityProviderStrategy };
  }
  return { launchType: 'EC2' };
}

/** True when the service's tasks run on Fargate (launch type or capacity providers). */
export function runsOnFargate(settings: LaunchSettings): boolean {
  return (
    settings.launchType === 'FARGATE' ||
    (settings.capacityProviderStrategy?.some(
      (item) => item.capacityProvider === 'FARGATE' || item.capacityProvider === 'FARGATE_SPOT',
    ) ??
      false)
  );
}

/**
 * Checks that the task definition fits the launch settings.
 *
 * @throws AwsError `InvalidParameterException` when a Fargate service names a task definition Fargate cannot run.
 */
export function checkCompatibility(
  settings: LaunchSettings,
  taskDefinition: EcsTaskDefinition,
): void {
  if (runsOnFargate(settings) && !supportsFargate(taskDefinition)) {
    throw ecsErrors.invalidParameter('Task definition does not support launch_type FARGATE.');
  }
}

/**
 * The network configuration of a service for its task definition's network mode, with ECS's default
 * `assignPublicIp: DISABLED`.
 *
 * @throws AwsError `InvalidParameterException` when `awsvpc` tasks lack subnets, or another mode has a network configuration.
 */
export function networkConfigurationFor(
  requested: JsonObject | undefined,
  taskDefinition: EcsTaskDefinition,
): JsonObject | undefined {
  if (taskDefinition.networkMode !== 'awsvpc') {
    if (requested !== undefined) {
      throw ecsErrors.invalidParameter(
        'Network Configuration is not valid for the given networkMode of this task definition.',
      );
    }
    return undefined;
  }
  const awsvpc = requested?.awsvpcConfiguration;
  if (!isPlainObject(awsvpc)) {
    throw ecsErrors.invalidParameter(
      "Network Configuration must be provided when networkMode 'awsvpc' is specified.",
    );
  }
  const subnets = awsvpc.subnets;
  if (!Array.isArray(subnets) || subnets.length === 0)
    throw ecsErrors.invalidParameter('subnets can not be empty.');
  if (subnets.length > 16) throw ecsErrors.invalidParameter('subnets can have at most 16 items.');
  const securityGroups = awsvpc.securityGroups;
  if (Array.isArray(securityGroups) && securityGroups.length > 5) {
    throw ecsErrors.invalidParameter('securityGroups can have at most 5 items.');
  }
  return {
    awsvpcConfiguration: {
      ...(awsvpc as JsonObject),
      assignPublicIp: awsvpc.assignPublicIp ?? 'DISABLED',
    },
  };
}

/** The platform version and family ECS reports for a service. */
export function platformOf(
  settings: LaunchSettings,
  requestedVersion: string | undefined,
): Pick<EcsService, 'platformVersion' | 'platformFamily'> {
  if (!runsOnFargate(settings))
    return requestedVersion === undefined ? {} : { platformVersion: requestedVersion };
  return { platformVersion: requestedVersion ?? 'LATEST', platformFamily: 'Linux' };
}
