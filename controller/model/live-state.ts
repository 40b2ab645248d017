/**
 * What the observers saw. Every resource is an {@link Observation}: present with its value,
 * missing (AWS said it does not exist), or unchecked (it could not be read). Unchecked is never in sync.
 */
export type Observation<T> =
  | { readonly state: 'present'; readonly value: T }
  | { readonly state: 'missing' }
  | { readonly state: 'unchecked'; readonly reason: string };

export interface ContainerHealthCheckState {
  readonly command: readonly string[];
  readonly intervalSeconds: number;
  readonly timeoutSeconds: number;
  readonly retries: number;
  readonly startPeriodSeconds: number;
}

export interface ContainerState {
  readonly name: string;
  readonly image: string;
  /** `undefined` when the container runs the image's own command. */
  readonly command?: readonly string[];
  readonly containerPorts: readonly number[];
  readonly environment: Readonly<Record<string, string>>;
  /** Secret name to `valueFrom` ARN. */
  readonly secrets: Readonly<Record<string, string>>;
  readonly healthCheck?: ContainerHealthCheckState;
}

/** A task definition revision; immutable, so observers cache it by ARN. */
export interface TaskDefinitionState {
  readonly arn: string;
  readonly family: string;
  readonly revision: number;
  readonly cpu: number;
  readonly memory: number;
  readonly containers: readonly ContainerState[];
}

export interface EcsServiceState {
  readonly serviceName: string;
  readonly clusterName: string;
  /** ACTIVE, DRAINING or INACTIVE; only ACTIVE counts as present. */
  readonly status: string;
  readonly desiredCount: number;
  readonly runningCount: number;
  readonly taskDefinitionArn: string;
  readonly taskDefinition: Observation<TaskDefinitionState>;
  readonly deployment: {
    readonly minimumHealthyPercent: number;
    readonly maximumPercent: number;
    readonly circuitBreaker: { readonly enable: boolean; readonly rollback: boolean };
  };
  readonly loadBalancers: readonly {
    targetGroupArn: string;
    containerName: string;
    containerPort: number;
  }[];
  readonly tags: Readonly<Record<string, string>>;
}

export interface RdsInstanceState {
  readonly identifier: string;
  readonly status: string;
  readonly engine: string;
  readonly engineVersion: string;
  readonly instanceClass: string;
  readonly allocatedStorage: number;
  readonly storageType: string;
  readonly multiAz: boolean;
  readonly backupRetentionDays: number;
  readonly deletionProtection: boolean;
  readonly storageEncrypted: boolean;
  readonly publiclyAccessible: boolean;
  readonly tags: Readonly<Record<string, string>>;
}

export interface LoadBalancerState {
  readonly name: string;
  readonly arn: string;
  readonly scheme: string;
  readonly dnsName: string;
  /** Read only when the manifest declares it (one extra API call). */
  readonly idleTimeoutSeconds?: number;
}

export interface TargetGroupHealthCheckState {
  readonly path: string;
  readonly port: 'traffic-port' | number;
  readonly protocol: string;
  readonly intervalSeconds: number;
  readonly timeoutSeconds: number;
  readonly healthyThreshold: number;
  readonly unhealthyThreshold: number;
  readonly matcher: string;
}

export interface TargetGroupState {
  readonly name: string;
  readonly arn: string;
  readonly port: number;
  readonly protocol: string;
  readonly healthCheck: TargetGroupHealthCheckState;
}

export interface ListenerState {
  readonly arn: string;
  readonly port: number;
  readonly protocol: string;
  readonly certificateArns: readonly string[];
  /** Names of the target groups the default action forwards to. */
  readonly forwardTargetGroups: readonly string[];
}

/**
 * The live state of one environment, aligned with its manifest: maps are keyed by manifest names
 * (service and target group names, listener ports), so pairing needs no ARN parsing.
 */
export interface LiveState {
  readonly services: Readonly<Record<string, Observation<EcsServiceState>>>;
  /** Absent when the manifest declares no database. */
  readonly database?: Observation<RdsInstanceState>;
  /** Absent when the manifest declares no load balancer. */
  readonly loadBalancer?: Observation<LoadBalancerState>;
  readonly targetGroups: Readonly<Record<string, Observation<TargetGroupState>>>;
  readonly listeners: Readonly<Record<string, Observation<ListenerState>>>;
  /** Resources attached to the declared load balancer that the manifest does not declare. */
  readonly undeclared: {
    readonly targetGroups: readonly TargetGroupState[];
    readonly listeners: readonly ListenerState[];
  };
}
