import type { ISecurityGroup, IVpc, SubnetSelection } from 'aws-cdk-lib/aws-ec2';
import {
  type ApplicationListener,
  ApplicationLoadBalancer,
  ApplicationProtocol,
  ApplicationTargetGroup,
  ListenerAction,
  ListenerCertificate,
  type SslPolicy,
  TargetType,
} from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import {
  BlockPublicAccess,
  Bucket,
  BucketEncryption,
  type IBucket,
  ObjectOwnership,
} from 'aws-cdk-lib/aws-s3';
import { Duration, RemovalPolicy, Tags } from 'aws-cdk-lib/core';
import { Construct } from 'constructs';
import { listenerSslPolicy } from '../../controller/model/listener-defaults.js';
import type {
  ListenerSpec,
  LoadBalancerSpec,
  TargetGroupSpec,
} from '../../controller/model/manifest.js';

/** Props of {@link PlatformLoadBalancer}. */
export interface PlatformLoadBalancerProps {
  /** The load balancer as the manifest declares it. */
  readonly spec: LoadBalancerSpec;
  /** Physical load balancer name. */
  readonly loadBalancerName: string;
  /** Physical name of each declared target group. */
  readonly targetGroupName: (group: TargetGroupSpec) => string;
  /** Container port of the service behind each declared target group. */
  readonly targetPort: (group: TargetGroupSpec) => number;
  readonly vpc: IVpc;
  readonly subnets: SubnetSelection;
  readonly securityGroup: ISecurityGroup;
}

/**
 * The Application Load Balancer as declared: its attributes (idle timeout, invalid-header dropping,
 * deletion protection), one IP target group per declared group (health check, deregistration delay,
 * tags) and one listener per declared port, forwarding to its group or redirecting, HTTPS listeners
 * with their certificate and security policy. With access logs on, it owns the bucket they go to.
 * Listener ingress is opened by the network's security group, not here.
 */
export class PlatformLoadBalancer extends Construct {
  readonly loadBalancer: ApplicationLoadBalancer;
  /** The access-log bucket, when the manifest turns access logs on. */
  readonly accessLogsBucket: Bucket | undefined;
  /** Target groups by their manifest name. */
  readonly targetGroups: ReadonlyMap<string, ApplicationTargetGroup>;
  /** Listeners by port. */
  readonly listeners: ReadonlyMap<number, ApplicationListener>;

  constructor(scope: Construct, id: string, props: PlatformLoadBalancerProps) {
    super(scope, id);
    const { spec } = props;
    this.loadBalancer = new ApplicationLoadBalancer(this, 'LoadBalancer', {
      loadBalancerName: props.loadBalancerName,
      vpc: props.vpc,
      vpcSubnets: props.subnets,
      internetFacing: spec.scheme === 'internet-facing',
      securityGroup: props.securityGroup,
      ...(spec.idleTimeoutSeconds !== undefined
        ? { idleTimeout: Duration.seconds(spec.idleTimeoutSeconds) }
        : {}),
      dropInvalidHeaderFields: spec.dropInvalidHeaderFields,
      deletionProtection: spec.deletionProtection,
    });
    this.accessLogsBucket = spec.accessLogs ? this.logAccessLogs() : undefined;
    for (const [key, value] of Object.entries(spec.tags))
      Tags.of(this.loadBalancer).add(key, value);

    const groups = new Map<string, ApplicationTargetGroup>();
    for (const group of spec.targetGroups) {
      const health = group.healthCheck;
      const targetGroup = new ApplicationTargetGroup(this, `TargetGroup-${group.name}`, {
        targetGroupName: props.targetGroupName(group),
        vpc: props.vpc,
        targetType: TargetType.IP,
        protocol: ApplicationProtocol.HTTP,
        port: props.targetPort(group),
        deregistrationDelay: Duration.seconds(group.deregistrationDelaySeconds),
        healthCheck: {
          path: health.path,
          port: String(health.port),
          interval: Duration.seconds(health.intervalSeconds),
          timeout: Duration.seconds(health.timeoutSeconds),
          healthyThresholdCount: health.healthyThreshold,
          unhealthyThresholdCount: health.unhealthyThreshold,
          healthyHttpCodes: health.matcher,
        },
      });
      for (const [key, value] of Object.entries(group.tags)) Tags.of(targetGroup).add(key, value);
      groups.set(group.name, targetGroup);
    }
    this.targetGroups = groups;

    const listeners = new Map<number, ApplicationListener>();
    for (const listener of spec.listeners) {
      const sslPolicy = listenerSslPolicy(listener);
      const created = this.loadBalancer.addListener(`Listener${listener.port}`, {
        port: listener.port,
        protocol: ApplicationProtocol[listener.protocol],
        ...(listener.certificateArn
          ? { certificates: [ListenerCertificate.fromArn(listener.certificateArn)] }
          : {}),
        // The manifest's vocabulary holds only names of ELB's predefined policies.
        ...(sslPolicy ? { sslPolicy: sslPolicy as SslPolicy } : {}),
        defaultAction: defaultAction(listener, groups),
        // Ingress is the network's job, so the whole chain is declared in one place.
        open: false,
      });
      listeners.set(listener.port, created);
    }
    this.listeners = listeners;
  }

  /**
   * The bucket the load balancer writes its access logs to, with the regional ELB account's (or log
   * delivery service's) write permission. It holds data: it is retained when removed from the
   * template or replaced, and the stateful guard blocks both. ELB delivers only to buckets
   * encrypted with S3-managed keys.
   */
  private logAccessLogs(): Bucket {
    const bucket = new Bucket(this, 'AccessLogs', {
      encryption: BucketEncryption.S3_MANAGED,
      blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
      objectOwnership: ObjectOwnership.BUCKET_OWNER_ENFORCED,
      enforceSSL: true,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    // Asserted as in PlatformStack: class and interface disagree on `?:` (`isWebsite`).
    this.loadBalancer.logAccessLogs(bucket as IBucket);
    return bucket;
  }
}

/** A listener's default action: forward to its target group, or redirect. */
function defaultAction(
  listener: ListenerSpec,
  groups: ReadonlyMap<string, ApplicationTargetGroup>,
): ListenerAction {
  if (listener.redirect) {
    const { protocol, port, statusCode } = listener.redirect;
    // Host, path and query are left out: ELBv2 keeps the request's (#{host}, /#{path}, #{query}).
    return ListenerAction.redirect({
      protocol,
      port: String(port),
      permanent: statusCode === 'HTTP_301',
    });
  }
  const forward = listener.forward === undefined ? undefined : groups.get(listener.forward);
  // The manifest invariants guarantee the reference; fail loudly if a caller bypassed them.
  if (!forward)
    throw new Error(`listener ${listener.port}: unknown target group "${listener.forward}"`);
  return ListenerAction.forward([forward]);
}
