import type {
  Action,
  Listener,
  LoadBalancer,
  LoadBalancerAttribute,
  RedirectActionConfig,
  TargetGroup,
} from '@aws-sdk/client-elastic-load-balancing-v2';
import { ObservationFailedError } from '../../model/errors.js';
import type {
  ListenerState,
  LoadBalancerState,
  RedirectState,
  TargetGroupState,
} from '../../model/live-state.js';

/** The load balancer attributes Plumbline compares, by their live-state field. */
export const LOAD_BALANCER_ATTRIBUTES = {
  idleTimeoutSeconds: 'idle_timeout.timeout_seconds',
  dropInvalidHeaderFields: 'routing.http.drop_invalid_header_fields.enabled',
  deletionProtection: 'deletion_protection.enabled',
  accessLogs: 'access_logs.s3.enabled',
} as const;

/** The compared attributes of a load balancer, as read by `DescribeLoadBalancerAttributes`. */
export type LoadBalancerAttributeValues = Pick<
  LoadBalancerState,
  'idleTimeoutSeconds' | 'dropInvalidHeaderFields' | 'deletionProtection' | 'accessLogs'
>;

/**
 * Translates a `DescribeLoadBalancerAttributes` list. An attribute AWS does not list stays absent;
 * one with a value of the wrong form fails the read, so it is reported, never compared as off.
 */
export function toLoadBalancerAttributes(
  attributes: readonly LoadBalancerAttribute[],
): LoadBalancerAttributeValues {
  const value = (key: string) => attributes.find((a) => a.Key === key)?.Value;
  const keys = LOAD_BALANCER_ATTRIBUTES;
  const idle = value(keys.idleTimeoutSeconds);
  const seconds = idle === undefined ? undefined : Number(idle);
  if (seconds !== undefined && !Number.isFinite(seconds))
    throw new ObservationFailedError(undefined, `${keys.idleTimeoutSeconds} is "${idle}"`);
  const flag = (key: string): boolean | undefined => {
    const text = value(key);
    if (text === undefined) return undefined;
    if (text !== 'true' && text !== 'false')
      throw new ObservationFailedError(undefined, `${key} is "${text}"`);
    return text === 'true';
  };
  const dropInvalidHeaderFields = flag(keys.dropInvalidHeaderFields);
  const deletionProtection = flag(keys.deletionProtection);
  const accessLogs = flag(keys.accessLogs);
  return {
    ...(seconds === undefined ? {} : { idleTimeoutSeconds: seconds }),
    ...(dropInvalidHeaderFields === undefined ? {} : { dropInvalidHeaderFields }),
    ...(deletionProtection === undefined ? {} : { deletionProtection }),
    ...(accessLogs === undefined ? {} : { accessLogs }),
  };
}

/** Translates a `DescribeLoadBalancers` entry, with its attributes when they were read. */
export function toLoadBalancerState(
  lb: LoadBalancer,
  attributes: LoadBalancerAttributeValues | undefined,
): LoadBalancerState {
  return {
    name: lb.LoadBalancerName ?? '',
    arn: lb.LoadBalancerArn ?? '',
    scheme: lb.Scheme ?? '',
    dnsName: lb.DNSName ?? '',
    ...attributes,
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
      intervalSeconds: tg.HealthCheckIntervalSeconds ?? null,
      timeoutSeconds: tg.HealthCheckTimeoutSeconds ?? null,
      healthyThreshold: tg.HealthyThresholdCount ?? null,
      unhealthyThreshold: tg.UnhealthyThresholdCount ?? null,
      matcher: tg.Matcher?.HttpCode ?? null,
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
  const redirect = firstRedirect(listener.DefaultActions ?? []);
  return {
    arn: listener.ListenerArn ?? '',
    port: listener.Port ?? 0,
    protocol: listener.Protocol ?? '',
    certificateArns: (listener.Certificates ?? []).flatMap((c) =>
      c.CertificateArn === undefined ? [] : [c.CertificateArn],
    ),
    ...(listener.SslPolicy ? { sslPolicy: listener.SslPolicy } : {}),
    forwardTargetGroups: [...new Set(forwardArns(listener.DefaultActions ?? []))].map(
      targetGroupName,
    ),
    ...(redirect ? { redirect } : {}),
  };
}

/**
 * The redirect of the default actions, if any. AWS lists every part of the target; a part it
 * leaves out keeps the request's, so it reads as the keyword that says so.
 */
function firstRedirect(actions: readonly Action[]): RedirectState | undefined {
  const config: RedirectActionConfig | undefined = [...actions]
    .sort((a, b) => (a.Order ?? 0) - (b.Order ?? 0))
    .find((a) => a.Type === 'redirect')?.RedirectConfig;
  if (!config) return undefined;
  const port = config.Port ?? '#{port}';
  return {
    protocol: config.Protocol ?? '#{protocol}',
    port: /^\d+$/.test(port) ? Number(port) : port,
    host: config.Host ?? '#{host}',
    path: config.Path ?? '/#{path}',
    query: config.Query ?? '#{query}',
    statusCode: config.StatusCode ?? '',
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
