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
  /** ECS reads an unset `readonlyRootFilesystem` as off; so does this. */
  readonly readonlyRootFilesystem: boolean;
}

/** A task definition revision; immutable, so observers cache it by ARN. */
export interface TaskDefinitionState {
  readonly arn: string;
  readonly family: string;
  readonly revision: number;
  /** `null`: the task definition declares none (absent is never read as 0). */
  readonly cpu: number | null;
  readonly memory: number | null;
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
  readonly engineVersion: string | null;
  readonly instanceClass: string | null;
  readonly allocatedStorage: number | null;
  readonly storageType: string | null;
  readonly multiAz: boolean | null;
  readonly backupRetentionDays: number | null;
  readonly deletionProtection: boolean | null;
  readonly storageEncrypted: boolean | null;
  readonly publiclyAccessible: boolean | null;
  readonly tags: Readonly<Record<string, string>>;
}

export interface LoadBalancerState {
  readonly name: string;
  readonly arn: string;
  readonly scheme: string;
  readonly dnsName: string;
  /**
   * The attributes below are read (one extra API call) only when the manifest declares the idle
   * timeout or turns any of the others on; absent when not read, or when AWS did not list them.
   */
  readonly idleTimeoutSeconds?: number;
  readonly dropInvalidHeaderFields?: boolean;
  readonly deletionProtection?: boolean;
  readonly accessLogs?: boolean;
}

export interface TargetGroupHealthCheckState {
  readonly path: string;
  readonly port: 'traffic-port' | number;
  readonly protocol: string;
  /** `null` for a value ELBv2 did not return; never read as 0 or "". */
  readonly intervalSeconds: number | null;
  readonly timeoutSeconds: number | null;
  readonly healthyThreshold: number | null;
  readonly unhealthyThreshold: number | null;
  readonly matcher: string | null;
}

export interface TargetGroupState {
  readonly name: string;
  readonly arn: string;
  readonly port: number;
  readonly protocol: string;
  readonly healthCheck: TargetGroupHealthCheckState;
}

/** Where a listener's default action redirects to, as ELBv2 reports it. */
export interface RedirectState {
  readonly protocol: string;
  /** A number, or a keyword such as `#{port}`. */
  readonly port: number | string;
  readonly host: string;
  readonly path: string;
  readonly query: string;
  readonly statusCode: string;
}

export interface ListenerState {
  readonly arn: string;
  readonly port: number;
  readonly protocol: string;
  readonly certificateArns: readonly string[];
  /** Security policy of an HTTPS listener; absent on HTTP. */
  readonly sslPolicy?: string;
  /** Names of the target groups the default action forwards to. */
  readonly forwardTargetGroups: readonly string[];
  /** The default redirect action, when the listener redirects. */
  readonly redirect?: RedirectState;
}

/** A service found in the cluster that no declaration names: only its identity is read. */
export interface UnmanagedServiceState {
  readonly serviceName: string;
  readonly arn: string;
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
  /**
   * Services in the declared cluster that the manifest does not declare; absent when they were not
   * looked for (`drift.unmanagedServices: ignore`).
   */
  readonly unmanagedServices?: Observation<readonly UnmanagedServiceState[]>;
  /** Resources attached to the declared load balancer that the manifest does not declare. */
  readonly undeclared: {
    readonly targetGroups: readonly TargetGroupState[];
    readonly listeners: readonly ListenerState[];
  };
}
