import {
  DescribeListenersCommand,
  type DescribeListenersCommandOutput,
  DescribeLoadBalancerAttributesCommand,
  DescribeLoadBalancersCommand,
  type DescribeLoadBalancersCommandOutput,
  DescribeTargetGroupsCommand,
  type DescribeTargetGroupsCommandOutput,
  ElasticLoadBalancingV2Client,
  ElasticLoadBalancingV2ServiceException,
  LoadBalancerNotFoundException,
} from '@aws-sdk/client-elastic-load-balancing-v2';
import { mockClient } from 'aws-sdk-client-mock';
import {
  type LoadBalancerQuery,
  observeLoadBalancer,
} from '../../../../controller/adapters/aws/elbv2-observer.js';
import type { ListenerState, TargetGroupState } from '../../../../controller/model/live-state.js';
import { deferred, liveFixture } from './support.js';

const elbMock = mockClient(ElasticLoadBalancingV2Client);
const elbv2 = new ElasticLoadBalancingV2Client({ region: 'eu-west-1' });

const ELB = 'arn:aws:elasticloadbalancing:eu-west-1:123456789012';
const LB_ARN = `${ELB}:loadbalancer/app/prod-alb/1f2e3d4c5b6a7988`;
const API_TG = `${ELB}:targetgroup/prod-api/50dc6c495c0c9188`;
const CERT = 'arn:aws:acm:eu-west-1:123456789012:certificate/3f1a2b4c-5d6e-4f70-8a9b-0c1d2e3f4a5b';

const query: LoadBalancerQuery = {
  name: 'prod-alb',
  readAttributes: false,
  targetGroups: [{ key: 'api', name: 'prod-api' }],
  listenerPorts: [443],
};

const loadBalancers = () =>
  liveFixture<DescribeLoadBalancersCommandOutput>('elbv2/describe-load-balancers.prod.json');
const targetGroups = () =>
  liveFixture<DescribeTargetGroupsCommandOutput>('elbv2/describe-target-groups.prod.json');
const listeners = () =>
  liveFixture<DescribeListenersCommandOutput>('elbv2/describe-listeners.prod.json');

function mockFixtures(): void {
  elbMock.on(DescribeLoadBalancersCommand).resolves(loadBalancers());
  elbMock.on(DescribeTargetGroupsCommand).resolves(targetGroups());
  elbMock.on(DescribeListenersCommand).resolves(listeners());
}

function elbError(name: string, message: string): ElasticLoadBalancingV2ServiceException {
  return new ElasticLoadBalancingV2ServiceException({
    name,
    $fault: 'client',
    message,
    $metadata: {},
  });
}

const apiTargetGroup: TargetGroupState = {
  name: 'prod-api',
  arn: API_TG,
  port: 3000,
  protocol: 'HTTP',
  healthCheck: {
    path: '/health',
    port: 'traffic-port',
    protocol: 'HTTP',
    intervalSeconds: 15,
    timeoutSeconds: 5,
    healthyThreshold: 2,
    unhealthyThreshold: 3,
    matcher: '200',
  },
};

const httpsListener: ListenerState = {
  arn: `${ELB}:listener/app/prod-alb/1f2e3d4c5b6a7988/0467ef3c8400ae65`,
  port: 443,
  protocol: 'HTTPS',
  certificateArns: [CERT],
  sslPolicy: 'ELBSecurityPolicy-TLS13-1-2-2021-06',
  forwardTargetGroups: ['prod-api'],
};

describe('observeLoadBalancer', () => {
  afterEach(() => {
    elbMock.reset();
  });

  it('translates the load balancer, its declared target groups and listeners', async () => {
    // Prepare
    mockFixtures();

    // Act
    const live = await observeLoadBalancer(elbv2, query);

    // Assess
    expect(live.loadBalancer).toEqual({
      state: 'present',
      value: {
        name: 'prod-alb',
        arn: LB_ARN,
        scheme: 'internet-facing',
        dnsName: 'prod-alb-1234567890.eu-west-1.elb.amazonaws.com',
      },
    });
    expect(live.targetGroups).toEqual({ api: { state: 'present', value: apiTargetGroup } });
    expect(live.listeners).toEqual({ '443': { state: 'present', value: httpsListener } });
  });

  it('makes three calls with the exact inputs and reads no attributes unless asked', async () => {
    // Prepare
    mockFixtures();

    // Act
    await observeLoadBalancer(elbv2, query);

    // Assess
    expect(elbMock.calls()).toHaveLength(3);
    expect(elbMock.commandCalls(DescribeLoadBalancersCommand)[0]?.args[0].input).toEqual({
      Names: ['prod-alb'],
    });
    expect(elbMock.commandCalls(DescribeTargetGroupsCommand)[0]?.args[0].input).toEqual({
      LoadBalancerArn: LB_ARN,
      PageSize: 400,
    });
    expect(elbMock.commandCalls(DescribeListenersCommand)[0]?.args[0].input).toEqual({
      LoadBalancerArn: LB_ARN,
      PageSize: 400,
    });
    expect(elbMock).toHaveReceivedCommandTimes(DescribeLoadBalancerAttributesCommand, 0);
  });

  it('reads the idle timeout and the three compared switches when asked, in one call', async () => {
    // Prepare
    mockFixtures();
    elbMock.on(DescribeLoadBalancerAttributesCommand).resolves({
      Attributes: [
        { Key: 'deletion_protection.enabled', Value: 'true' },
        { Key: 'idle_timeout.timeout_seconds', Value: '120' },
        { Key: 'routing.http2.enabled', Value: 'true' },
        { Key: 'routing.http.drop_invalid_header_fields.enabled', Value: 'false' },
        { Key: 'access_logs.s3.enabled', Value: 'true' },
        { Key: 'access_logs.s3.bucket', Value: 'prod-alb-logs' },
      ],
    });

    // Act
    const live = await observeLoadBalancer(elbv2, { ...query, readAttributes: true });

    // Assess
    expect(elbMock).toHaveReceivedCommandTimes(DescribeLoadBalancerAttributesCommand, 1);
    expect(elbMock).toHaveReceivedCommandWith(DescribeLoadBalancerAttributesCommand, {
      LoadBalancerArn: LB_ARN,
    });
    expect(live.loadBalancer).toEqual({
      state: 'present',
      value: {
        name: 'prod-alb',
        arn: LB_ARN,
        scheme: 'internet-facing',
        dnsName: 'prod-alb-1234567890.eu-west-1.elb.amazonaws.com',
        idleTimeoutSeconds: 120,
        dropInvalidHeaderFields: false,
        deletionProtection: true,
        accessLogs: true,
      },
    });
  });

  it('leaves out an attribute AWS does not list', async () => {
    // Prepare
    mockFixtures();
    elbMock.on(DescribeLoadBalancerAttributesCommand).resolves({
      Attributes: [{ Key: 'deletion_protection.enabled', Value: 'false' }],
    });

    // Act
    const live = await observeLoadBalancer(elbv2, { ...query, readAttributes: true });

    // Assess
    expect(live.loadBalancer?.state === 'present' && live.loadBalancer.value).toEqual({
      name: 'prod-alb',
      arn: LB_ARN,
      scheme: 'internet-facing',
      dnsName: 'prod-alb-1234567890.eu-west-1.elb.amazonaws.com',
      deletionProtection: false,
    });
  });

  it('leaves the load balancer unchecked when a switch reads neither true nor false', async () => {
    // Prepare
    mockFixtures();
    elbMock.on(DescribeLoadBalancerAttributesCommand).resolves({
      Attributes: [{ Key: 'access_logs.s3.enabled', Value: 'yes' }],
    });

    // Act
    const live = await observeLoadBalancer(elbv2, { ...query, readAttributes: true });

    // Assess
    expect(live.loadBalancer).toEqual({
      state: 'unchecked',
      reason:
        'DescribeLoadBalancerAttributes failed: ObservationFailedError: access_logs.s3.enabled is "yes"',
    });
  });

  it('translates a redirecting listener with the parts AWS keeps from the request', async () => {
    // Prepare
    mockFixtures();
    const arn = `${ELB}:listener/app/prod-alb/1f2e3d4c5b6a7988/80b1c2d3e4f5a6b7`;
    elbMock.on(DescribeListenersCommand).resolves({
      Listeners: [
        {
          ListenerArn: arn,
          Port: 80,
          Protocol: 'HTTP',
          DefaultActions: [
            {
              Type: 'redirect',
              Order: 1,
              RedirectConfig: {
                Protocol: 'HTTPS',
                Port: '443',
                Host: '#{host}',
                Path: '/#{path}',
                Query: '#{query}',
                StatusCode: 'HTTP_301',
              },
            },
          ],
        },
      ],
    });

    // Act
    const live = await observeLoadBalancer(elbv2, { ...query, listenerPorts: [80] });

    // Assess
    expect(live.listeners).toEqual({
      '80': {
        state: 'present',
        value: {
          arn,
          port: 80,
          protocol: 'HTTP',
          certificateArns: [],
          forwardTargetGroups: [],
          redirect: {
            protocol: 'HTTPS',
            port: 443,
            host: '#{host}',
            path: '/#{path}',
            query: '#{query}',
            statusCode: 'HTTP_301',
          },
        },
      },
    });
  });

  it('reports attached target groups and listeners the manifest does not declare', async () => {
    // Prepare
    mockFixtures();

    // Act
    const live = await observeLoadBalancer(elbv2, query);

    // Assess
    expect(live.undeclared.targetGroups).toEqual([
      {
        name: 'prod-canary',
        arn: `${ELB}:targetgroup/prod-canary/8a7b6c5d4e3f2a1b`,
        port: 8080,
        protocol: 'HTTP',
        healthCheck: {
          path: '/ready',
          port: 8081,
          protocol: 'HTTP',
          intervalSeconds: 30,
          timeoutSeconds: 6,
          healthyThreshold: 5,
          unhealthyThreshold: 2,
          matcher: '200-299',
        },
      },
    ]);
    // prod-shadow is not attached to this load balancer: its name comes from its ARN.
    expect(live.undeclared.listeners).toEqual([
      {
        arn: `${ELB}:listener/app/prod-alb/1f2e3d4c5b6a7988/a1b2c3d4e5f60718`,
        port: 8443,
        protocol: 'HTTP',
        certificateArns: [],
        forwardTargetGroups: ['prod-canary', 'prod-shadow'],
      },
    ]);
  });

  it('reports a declared target group or listener that is not attached as missing', async () => {
    // Prepare
    mockFixtures();

    // Act
    const live = await observeLoadBalancer(elbv2, {
      ...query,
      targetGroups: [...query.targetGroups, { key: 'admin', name: 'prod-admin' }],
      listenerPorts: [443, 80],
    });

    // Assess
    expect(live.targetGroups.admin).toEqual({ state: 'missing' });
    expect(live.listeners['80']).toEqual({ state: 'missing' });
    expect(live.targetGroups.api?.state).toBe('present');
  });

  it.each([
    [
      'the modelled exception',
      new LoadBalancerNotFoundException({
        Message: 'One or more load balancers not found',
        message: 'One or more load balancers not found',
        $metadata: {},
      }),
    ],
    [
      'the bare wire code',
      elbError('LoadBalancerNotFound', 'One or more load balancers not found'),
    ],
  ])(
    'reports everything missing when the load balancer does not exist (%s)',
    async (_case, error) => {
      // Prepare
      elbMock.on(DescribeLoadBalancersCommand).rejects(error);

      // Act
      const live = await observeLoadBalancer(elbv2, { ...query, readAttributes: true });

      // Assess
      expect(live).toEqual({
        loadBalancer: { state: 'missing' },
        targetGroups: { api: { state: 'missing' } },
        listeners: { '443': { state: 'missing' } },
        undeclared: { targetGroups: [], listeners: [] },
      });
      expect(elbMock.calls()).toHaveLength(1);
    },
  );

  it('reports everything unchecked when the load balancer cannot be read', async () => {
    // Prepare
    elbMock
      .on(DescribeLoadBalancersCommand)
      .rejects(elbError('AccessDenied', 'User is not authorized'));
    const reason = 'DescribeLoadBalancers failed: AccessDenied: User is not authorized';

    // Act
    const live = await observeLoadBalancer(elbv2, query);

    // Assess
    expect(live).toEqual({
      loadBalancer: { state: 'unchecked', reason },
      targetGroups: { api: { state: 'unchecked', reason } },
      listeners: { '443': { state: 'unchecked', reason } },
      undeclared: { targetGroups: [], listeners: [] },
    });
  });

  it('follows NextMarker through every page of target groups', async () => {
    // Prepare
    mockFixtures();
    const [api, canary] = targetGroups().TargetGroups ?? [];
    elbMock
      .on(DescribeTargetGroupsCommand)
      .resolvesOnce({ TargetGroups: [canary ?? {}], NextMarker: 'page-2' })
      .resolvesOnce({ TargetGroups: [api ?? {}] });

    // Act
    const live = await observeLoadBalancer(elbv2, query);

    // Assess
    expect(elbMock.commandCalls(DescribeTargetGroupsCommand).map((c) => c.args[0].input)).toEqual([
      { LoadBalancerArn: LB_ARN, PageSize: 400 },
      { LoadBalancerArn: LB_ARN, PageSize: 400, Marker: 'page-2' },
    ]);
    expect(live.targetGroups.api).toEqual({ state: 'present', value: apiTargetGroup });
    expect(live.undeclared.targetGroups.map((t) => t.name)).toEqual(['prod-canary']);
  });

  it('stops and reports unchecked when a page repeats its marker', async () => {
    // Prepare
    mockFixtures();
    elbMock.on(DescribeListenersCommand).resolves({ Listeners: [], NextMarker: 'same' });

    // Act
    const live = await observeLoadBalancer(elbv2, query);

    // Assess
    expect(elbMock).toHaveReceivedCommandTimes(DescribeListenersCommand, 2);
    expect(live.listeners['443']).toEqual({
      state: 'unchecked',
      reason:
        'DescribeListeners failed: ObservationFailedError: pagination returned marker "same" twice',
    });
  });

  it('leaves target groups unchecked when they cannot be listed, and still reads the rest', async () => {
    // Prepare
    mockFixtures();
    elbMock.on(DescribeTargetGroupsCommand).rejects(elbError('Throttling', 'Rate exceeded'));

    // Act
    const live = await observeLoadBalancer(elbv2, query);

    // Assess
    expect(live.targetGroups).toEqual({
      api: { state: 'unchecked', reason: 'DescribeTargetGroups failed: Throttling: Rate exceeded' },
    });
    expect(live.undeclared.targetGroups).toEqual([]);
    expect(live.loadBalancer.state).toBe('present');
    // Forward targets fall back to the names inside the ARNs.
    expect(live.listeners['443']).toEqual({ state: 'present', value: httpsListener });
  });

  it('leaves listeners unchecked when they cannot be listed', async () => {
    // Prepare
    mockFixtures();
    elbMock.on(DescribeListenersCommand).rejects(elbError('Throttling', 'Rate exceeded'));

    // Act
    const live = await observeLoadBalancer(elbv2, query);

    // Assess
    expect(live.listeners).toEqual({
      '443': { state: 'unchecked', reason: 'DescribeListeners failed: Throttling: Rate exceeded' },
    });
    expect(live.undeclared.listeners).toEqual([]);
    expect(live.targetGroups.api?.state).toBe('present');
  });

  it('leaves the load balancer unchecked when its requested attributes cannot be read', async () => {
    // Prepare
    mockFixtures();
    elbMock
      .on(DescribeLoadBalancerAttributesCommand)
      .rejects(elbError('AccessDenied', 'User is not authorized'));

    // Act
    const live = await observeLoadBalancer(elbv2, { ...query, readAttributes: true });

    // Assess
    expect(live.loadBalancer).toEqual({
      state: 'unchecked',
      reason: 'DescribeLoadBalancerAttributes failed: AccessDenied: User is not authorized',
    });
    expect(live.targetGroups.api?.state).toBe('present');
    expect(live.listeners['443']?.state).toBe('present');
  });

  it('lists target groups and listeners concurrently', async () => {
    // Prepare
    mockFixtures();
    const pendingGroups = deferred<DescribeTargetGroupsCommandOutput>();
    elbMock.on(DescribeTargetGroupsCommand).callsFake(() => pendingGroups.promise);

    // Act
    const observing = observeLoadBalancer(elbv2, query);
    await new Promise((resolve) => setImmediate(resolve));
    const listenersCalledWhileGroupsPending = elbMock.commandCalls(DescribeListenersCommand).length;
    pendingGroups.resolve(targetGroups());
    await observing;

    // Assess
    expect(listenersCalledWhileGroupsPending).toBe(1);
  });
});
