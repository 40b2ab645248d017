import type {
  Action,
  Listener,
  LoadBalancer,
  TargetGroup,
} from '@aws-sdk/client-elastic-load-balancing-v2';
import type { ListenerState, LoadBalancerState, TargetGroupState } from '../../model/live-state.js';

/** The load balancer attribute that holds the idle timeout. */
export const IDLE_TIMEOUT_ATTRIBUTE = 'idle_timeout.timeout_seconds';

/** Translates a `DescribeLoadBalancers` entry, with the idle timeout when it was read. */
export function toLoadBalancerState(
  lb: LoadBalancer,
  idleTimeoutSeconds: number | undefined,
): LoadBalancerState {
  return {
    name: lb.LoadBalancerName ?? '',
    arn: lb.LoadBalancerArn ?? '',
    scheme: lb.Scheme ?? '',
    dnsName: lb.DNSName ?? '',
    ...(idleTimeoutSeconds === undefined ? {} : { idleTimeoutSeconds }),
  };
}

/** Translates a `DescribeTargetGroups` entry. */
export function toTargetGroupState(tg: TargetGroup): TargetGroupState {
  return {
    name: tg.TargetGroupName ?? '',
    arn: tg.TargetGroupArn ?? '',
    port: tg.Port ?? 0,
    protocol: tg.Protocol ?? '',
    healthCheck: {
      path: tg.HealthCheckPath ?? '',
      port: toHealthCheckPort(tg.HealthCheckPort),
      protocol: tg.HealthCheckProtocol ?? '',
      intervalSeconds: tg.HealthCheckIntervalSeconds ?? 0,
      timeoutSeconds: tg.HealthCheckTimeoutSeconds ?? 0,
      healthyThreshold: tg.HealthyThresholdCount ?? 0,
      unhealthyThreshold: tg.UnhealthyThresholdCount ?? 0,
      matcher: tg.Matcher?.HttpCode ?? '',
    },
  };
}

/**
 * Translates a `DescribeListeners` entry. `targetGroupName` resolves a target group ARN to its
 * name (see {@link targetGroupNameFromArn} for ARNs outside the load balancer's target groups).
 */
export function toListenerState(
  listener: Listener,
  targetGroupName: (arn: string) => string,
): ListenerState {
  return {
    arn: listener.ListenerArn ?? '',
    port: listener.Port ?? 0,
    protocol: listener.Protocol ?? '',
    certificateArns: (listener.Certificates ?? []).flatMap((c) =>
      c.CertificateArn === undefined ? [] : [c.CertificateArn],
    ),
    forwardTargetGroups: [...new Set(forwardArns(listener.DefaultActions ?? []))].map(
      targetGroupName,
    ),
  };
}

/** `arn:aws:elasticloadbalancing:eu-west-1:123456789012:targetgroup/prod-api/50dc6c495c0c9188` → `prod-api`. */
export function targetGroupNameFromArn(arn: string): string {
  const [, name] = arn.split(':').slice(5).join(':').split('/');
  return name ?? arn;
}

/** Target group ARNs of the forward actions, single-target or weighted. */
function forwardArns(actions: readonly Action[]): string[] {
  return [...actions]
    .filter((a) => a.Type === 'forward')
    .sort((a, b) => (a.Order ?? 0) - (b.Order ?? 0))
    .flatMap((a) => {
      const weighted = (a.ForwardConfig?.TargetGroups ?? []).flatMap((t) =>
        t.TargetGroupArn === undefined ? [] : [t.TargetGroupArn],
      );
      if (weighted.length > 0) return weighted;
      return a.TargetGroupArn === undefined ? [] : [a.TargetGroupArn];
    });
}

function toHealthCheckPort(port: string | undefined): 'traffic-port' | number {
  const n = Number(port);
  return port === undefined || port === 'traffic-port' || !Number.isInteger(n) ? 'traffic-port' : n;
}
