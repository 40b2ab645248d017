import type { OperationHandler, ServiceContext } from '../service.js';
import type { JsonObject } from '../shared/json-value.js';
import type { SandboxState } from '../state.js';
import { ECS_NAME_PATTERN, principalArnOf, serviceArnOf } from './arns.js';
import { findCluster } from './clusters.js';
import { ecsErrors } from './errors.js';
import { EcsInput } from './input.js';
import { checkLoadBalancers } from './load-balancers.js';
import {
  completedDeployment,
  deploymentCompletedMessage,
  epochSeconds,
  findService,
  serviceEvents,
  serviceView,
  startedTasksMessage,
  steadyStateMessage,
  stoppedTasksMessage,
  syncTargets,
  withEvents,
} from './service-records.js';
import {
  checkCompatibility,
  defaultDeploymentConfiguration,
  launchSettings,
  mergeDeploymentConfiguration,
  networkConfigurationFor,
  platformOf,
} from './service-settings.js';
import type { EcsService, EcsTaskDefinition } from './state.js';
import { lookupTaskDefinition } from './task-definitions.js';

/**
 * The task definition a CreateService/UpdateService names.
 *
 * @throws AwsError `ClientException` when it does not exist or is not ACTIVE.
 */
function taskDefinitionForService(
  state: SandboxState,
  ctx: ServiceContext,
  reference: string,
): EcsTaskDefinition {
  const lookup = lookupTaskDefinition(state, ctx, reference);
  if (lookup.kind === 'invalid-revision') {
    throw ecsErrors.client(`Invalid revision number. Number: ${lookup.revision}`);
  }
  if (lookup.kind === 'missing') throw ecsErrors.client('TaskDefinition not found.');
  if (lookup.taskDefinition.status !== 'ACTIVE')
    throw ecsErrors.client('TaskDefinition is inactive');
  return lookup.taskDefinition;
}

function desiredCountOf(request: EcsInput, schedulingStrategy: string): number | undefined {
  const desiredCount = request.integer('desiredCount');
  if (desiredCount === undefined) return undefined;
  if (schedulingStrategy === 'DAEMON') {
    throw ecsErrors.invalidParameter(
      'The daemon scheduling strategy does not support a desired count for services. Remove the desired count value and try again',
    );
  }
  if (desiredCount < 0)
    throw ecsErrors.invalidParameter('Desired count must be greater than or equal to 0.');
  return desiredCount;
}

function gracePeriodOf(
  request: EcsInput,
  loadBalancers: readonly JsonObject[],
): number | undefined {
  const seconds = request.integer('healthCheckGracePeriodSeconds');
  if (seconds !== undefined && loadBalancers.length === 0) {
    throw ecsErrors.invalidParameter(
      'Health check grace period is only valid for services configured to use load balancers',
    );
  }
  if (seconds !== undefined && (seconds < 0 || seconds > 2_147_483_647)) {
    throw ecsErrors.invalidParameter(
      'healthCheckGracePeriodSeconds must be between 0 and 2147483647.',
    );
  }
  return seconds;
}

/** CreateService: a Fargate (or EC2) service whose tasks are running as soon as the call returns. */
export const createService: OperationHandler = (state, input, ctx) => {
  const request = new EcsInput(input);
  const serviceName = request.requiredString('serviceName', 'serviceName');
  if (!ECS_NAME_PATTERN.test(serviceName)) {
    throw ecsErrors.invalidParameter(
      'Service name must be 1-255 characters: letters (uppercase and lowercase), numbers, hyphens and underscores.',
    );
  }
  const cluster = findCluster(state, ctx, request.string('cluster'));
  if (cluster.status !== 'ACTIVE')
    throw ecsErrors.invalidParameter('The referenced cluster was inactive.');
  const arn = serviceArnOf(ctx, cluster.clusterName, serviceName);
  const existing = state.ecs.services[arn];
  const clientToken = request.string('clientToken');
  if (existing !== undefined && existing.status !== 'INACTIVE') {
    if (clientToken !== undefined && existing.clientToken === clientToken)
      return { service: serviceView(existing, true) };
    throw ecsErrors.invalidParameter('Creation of service was not idempotent.');
  }
  const deploymentController = request.object('deploymentController') ?? { type: 'ECS' };
  const taskDefinition = taskDefinitionForService(
    state,
    ctx,
    request.requiredString('taskDefinition', 'TaskDefinition'),
  );
  const schedulingStrategy = request.string('schedulingStrategy') ?? 'REPLICA';
  if (schedulingStrategy !== 'REPLICA' && schedulingStrategy !== 'DAEMON') {
    throw ecsErrors.invalidParameter(`Invalid schedulingStrategy: ${schedulingStrategy}.`);
  }
  const desiredCount = desiredCountOf(request, schedulingStrategy) ?? 0;
  const launch = launchSettings(request, cluster);
  checkCompatibility(launch, taskDefinition);
  const networkConfiguration = networkConfigurationFor(
    request.object('networkConfiguration'),
    taskDefinition,
  );
  const loadBalancers = request.objects('loadBalancers') ?? [];
  checkLoadBalancers(state, loadBalancers, taskDefinition);
  const gracePeriod = gracePeriodOf(request, loadBalancers);
  const deploymentConfiguration = mergeDeploymentConfiguration(
    defaultDeploymentConfiguration(),
    request.object('deploymentConfiguration'),
  );
  const tags = request.tags() ?? [];
  const role = request.string('role');
  const availabilityZoneRebalancing = request.string('availabilityZoneRebalancing');

  const now = epochSeconds(ctx);
  const service: EcsService = {
    serviceArn: arn,
    serviceName,
    clusterArn: cluster.clusterArn,
    loadBalancers,
    serviceRegistries: request.objects('serviceRegistries') ?? [],
    status: 'ACTIVE',
    desiredCount,
    runningCount: desiredCount,
    pendingCount: 0,
    ...launch,
    ...platformOf(launch, request.string('platformVersion')),
    taskDefinition: taskDefinition.taskDefinitionArn,
    deploymentConfiguration,
    deployments: [],
    ...(role === undefined || networkConfiguration !== undefined ? {} : { roleArn: role }),
    events: [],
    createdAt: now,
    placementConstraints: request.objects('placementConstraints') ?? [],
    placementStrategy: request.objects('placementStrategy') ?? [],
    ...(networkConfiguration === undefined ? {} : { networkConfiguration }),
    ...(gracePeriod !== undefined || loadBalancers.length > 0
      ? { healthCheckGracePeriodSeconds: gracePeriod ?? 0 }
      : {}),
    schedulingStrategy,
    deploymentController,
    createdBy: principalArnOf(ctx),
    enableECSManagedTags: request.boolean('enableECSManagedTags') ?? false,
    propagateTags: request.string('propagateTags') ?? 'NONE',
    enableExecuteCommand: request.boolean('enableExecuteCommand') ?? false,
    ...(availabilityZoneRebalancing === undefined ? {} : { availabilityZoneRebalancing }),
    ...(clientToken === undefined ? {} : { clientToken }),
    tags,
  };
  const deployment = completedDeployment(state, service, now);
  service.deployments = [deployment];
  service.events = withEvents(
    [],
    serviceEvents(state, now, [
      ...(desiredCount > 0 ? [startedTasksMessage(state, serviceName, desiredCount)] : []),
      deploymentCompletedMessage(serviceName, deployment.id),
      steadyStateMessage(serviceName),
    ]),
  );
  syncTargets(state, service, true);
  state.ecs.services[arn] = service;
  return { service: serviceView(service, tags.length > 0) };
};

/**
 * UpdateService. A new task definition, network configuration, platform version, load balancers,
 * service registries, capacity provider strategy or `forceNewDeployment` start a new deployment
 * (completed at once); a desiredCount change alone scales the current one.
 */
export const updateService: OperationHandler = (state, input, ctx) => {
  const request = new EcsInput(input);
  const cluster = findCluster(state, ctx, request.string('cluster'));
  const current = findService(state, ctx, cluster, request.requiredString('service', 'Service'));
  if (current === undefined) throw ecsErrors.serviceNotFound();
  if (current.status !== 'ACTIVE') throw ecsErrors.serviceNotActive();
  const next: EcsService = structuredClone(current);
  let redeploy = request.boolean('forceNewDeployment') === true;

  const taskDefinitionRef = request.string('taskDefinition');
  const taskDefinition =
    taskDefinitionRef === undefined
      ? state.ecs.taskDefinitions[current.taskDefinition]
      : taskDefinitionForService(state, ctx, taskDefinitionRef);
  if (taskDefinition === undefined) throw ecsErrors.client('TaskDefinition not found.');
  const taskDefinitionChanged = taskDefinition.taskDefinitionArn !== current.taskDefinition;
  next.taskDefinition = taskDefinition.taskDefinitionArn;
  redeploy ||= taskDefinitionChanged;

  const desiredCount = desiredCountOf(request, current.schedulingStrategy);
  if (desiredCount !== undefined) next.desiredCount = desiredCount;

  const strategy = request.objects('capacityProviderStrategy');
  if (
    strategy !== undefined &&
    JSON.stringify(strategy) !== JSON.stringify(current.capacityProviderStrategy ?? [])
  ) {
    next.capacityProviderStrategy = strategy;
    delete next.launchType;
    redeploy = true;
  }
  checkCompatibility(next, taskDefinition);

  if (request.has('networkConfiguration') || taskDefinitionChanged) {
    const requested = request.has('networkConfiguration')
      ? request.object('networkConfiguration')
      : current.networkConfiguration;
    const networkConfiguration = networkConfigurationFor(requested, taskDefinition);
    if (networkConfiguration === undefined) delete next.networkConfiguration;
    else next.networkConfiguration = networkConfiguration;
    redeploy ||=
      JSON.stringify(networkConfiguration) !== JSON.stringify(current.networkConfiguration);
  }

  const loadBalancers = request.objects('loadBalancers');
  if (loadBalancers !== undefined || taskDefinitionChanged) {
    next.loadBalancers = loadBalancers ?? current.loadBalancers;
    checkLoadBalancers(state, next.loadBalancers, taskDefinition);
    redeploy ||= JSON.stringify(next.loadBalancers) !== JSON.stringify(current.loadBalancers);
  }
  const gracePeriod = gracePeriodOf(request, next.loadBalancers);
  if (gracePeriod !== undefined) next.healthCheckGracePeriodSeconds = gracePeriod;

  const platformVersion = request.string('platformVersion');
  if (platformVersion !== undefined && platformVersion !== current.platformVersion) {
    next.platformVersion = platformVersion;
    redeploy = true;
  }
  const serviceRegistries = request.objects('serviceRegistries');
  if (serviceRegistries !== undefined) {
    redeploy ||= JSON.stringify(serviceRegistries) !== JSON.stringify(current.serviceRegistries);
    next.serviceRegistries = serviceRegistries;
  }
  next.deploymentConfiguration = mergeDeploymentConfiguration(
    current.deploymentConfiguration,
    request.object('deploymentConfiguration'),
  );
  const deploymentController = request.object('deploymentController');
  if (deploymentController !== undefined) next.deploymentController = deploymentController;
  const enableExecuteCommand = request.boolean('enableExecuteCommand');
  if (enableExecuteCommand !== undefined) next.enableExecuteCommand = enableExecuteCommand;
  const enableManagedTags = request.boolean('enableECSManagedTags');
  if (enableManagedTags !== undefined) next.enableECSManagedTags = enableManagedTags;
  const propagateTags = request.string('propagateTags');
  if (propagateTags !== undefined) next.propagateTags = propagateTags;
  const rebalancing = request.string('availabilityZoneRebalancing');
  if (rebalancing !== undefined) next.availabilityZoneRebalancing = rebalancing;
  const placementConstraints = request.objects('placementConstraints');
  if (placementConstraints !== undefined) next.placementConstraints = placementConstraints;
  const placementStrategy = request.objects('placementStrategy');
  if (placementStrategy !== undefined) next.placementStrategy = placementStrategy;

  // Every check passed: from here on the update is applied.
  const now = epochSeconds(ctx);
  next.runningCount = next.desiredCount;
  next.pendingCount = 0;
  const messages: string[] = [];
  if (redeploy) {
    const deployment = completedDeployment(state, next, now);
    next.deployments = [deployment];
    if (current.runningCount > 0)
      messages.push(stoppedTasksMessage(state, next.serviceName, current.runningCount));
    if (next.desiredCount > 0)
      messages.push(startedTasksMessage(state, next.serviceName, next.desiredCount));
    messages.push(deploymentCompletedMessage(next.serviceName, deployment.id));
  } else if (next.desiredCount !== current.desiredCount) {
    next.deployments = next.deployments.map((deployment) =>
      deployment.status === 'PRIMARY'
        ? {
            ...deployment,
            desiredCount: next.desiredCount,
            runningCount: next.desiredCount,
            updatedAt: now,
          }
        : deployment,
    );
    const delta = next.desiredCount - current.desiredCount;
    messages.push(
      delta > 0
        ? startedTasksMessage(state, next.serviceName, delta)
        : stoppedTasksMessage(state, next.serviceName, -delta),
    );
  }
  if (messages.length > 0) {
    messages.push(steadyStateMessage(next.serviceName));
    next.events = withEvents(next.events, serviceEvents(state, now, messages));
  }
  syncTargets(state, next, redeploy);
  state.ecs.services[next.serviceArn] = next;
  return { service: serviceView(next, false) };
};

/**
 * DeleteService. Refused while scaled above 0 unless `force`. The answer shows the service DRAINING;
 * it is INACTIVE at once after (the sandbox converges instantly) and stays describable until a new
 * service of the same name is created.
 */
export const deleteService: OperationHandler = (state, input, ctx) => {
  const request = new EcsInput(input);
  const cluster = findCluster(state, ctx, request.string('cluster'));
  const service = findService(state, ctx, cluster, request.requiredString('service', 'Service'));
  if (service === undefined) throw ecsErrors.serviceNotFound();
  if (service.status !== 'ACTIVE') throw ecsErrors.serviceNotActive();
  const force = request.boolean('force') ?? false;
  if (!force && service.schedulingStrategy === 'REPLICA' && service.desiredCount > 0) {
    throw ecsErrors.invalidParameter('The service cannot be stopped while it is scaled above 0.');
  }
  const now = epochSeconds(ctx);
  const stopped = service.runningCount;
  service.status = 'DRAINING';
  service.desiredCount = 0;
  const draining = serviceView(service, false);
  service.status = 'INACTIVE';
  service.runningCount = 0;
  service.pendingCount = 0;
  service.deployments = service.deployments.map((deployment) => ({
    ...deployment,
    desiredCount: 0,
    runningCount: 0,
    updatedAt: now,
  }));
  if (stopped > 0) {
    service.events = withEvents(
      service.events,
      serviceEvents(state, now, [stoppedTasksMessage(state, service.serviceName, stopped)]),
    );
  }
  syncTargets(state, service, false);
  return { service: draining };
};
