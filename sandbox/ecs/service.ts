import type { SandboxService } from '../service.js';
import { createCluster, deleteCluster, describeClusters, listClusters } from './clusters.js';
import { createService, deleteService, updateService } from './service-operations.js';
import { describeServices, listServices } from './service-queries.js';
import { listTagsForResource, tagResource, untagResource } from './tags.js';
import {
  deregisterTaskDefinition,
  describeTaskDefinition,
  listTaskDefinitions,
  registerTaskDefinition,
} from './task-definitions.js';

/**
 * The ECS emulation (awsJson1_1, target prefix `AmazonEC2ContainerServiceV20141113`): clusters, task
 * definitions, services and tags. Services converge at once: `runningCount` equals `desiredCount` and
 * every deployment is COMPLETED when the call returns.
 */
export const ecsService: SandboxService = {
  signingName: 'ecs',
  name: 'ECS',
  protocol: 'json',
  jsonTargetPrefix: 'AmazonEC2ContainerServiceV20141113',
  jsonVersion: '1.1',
  operations: {
    CreateCluster: createCluster,
    DescribeClusters: describeClusters,
    ListClusters: listClusters,
    DeleteCluster: deleteCluster,
    RegisterTaskDefinition: registerTaskDefinition,
    DescribeTaskDefinition: describeTaskDefinition,
    DeregisterTaskDefinition: deregisterTaskDefinition,
    ListTaskDefinitions: listTaskDefinitions,
    CreateService: createService,
    UpdateService: updateService,
    DeleteService: deleteService,
    DescribeServices: describeServices,
    ListServices: listServices,
    TagResource: tagResource,
    UntagResource: untagResource,
    ListTagsForResource: listTagsForResource,
  },
};
