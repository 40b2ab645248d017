/**
 * ECS resources in the ECS emulation: clusters, task definitions (every change a new revision)
 * and services, made through the ECS operation handlers so that they are what the ECS API makes.
 */

import { clusterArnOf, parseEcsArn } from '../../ecs/arns.js';
import { findCluster } from '../../ecs/clusters.js';
import { ecsErrors } from '../../ecs/errors.js';
import { ecsService } from '../../ecs/service.js';
import type { JsonObject } from '../../shared/json-value.js';
import type { SandboxState } from '../../state.js';
import type { StackContext } from '../contract.js';
import { ecsTags, memberName, members, retag } from './ecs-properties.js';
import {
  alreadyExists,
  changes,
  generatedName,
  type Handlers,
  integer,
  invoke,
  reported,
  resourceTags,
  text,
} from './support.js';

function ecs(
  operation: string,
  state: SandboxState,
  input: Record<string, unknown>,
  ctx: StackContext,
): Record<string, unknown> {
  return invoke(ecsService, operation, state, input, ctx);
}

const CLUSTER_SETTINGS = [
  'ClusterSettings',
  'CapacityProviders',
  'DefaultCapacityProviderStrategy',
  'Configuration',
  'ServiceConnectDefaults',
];

const TASK_DEFINITION_PROPERTIES = [
  'ContainerDefinitions',
  'Cpu',
  'EnableFaultInjection',
  'EphemeralStorage',
  'ExecutionRoleArn',
  'Family',
  'InferenceAccelerators',
  'IpcMode',
  'Memory',
  'NetworkMode',
  'PidMode',
  'PlacementConstraints',
  'ProxyConfiguration',
  'RequiresCompatibilities',
  'RuntimePlatform',
  'TaskRoleArn',
  'Volumes',
];

const SERVICE_REPLACED_ON = [
  'Cluster',
  'DeploymentController',
  'LaunchType',
  'Role',
  'SchedulingStrategy',
  'ServiceName',
];
const SERVICE_UPDATED = [
  'AvailabilityZoneRebalancing',
  'CapacityProviderStrategy',
  'DeploymentConfiguration',
  'DesiredCount',
  'EnableECSManagedTags',
  'EnableExecuteCommand',
  'HealthCheckGracePeriodSeconds',
  'LoadBalancers',
  'NetworkConfiguration',
  'PlacementConstraints',
  'PlacementStrategies',
  'PlatformVersion',
  'PropagateTags',
  'ServiceConnectConfiguration',
  'ServiceRegistries',
  'TaskDefinition',
  'VolumeConfigurations',
];
/** Lists that, removed from the template, are emptied on the service. */
const SERVICE_CLEARED = [
  'LoadBalancers',
  'PlacementConstraints',
  'PlacementStrategies',
  'ServiceRegistries',
];

/** The cluster name in a long-format service ARN (`...:service/<cluster>/<service>`). */
function clusterOf(serviceArn: string): string {
  return parseEcsArn(serviceArn)?.resource.split('/')[0] ?? '';
}

function serviceResult(arn: string) {
  const name = arn.split('/').pop() ?? '';
  return { physicalId: arn, attributes: { ServiceArn: arn, Name: name } };
}

/** `AWS::ECS::Cluster`, `AWS::ECS::TaskDefinition`, `AWS::ECS::Service`. */
export const ecsHandlers: Handlers = {
  'AWS::ECS::Cluster': {
    replaceOn: ['ClusterName'],
    nameProperty: 'ClusterName',
    create(state, logicalId, props, ctx) {
      const name = text(props, 'ClusterName') ?? generatedName(state, ctx, logicalId);
      const arn = clusterArnOf(ctx, name);
      if (state.ecs.clusters[arn]?.status === 'ACTIVE')
        throw alreadyExists('AWS::ECS::Cluster', name);
      const input = {
        clusterName: name,
        ...members(props, CLUSTER_SETTINGS),
        tags: ecsTags(resourceTags(props, ctx)),
      };
      ecs('CreateCluster', state, input, ctx);
      retag(state.ecs.clusters[arn], props, ctx, logicalId);
      return { physicalId: name, attributes: { Arn: arn } };
    },
    update(state, _logicalId, physicalId, _previous, props, ctx) {
      const cluster = reported(ecsService, ctx, () => findCluster(state, ctx, physicalId));
      // The API's UpdateCluster, UpdateClusterSettings and PutClusterCapacityProviders, at once.
      const settings = members(props, CLUSTER_SETTINGS) as {
        settings?: JsonObject[];
        capacityProviders?: string[];
        defaultCapacityProviderStrategy?: JsonObject[];
        configuration?: JsonObject;
        serviceConnectDefaults?: JsonObject;
      };
      cluster.settings = settings.settings ?? [{ name: 'containerInsights', value: 'disabled' }];
      cluster.capacityProviders = settings.capacityProviders ?? [];
      cluster.defaultCapacityProviderStrategy = settings.defaultCapacityProviderStrategy ?? [];
      if (settings.configuration === undefined) delete cluster.configuration;
      else cluster.configuration = settings.configuration;
      if (settings.serviceConnectDefaults === undefined) delete cluster.serviceConnectDefaults;
      else cluster.serviceConnectDefaults = settings.serviceConnectDefaults;
      retag(cluster, props, ctx);
      return { physicalId, attributes: { Arn: cluster.clusterArn } };
    },
    delete(state, physicalId, _props, ctx) {
      if (state.ecs.clusters[clusterArnOf(ctx, physicalId)]?.status !== 'ACTIVE') return;
      ecs('DeleteCluster', state, { cluster: physicalId }, ctx);
    },
  },
  'AWS::ECS::TaskDefinition': {
    replaceOn: TASK_DEFINITION_PROPERTIES,
    create(state, logicalId, props, ctx) {
      const cpu = text(props, 'Cpu');
      const memory = text(props, 'Memory');
      const input = {
        ...members(props, TASK_DEFINITION_PROPERTIES),
        family: text(props, 'Family') ?? generatedName(state, ctx, logicalId),
        ...(cpu === undefined ? {} : { cpu }),
        ...(memory === undefined ? {} : { memory }),
        tags: ecsTags(resourceTags(props, ctx)),
      };
      const { taskDefinition } = ecs('RegisterTaskDefinition', state, input, ctx) as {
        taskDefinition: { taskDefinitionArn: string };
      };
      const arn = taskDefinition.taskDefinitionArn;
      retag(state.ecs.taskDefinitions[arn], props, ctx, logicalId);
      return { physicalId: arn, attributes: { TaskDefinitionArn: arn } };
    },
    update(state, _logicalId, physicalId, _previous, props, ctx) {
      ecs('DescribeTaskDefinition', state, { taskDefinition: physicalId }, ctx);
      retag(state.ecs.taskDefinitions[physicalId], props, ctx);
      return { physicalId, attributes: { TaskDefinitionArn: physicalId } };
    },
    delete(state, physicalId, _props, ctx) {
      if (state.ecs.taskDefinitions[physicalId]?.status !== 'ACTIVE') return;
      ecs('DeregisterTaskDefinition', state, { taskDefinition: physicalId }, ctx);
    },
  },
  'AWS::ECS::Service': {
    replaceOn: SERVICE_REPLACED_ON,
    nameProperty: 'ServiceName',
    create(state, logicalId, props, ctx) {
      const daemon = text(props, 'SchedulingStrategy') === 'DAEMON';
      const input = {
        ...members(props, [...SERVICE_REPLACED_ON, ...SERVICE_UPDATED]),
        serviceName: text(props, 'ServiceName') ?? generatedName(state, ctx, logicalId),
        // CloudFormation starts one task when the template sets no count.
        ...(daemon ? {} : { desiredCount: integer(props, 'DesiredCount') ?? 1 }),
        tags: ecsTags(resourceTags(props, ctx)),
      };
      const { service } = ecs('CreateService', state, input, ctx) as {
        service: { serviceArn: string };
      };
      retag(state.ecs.services[service.serviceArn], props, ctx, logicalId);
      return serviceResult(service.serviceArn);
    },
    update(state, _logicalId, physicalId, previous, props, ctx) {
      if (state.ecs.services[physicalId]?.status !== 'ACTIVE') {
        reported(ecsService, ctx, () => {
          throw ecsErrors.serviceNotFound();
        });
      }
      // CloudFormation's handler sends every declared property, whatever changed (a new task
      // definition, a tag): a declared DesiredCount resets a count that auto-scaling or an
      // operator changed. An absent DesiredCount is left out of the call, so the count is kept.
      const cleared = changes(previous, props, SERVICE_CLEARED).filter(
        (name) => props[name] === undefined,
      );
      const input = {
        cluster: clusterOf(physicalId),
        service: physicalId,
        ...members(props, SERVICE_UPDATED),
        ...Object.fromEntries(cleared.map((name) => [memberName(name), []])),
      };
      ecs('UpdateService', state, input, ctx);
      retag(state.ecs.services[physicalId], props, ctx);
      return serviceResult(physicalId);
    },
    delete(state, physicalId, _props, ctx) {
      if (state.ecs.services[physicalId]?.status !== 'ACTIVE') return;
      ecs(
        'DeleteService',
        state,
        { cluster: clusterOf(physicalId), service: physicalId, force: true },
        ctx,
      );
    },
  },
};
