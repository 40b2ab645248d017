/**
 * The persisted state of the ELBv2 emulation: load balancers, target groups (with their registered
 * targets) and listeners, keyed by ARN. Plain JSON, so the server can write it to disk after every
 * mutating call. Other emulations may register targets by appending to `targetGroups[arn].Targets`.
 */

/** An ELBv2 resource tag. */
export interface Elbv2Tag {
  Key: string;
  Value?: string;
}

/** A load balancer. */
export interface LoadBalancerRecord {
  LoadBalancerArn: string;
  LoadBalancerName: string;
  DNSName: string;
  CanonicalHostedZoneId: string;
  /** ISO 8601. */
  CreatedTime: string;
  Scheme: string;
  VpcId: string;
  Type: string;
  IpAddressType: string;
  SecurityGroups: string[];
  AvailabilityZones: Array<{ ZoneName: string; SubnetId: string }>;
  /** Attribute values by key (`idle_timeout.timeout_seconds` → `60`). */
  Attributes: Record<string, string>;
  Tags: Elbv2Tag[];
}

/** A registered target. */
export interface TargetRecord {
  Id: string;
  Port?: number;
  AvailabilityZone?: string;
}

/** A target group with its attributes and registered targets. */
export interface TargetGroupRecord {
  TargetGroupArn: string;
  TargetGroupName: string;
  TargetType: string;
  Protocol?: string;
  ProtocolVersion?: string;
  Port?: number;
  VpcId?: string;
  IpAddressType?: string;
  HealthCheckEnabled: boolean;
  HealthCheckProtocol?: string;
  HealthCheckPort?: string;
  HealthCheckPath?: string;
  HealthCheckIntervalSeconds: number;
  HealthCheckTimeoutSeconds: number;
  HealthyThresholdCount: number;
  UnhealthyThresholdCount: number;
  Matcher?: { HttpCode?: string; GrpcCode?: string };
  Attributes: Record<string, string>;
  Targets: TargetRecord[];
  Tags: Elbv2Tag[];
}

/** A listener or rule action, as the SDK's `Action` (only plain JSON members). */
export interface ActionRecord {
  Type: string;
  TargetGroupArn?: string;
  Order?: number;
  ForwardConfig?: {
    TargetGroups: Array<{ TargetGroupArn: string; Weight?: number }>;
    TargetGroupStickinessConfig?: { Enabled: boolean; DurationSeconds?: number };
  };
  RedirectConfig?: {
    Protocol?: string;
    Port?: string;
    Host?: string;
    Path?: string;
    Query?: string;
    StatusCode: string;
  };
  FixedResponseConfig?: { MessageBody?: string; StatusCode: string; ContentType?: string };
}

/** A listener. */
export interface ListenerRecord {
  ListenerArn: string;
  LoadBalancerArn: string;
  Port: number;
  Protocol: string;
  Certificates?: Array<{ CertificateArn: string; IsDefault?: boolean }>;
  SslPolicy?: string;
  AlpnPolicy?: string[];
  DefaultActions: ActionRecord[];
  Tags: Elbv2Tag[];
}

/** The ELBv2 emulation's slice of the sandbox state. */
export interface Elbv2State {
  loadBalancers: Record<string, LoadBalancerRecord>;
  targetGroups: Record<string, TargetGroupRecord>;
  listeners: Record<string, ListenerRecord>;
}

/** An empty ELBv2 state. */
export function initialElbv2State(): Elbv2State {
  return { loadBalancers: {}, targetGroups: {}, listeners: {} };
}
