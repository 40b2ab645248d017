import type { ProvisionResult } from '../../../../sandbox/cloudformation/contract.js';
import { handlerFor } from '../../../../sandbox/cloudformation/engine/provisioners.js';
import { elbv2Service } from '../../../../sandbox/elbv2/service.js';
import type { AwsError } from '../../../../sandbox/service.js';
import { initialSandboxState, type SandboxState } from '../../../../sandbox/state.js';
import { callOperation } from '../../helpers.js';
import { stackContext } from './helpers.js';

const ctx = stackContext();

type Props = Record<string, unknown>;

/** An ELBv2 operation as the API answers it. */
function elbv2(state: SandboxState, operation: string, input: Record<string, unknown>) {
  return callOperation<Record<string, Array<Record<string, unknown>>>>(
    elbv2Service,
    state,
    operation,
    input,
    ctx,
  );
}

function attribute(
  state: SandboxState,
  operation: string,
  arnMember: Record<string, string>,
  key: string,
) {
  return elbv2(state, operation, arnMember).Attributes?.find((a) => a.Key === key)?.Value;
}

describe('ELBv2 resource handlers', () => {
  let state: SandboxState;
  let network: { vpc: string; subnets: string[]; groups: string[] };

  function create(type: string, logicalId: string, props: Props): ProvisionResult {
    return handlerFor(type).create(state, logicalId, props, ctx);
  }

  beforeEach(() => {
    state = initialSandboxState();
    const vpc = create('AWS::EC2::VPC', 'Vpc', { CidrBlock: '10.0.0.0/16' }).physicalId;
    const subnets = ['a', 'b'].map(
      (zone, i) =>
        create('AWS::EC2::Subnet', `Public${i}`, {
          VpcId: vpc,
          CidrBlock: `10.0.${i}.0/24`,
          AvailabilityZone: `eu-west-1${zone}`,
        }).physicalId,
    );
    const groups = ['One', 'Two'].map(
      (name) =>
        create('AWS::EC2::SecurityGroup', name, { GroupDescription: name, VpcId: vpc }).physicalId,
    );
    network = { vpc, subnets, groups };
  });

  function loadBalancer(extra: Props = {}) {
    const props = {
      Scheme: 'internet-facing',
      Type: 'application',
      Subnets: network.subnets,
      SecurityGroups: [network.groups[0]],
      LoadBalancerAttributes: [
        { Key: 'deletion_protection.enabled', Value: 'false' },
        { Key: 'idle_timeout.timeout_seconds', Value: '120' },
      ],
      ...extra,
    };
    return {
      props,
      result: create('AWS::ElasticLoadBalancingV2::LoadBalancer', 'Alb16C2F182', props),
    };
  }

  function targetGroup() {
    const props = {
      Port: 8080,
      Protocol: 'HTTP',
      TargetType: 'ip',
      VpcId: network.vpc,
      HealthCheckPath: '/health',
      HealthCheckIntervalSeconds: 15,
      Matcher: { HttpCode: '200' },
      TargetGroupAttributes: [{ Key: 'deregistration_delay.timeout_seconds', Value: '30' }],
    };
    return { props, result: create('AWS::ElasticLoadBalancingV2::TargetGroup', 'ApiGroup', props) };
  }

  it('creates a load balancer with its attributes, under a generated name of at most 32 characters', () => {
    // Prepare
    const expectedName = /^platform-Alb16C2F18-[A-Z0-9]{12}$/;

    // Act
    const { result } = loadBalancer();

    // Assess
    const [described] =
      elbv2(state, 'DescribeLoadBalancers', { LoadBalancerArns: [result.physicalId] })
        .LoadBalancers ?? [];
    const name = String(described?.LoadBalancerName);
    expect(name).toMatch(expectedName);
    expect(name.length).toBeLessThanOrEqual(32);
    expect(described).toMatchObject({
      Scheme: 'internet-facing',
      VpcId: network.vpc,
      SecurityGroups: [network.groups[0]],
    });
    expect(
      attribute(
        state,
        'DescribeLoadBalancerAttributes',
        { LoadBalancerArn: result.physicalId },
        'idle_timeout.timeout_seconds',
      ),
    ).toBe('120');
    expect(result.attributes).toMatchObject({
      DNSName: described?.DNSName,
      CanonicalHostedZoneID: 'Z32O12XQLNTSW2',
      LoadBalancerName: name,
      LoadBalancerFullName: result.physicalId.split(':loadbalancer/')[1],
      SecurityGroups: [network.groups[0]],
    });
    expect(handlerFor('AWS::ElasticLoadBalancingV2::LoadBalancer').replaceOn).toEqual([
      'Name',
      'Scheme',
      'Type',
    ]);
  });

  it('updates security groups in place and returns dropped attributes to their defaults', () => {
    // Prepare
    const { props, result } = loadBalancer();
    const next = {
      ...props,
      SecurityGroups: [network.groups[1]],
      LoadBalancerAttributes: [{ Key: 'deletion_protection.enabled', Value: 'false' }],
    };

    // Act
    const handler = handlerFor('AWS::ElasticLoadBalancingV2::LoadBalancer');
    const updated = handler.update(state, 'Alb16C2F182', result.physicalId, props, next, ctx);

    // Assess
    const [described] =
      elbv2(state, 'DescribeLoadBalancers', { LoadBalancerArns: [result.physicalId] })
        .LoadBalancers ?? [];
    expect(updated.physicalId).toBe(result.physicalId);
    expect(described?.SecurityGroups).toEqual([network.groups[1]]);
    expect(
      attribute(
        state,
        'DescribeLoadBalancerAttributes',
        { LoadBalancerArn: result.physicalId },
        'idle_timeout.timeout_seconds',
      ),
    ).toBe('60');
  });

  it('creates a target group with its health check and attributes, and updates the health check in place', () => {
    // Prepare
    const { props, result } = targetGroup();
    const next = { ...props, HealthCheckPath: '/ready' };

    // Act
    const handler = handlerFor('AWS::ElasticLoadBalancingV2::TargetGroup');
    const updated = handler.update(state, 'ApiGroup', result.physicalId, props, next, ctx);

    // Assess
    const [described] =
      elbv2(state, 'DescribeTargetGroups', { TargetGroupArns: [result.physicalId] }).TargetGroups ??
      [];
    expect(updated.physicalId).toBe(result.physicalId);
    expect(described).toMatchObject({
      Port: 8080,
      Protocol: 'HTTP',
      TargetType: 'ip',
      HealthCheckPath: '/ready',
      HealthCheckIntervalSeconds: 15,
      Matcher: { HttpCode: '200' },
    });
    expect(
      attribute(
        state,
        'DescribeTargetGroupAttributes',
        { TargetGroupArn: result.physicalId },
        'deregistration_delay.timeout_seconds',
      ),
    ).toBe('30');
    expect(result.attributes).toMatchObject({
      TargetGroupName: described?.TargetGroupName,
      TargetGroupFullName: result.physicalId.split(':').pop(),
      LoadBalancerArns: [],
    });
    expect(handler.replaceOn).toEqual(
      expect.arrayContaining(['Name', 'Port', 'Protocol', 'VpcId', 'TargetType']),
    );
    expect(handler.replaceOn).not.toContain('HealthCheckPath');
  });

  it('attaches a target group to its load balancer through a listener, whose port changes in place', () => {
    // Prepare
    const lb = loadBalancer().result;
    const tg = targetGroup().result;
    const props = {
      LoadBalancerArn: lb.physicalId,
      Port: 80,
      Protocol: 'HTTP',
      DefaultActions: [{ Type: 'forward', TargetGroupArn: tg.physicalId }],
    };
    const listeners = handlerFor('AWS::ElasticLoadBalancingV2::Listener');

    // Act
    const listener = listeners.create(state, 'Http', props, ctx);
    listeners.update(state, 'Http', listener.physicalId, props, { ...props, Port: 8081 }, ctx);

    // Assess
    const [group] =
      elbv2(state, 'DescribeTargetGroups', { TargetGroupArns: [tg.physicalId] }).TargetGroups ?? [];
    const [described] =
      elbv2(state, 'DescribeListeners', { ListenerArns: [listener.physicalId] }).Listeners ?? [];
    expect(group?.LoadBalancerArns).toEqual([lb.physicalId]);
    expect(described).toMatchObject({
      Port: 8081,
      Protocol: 'HTTP',
      LoadBalancerArn: lb.physicalId,
    });
    expect(listeners.replaceOn).toEqual(['LoadBalancerArn']);
  });

  it('creates a redirecting listener and an HTTPS one with its security policy, as a platform stack declares them', () => {
    // Prepare
    const lb = loadBalancer().result;
    const tg = targetGroup().result;
    const listeners = handlerFor('AWS::ElasticLoadBalancingV2::Listener');
    const redirect = {
      LoadBalancerArn: lb.physicalId,
      Port: 80,
      Protocol: 'HTTP',
      DefaultActions: [
        {
          Type: 'redirect',
          RedirectConfig: { Protocol: 'HTTPS', Port: '443', StatusCode: 'HTTP_301' },
        },
      ],
    };
    const https = {
      LoadBalancerArn: lb.physicalId,
      Port: 443,
      Protocol: 'HTTPS',
      Certificates: [{ CertificateArn: 'arn:aws:acm:eu-west-1:123456789012:certificate/0a1b' }],
      SslPolicy: 'ELBSecurityPolicy-TLS13-1-2-2021-06',
      DefaultActions: [{ Type: 'forward', TargetGroupArn: tg.physicalId }],
    };

    // Act
    const http = listeners.create(state, 'Http', redirect, ctx);
    const secure = listeners.create(state, 'Https', https, ctx);
    listeners.update(
      state,
      'Https',
      secure.physicalId,
      https,
      { ...https, SslPolicy: 'ELBSecurityPolicy-TLS13-1-3-2021-06' },
      ctx,
    );

    // Assess
    const described =
      elbv2(state, 'DescribeListeners', {
        ListenerArns: [http.physicalId, secure.physicalId],
      }).Listeners ?? [];
    expect(described[0]?.DefaultActions).toEqual([
      {
        Type: 'redirect',
        RedirectConfig: {
          Protocol: 'HTTPS',
          Port: '443',
          Host: '#{host}',
          Path: '/#{path}',
          Query: '#{query}',
          StatusCode: 'HTTP_301',
        },
      },
    ]);
    expect(described[1]?.SslPolicy).toBe('ELBSecurityPolicy-TLS13-1-3-2021-06');
  });

  it('sets invalid-header dropping, deletion protection and access logs to a bucket from the template', () => {
    // Prepare
    const bucket = create('AWS::S3::Bucket', 'AccessLogs', {}).physicalId;

    // Act
    const { result } = loadBalancer({
      LoadBalancerAttributes: [
        { Key: 'deletion_protection.enabled', Value: 'true' },
        { Key: 'routing.http.drop_invalid_header_fields.enabled', Value: 'true' },
        { Key: 'access_logs.s3.enabled', Value: 'true' },
        { Key: 'access_logs.s3.bucket', Value: bucket },
        { Key: 'access_logs.s3.prefix', Value: '' },
      ],
    });

    // Assess
    const values = Object.fromEntries(
      (
        elbv2(state, 'DescribeLoadBalancerAttributes', { LoadBalancerArn: result.physicalId })
          .Attributes ?? []
      ).map((a) => [a.Key, a.Value]),
    );
    expect(values).toMatchObject({
      'deletion_protection.enabled': 'true',
      'routing.http.drop_invalid_header_fields.enabled': 'true',
      'access_logs.s3.enabled': 'true',
      'access_logs.s3.bucket': bucket,
    });
  });

  it('deletes the listener, the target group and the load balancer in turn', () => {
    // Prepare
    const lb = loadBalancer().result;
    const tg = targetGroup().result;
    const props = {
      LoadBalancerArn: lb.physicalId,
      Port: 80,
      Protocol: 'HTTP',
      DefaultActions: [{ Type: 'forward', TargetGroupArn: tg.physicalId }],
    };
    const listener = handlerFor('AWS::ElasticLoadBalancingV2::Listener').create(
      state,
      'Http',
      props,
      ctx,
    );

    // Act
    handlerFor('AWS::ElasticLoadBalancingV2::Listener').delete(
      state,
      listener.physicalId,
      props,
      ctx,
    );
    handlerFor('AWS::ElasticLoadBalancingV2::TargetGroup').delete(state, tg.physicalId, {}, ctx);
    handlerFor('AWS::ElasticLoadBalancingV2::LoadBalancer').delete(state, lb.physicalId, {}, ctx);

    // Assess
    expect(elbv2(state, 'DescribeLoadBalancers', {}).LoadBalancers).toEqual([]);
    expect(elbv2(state, 'DescribeTargetGroups', {}).TargetGroups).toEqual([]);
  });

  it('refuses to delete a load balancer under deletion protection', () => {
    // Prepare
    const { result } = loadBalancer({
      LoadBalancerAttributes: [{ Key: 'deletion_protection.enabled', Value: 'true' }],
    });

    // Act
    const failure = (() => {
      try {
        handlerFor('AWS::ElasticLoadBalancingV2::LoadBalancer').delete(
          state,
          result.physicalId,
          {},
          ctx,
        );
      } catch (error) {
        return error;
      }
    })();

    // Assess
    expect((failure as AwsError).code).toBe('OperationNotPermitted');
    expect(elbv2(state, 'DescribeLoadBalancers', {}).LoadBalancers).toHaveLength(1);
  });

  it('gives a listener rule an ARN under its listener after checking its target groups', () => {
    // Prepare
    const lb = loadBalancer().result;
    const tg = targetGroup().result;
    const listener = handlerFor('AWS::ElasticLoadBalancingV2::Listener').create(
      state,
      'Http',
      {
        LoadBalancerArn: lb.physicalId,
        Port: 80,
        Protocol: 'HTTP',
        DefaultActions: [{ Type: 'fixed-response', FixedResponseConfig: { StatusCode: '404' } }],
      },
      ctx,
    );
    const rule = {
      ListenerArn: listener.physicalId,
      Priority: 10,
      Conditions: [{ Field: 'path-pattern', Values: ['/api/*'] }],
      Actions: [{ Type: 'forward', TargetGroupArn: tg.physicalId }],
    };
    const rules = handlerFor('AWS::ElasticLoadBalancingV2::ListenerRule');

    // Act
    const created = rules.create(state, 'ApiRule', rule, ctx);
    const refused = (() => {
      try {
        rules.create(
          state,
          'BadRule',
          { ...rule, Actions: [{ Type: 'forward', TargetGroupArn: `${tg.physicalId}0` }] },
          ctx,
        );
      } catch (error) {
        return error;
      }
    })();

    // Assess
    expect(
      created.physicalId.startsWith(listener.physicalId.replace(':listener/', ':listener-rule/')),
    ).toBe(true);
    expect(created.attributes).toEqual({ RuleArn: created.physicalId, IsDefault: false });
    expect((refused as AwsError).code).toBe('TargetGroupNotFound');
  });
});
