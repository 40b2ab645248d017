import type { JsonObject, JsonValue } from '../shared/json-value.js';

// Records are type aliases rather than interfaces so they are assignable to JsonObject: they are
// what the API returns, field for field.

/**
 * The ECS emulation's slice of the sandbox state. Resources are keyed by their full ARN, which holds
 * region and account, so each account and region sees only its own. Field names and shapes are those
 * of the ECS API; timestamps are epoch seconds, as the JSON protocol carries them.
 */
export interface EcsState {
  clusters: Record<string, EcsCluster>;
  services: Record<string, EcsService>;
  taskDefinitions: Record<string, EcsTaskDefinition>;
  /** Last revision used per family, keyed by the family's ARN prefix (`...:task-definition/<family>`). Never reused. */
  familyRevisions: Record<string, number>;
}

/** An ECS tag (`key`/`value`, lower case, as the ECS API spells them). */
export type EcsTag = {
  key: string;
  value: string;
};

export type EcsCluster = {
  clusterArn: string;
  clusterName: string;
  status: 'ACTIVE' | 'INACTIVE';
  tags: EcsTag[];
  settings: JsonObject[];
  configuration?: JsonObject;
  capacityProviders: string[];
  defaultCapacityProviderStrategy: JsonObject[];
  serviceConnectDefaults?: JsonObject;
};

/** A registered task definition revision, as `DescribeTaskDefinition` returns it, plus its tags. */
export type EcsTaskDefinition = {
  taskDefinitionArn: string;
  family: string;
  revision: number;
  status: 'ACTIVE' | 'INACTIVE' | 'DELETE_IN_PROGRESS';
  containerDefinitions: JsonObject[];
  networkMode: string;
  volumes: JsonObject[];
  placementConstraints: JsonObject[];
  requiresAttributes: JsonObject[];
  compatibilities: string[];
  requiresCompatibilities: string[];
  cpu?: string;
  memory?: string;
  taskRoleArn?: string;
  executionRoleArn?: string;
  runtimePlatform?: JsonObject;
  ephemeralStorage?: JsonObject;
  pidMode?: string;
  ipcMode?: string;
  proxyConfiguration?: JsonObject;
  inferenceAccelerators?: JsonObject[];
  enableFaultInjection?: boolean;
  registeredAt: number;
  registeredBy: string;
  deregisteredAt?: number;
  tags: EcsTag[];
};

export type EcsDeployment = {
  id: string;
  status: 'PRIMARY' | 'ACTIVE' | 'INACTIVE';
  taskDefinition: string;
  desiredCount: number;
  pendingCount: number;
  runningCount: number;
  failedTasks: number;
  createdAt: number;
  updatedAt: number;
  launchType?: string;
  capacityProviderStrategy?: JsonObject[];
  platformVersion?: string;
  platformFamily?: string;
  networkConfiguration?: JsonObject;
  rolloutState: 'COMPLETED' | 'FAILED' | 'IN_PROGRESS';
  rolloutStateReason: string;
};

export type EcsServiceEvent = {
  id: string;
  createdAt: number;
  message: string;
};

export type EcsDeploymentConfiguration = {
  deploymentCircuitBreaker: { enable: boolean; rollback: boolean };
  maximumPercent: number;
  minimumHealthyPercent: number;
  /** Other members of the ECS `DeploymentConfiguration` (alarms, strategy, ...), stored as given. */
  [key: string]: JsonValue;
};

/** An ECS service. A deleted service stays, INACTIVE, until a service of the same name replaces it. */
export type EcsService = {
  serviceArn: string;
  serviceName: string;
  clusterArn: string;
  status: 'ACTIVE' | 'DRAINING' | 'INACTIVE';
  taskDefinition: string;
  desiredCount: number;
  runningCount: number;
  pendingCount: number;
  launchType?: string;
  capacityProviderStrategy?: JsonObject[];
  platformVersion?: string;
  platformFamily?: string;
  loadBalancers: JsonObject[];
  serviceRegistries: JsonObject[];
  networkConfiguration?: JsonObject;
  deploymentConfiguration: EcsDeploymentConfiguration;
  deploymentController: JsonObject;
  deployments: EcsDeployment[];
  events: EcsServiceEvent[];
  placementConstraints: JsonObject[];
  placementStrategy: JsonObject[];
  healthCheckGracePeriodSeconds?: number;
  schedulingStrategy: string;
  roleArn?: string;
  createdAt: number;
  createdBy: string;
  enableECSManagedTags: boolean;
  propagateTags: string;
  enableExecuteCommand: boolean;
  availabilityZoneRebalancing?: string;
  /** Internal: the `clientToken` of the CreateService call, for idempotent retries. Not returned. */
  clientToken?: string;
  /** Internal: the targets this service's tasks hold in ELBv2 target groups. Not returned. */
  registeredTargets?: EcsRegisteredTarget[];
  tags: EcsTag[];
};

/** A task of a service registered in an ELBv2 target group (by IP, as `awsvpc` tasks are). */
export type EcsRegisteredTarget = {
  targetGroupArn: string;
  id: string;
  port: number;
};

/** An empty ECS slice. */
export function initialEcsState(): EcsState {
  return { clusters: {}, services: {}, taskDefinitions: {}, familyRevisions: {} };
}
