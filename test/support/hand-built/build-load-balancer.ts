import {
  CreateListenerCommand,
  CreateLoadBalancerCommand,
  CreateTargetGroupCommand,
  type ElasticLoadBalancingV2Client,
  ModifyLoadBalancerAttributesCommand,
  ModifyTargetGroupAttributesCommand,
} from '@aws-sdk/client-elastic-load-balancing-v2';
import {
  type BucketLocationConstraint,
  CreateBucketCommand,
  type S3Client,
} from '@aws-sdk/client-s3';
import { fail } from './build-network.js';
import { type Log, type ManifestDoc, type NetworkIds, tagList } from './manifest-doc.js';

/**
 * The load balancer with its attributes (and, with access logs on, the bucket they go to), one
 * target group per exposed service, and the listeners. Returns TG ARNs by TG name.
 */
export async function createLoadBalancer(
  elbv2: ElasticLoadBalancingV2Client,
  s3: S3Client,
  doc: ManifestDoc,
  network: NetworkIds,
  log: Log,
): Promise<Record<string, { arn: string; service: string }>> {
  const lb = doc.loadBalancer ?? fail('no load balancer declared');
  const env = doc.environment.name;
  const logBucket = async () => {
    const bucket = `${env}-alb-access-logs-${doc.environment.account}`;
    await s3.send(
      new CreateBucketCommand({
        Bucket: bucket,
        CreateBucketConfiguration: {
          LocationConstraint: doc.environment.region as BucketLocationConstraint,
        },
      }),
    );
    log(`access-log bucket ${bucket}`);
    return bucket;
  };
  const created = await elbv2.send(
    new CreateLoadBalancerCommand({
      Name: lb.name ?? `${env}-alb`,
      Type: 'application',
      Scheme: (lb.scheme ?? 'internet-facing') as 'internet-facing' | 'internal',
      Subnets: lb.scheme === 'internal' ? network.privateSubnets : network.publicSubnets,
      SecurityGroups: [network.albSecurityGroup],
      Tags: tagList(doc.tags, lb.tags),
    }),
  );
  const lbArn =
    created.LoadBalancers?.[0]?.LoadBalancerArn ?? fail('CreateLoadBalancer returned no ARN');
  log(`load balancer ${lbArn}`);
  const attributes = [
    {
      Key: 'routing.http.drop_invalid_header_fields.enabled',
      Value: String(lb.dropInvalidHeaderFields ?? true),
    },
    { Key: 'deletion_protection.enabled', Value: String(lb.deletionProtection ?? false) },
    ...(lb.idleTimeoutSeconds === undefined
      ? []
      : [{ Key: 'idle_timeout.timeout_seconds', Value: String(lb.idleTimeoutSeconds) }]),
    ...(lb.accessLogs
      ? [
          { Key: 'access_logs.s3.enabled', Value: 'true' },
          { Key: 'access_logs.s3.bucket', Value: await logBucket() },
        ]
      : []),
  ];
  await elbv2.send(
    new ModifyLoadBalancerAttributesCommand({ LoadBalancerArn: lbArn, Attributes: attributes }),
  );

  const groups: Record<string, { arn: string; service: string }> = {};
  for (const t of lb.targetGroups) {
    const service =
      doc.services.find((s) => s.name === t.service) ?? fail(`unknown service ${t.service}`);
    const hc = t.healthCheck ?? {};
    const tg = await elbv2.send(
      new CreateTargetGroupCommand({
        Name: t.targetGroupName ?? `${env}-${t.name}`,
        Protocol: 'HTTP',
        Port: service.port ?? fail(`service ${service.name} has no port`),
        VpcId: network.vpcId,
        TargetType: 'ip',
        HealthCheckProtocol: 'HTTP',
        HealthCheckPath: hc.path ?? '/health',
        HealthCheckPort: String(hc.port ?? 'traffic-port'),
        HealthCheckIntervalSeconds: hc.intervalSeconds ?? 15,
        HealthCheckTimeoutSeconds: hc.timeoutSeconds ?? 5,
        HealthyThresholdCount: hc.healthyThreshold ?? 2,
        UnhealthyThresholdCount: hc.unhealthyThreshold ?? 3,
        Matcher: { HttpCode: hc.matcher ?? '200' },
        Tags: tagList(doc.tags, t.tags),
      }),
    );
    const arn = tg.TargetGroups?.[0]?.TargetGroupArn ?? fail('CreateTargetGroup returned no ARN');
    await elbv2.send(
      new ModifyTargetGroupAttributesCommand({
        TargetGroupArn: arn,
        Attributes: [
          {
            Key: 'deregistration_delay.timeout_seconds',
            Value: String(t.deregistrationDelaySeconds ?? 30),
          },
        ],
      }),
    );
    groups[t.name] = { arn, service: t.service };
    log(`target group ${arn}`);
  }

  for (const l of lb.listeners) {
    const action = l.redirect
      ? {
          Type: 'redirect' as const,
          RedirectConfig: {
            Protocol: l.redirect.protocol,
            Port: String(l.redirect.port),
            StatusCode: l.redirect.statusCode ?? 'HTTP_301',
          },
        }
      : {
          Type: 'forward' as const,
          TargetGroupArn: (groups[l.forward ?? ''] ?? fail(`unknown target group ${l.forward}`))
            .arn,
        };
    const listener = await elbv2.send(
      new CreateListenerCommand({
        LoadBalancerArn: lbArn,
        Port: l.port,
        Protocol: l.protocol,
        ...(l.certificateArn ? { Certificates: [{ CertificateArn: l.certificateArn }] } : {}),
        // The manifest's default for HTTPS (desired-state/README.md), not the API's.
        ...(l.protocol === 'HTTPS'
          ? { SslPolicy: l.sslPolicy ?? 'ELBSecurityPolicy-TLS13-1-2-2021-06' }
          : {}),
        DefaultActions: [action],
      }),
    );
    log(`listener ${listener.Listeners?.[0]?.ListenerArn}`);
  }
  return groups;
}
