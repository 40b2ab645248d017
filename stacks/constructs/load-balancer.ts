import type { ISecurityGroup, IVpc, SubnetSelection } from 'aws-cdk-lib/aws-ec2';
import {
  type ApplicationListener,
  ApplicationLoadBalancer,
  ApplicationProtocol,
  ApplicationTargetGroup,
  ListenerCertificate,
  TargetType,
} from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import { Duration, Tags } from 'aws-cdk-lib/core';
import { Construct } from 'constructs';
import type { LoadBalancerSpec, TargetGroupSpec } from '../../controller/model/manifest.js';

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
 * The Application Load Balancer as declared: one IP target group per declared group (health
 * check, deregistration delay, tags) and one listener per declared port, forwarding to its group.
 * Listener ingress is opened by the network's security group, not here.
 */
export class PlatformLoadBalancer extends Construct {
  readonly loadBalancer: ApplicationLoadBalancer;
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
    });
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
      const forward = groups.get(listener.forward);
      // The manifest invariants guarantee the reference; fail loudly if a caller bypassed them.
      if (!forward)
        throw new Error(`listener ${listener.port}: unknown target group "${listener.forward}"`);
      const created = this.loadBalancer.addListener(`Listener${listener.port}`, {
        port: listener.port,
        protocol: ApplicationProtocol[listener.protocol],
        ...(listener.certificateArn
          ? { certificates: [ListenerCertificate.fromArn(listener.certificateArn)] }
          : {}),
        defaultTargetGroups: [forward],
        // Ingress is the network's job, so the whole chain is declared in one place.
        open: false,
      });
      listeners.set(listener.port, created);
    }
    this.listeners = listeners;
  }
}
