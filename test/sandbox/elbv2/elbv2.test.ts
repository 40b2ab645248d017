import {
  CreateSecurityGroupCommand,
  CreateSubnetCommand,
  CreateVpcCommand,
  EC2Client,
} from '@aws-sdk/client-ec2';
import {
  AddTagsCommand,
  CreateListenerCommand,
  CreateLoadBalancerCommand,
  CreateTargetGroupCommand,
  type CreateTargetGroupCommandInput,
  DeleteListenerCommand,
  DeleteLoadBalancerCommand,
  DeleteTargetGroupCommand,
  DescribeListenersCommand,
  DescribeLoadBalancerAttributesCommand,
  DescribeLoadBalancersCommand,
  DescribeTagsCommand,
  DescribeTargetGroupAttributesCommand,
  DescribeTargetGroupsCommand,
  DescribeTargetHealthCommand,
  DuplicateListenerException,
  DuplicateLoadBalancerNameException,
  DuplicateTargetGroupNameException,
  ElasticLoadBalancingV2Client,
  InvalidSecurityGroupException,
  ListenerNotFoundException,
  LoadBalancerNotFoundException,
  ModifyListenerCommand,
  ModifyLoadBalancerAttributesCommand,
  ModifyTargetGroupAttributesCommand,
  ModifyTargetGroupCommand,
  OperationNotPermittedException,
  type RedirectActionConfig,
  RegisterTargetsCommand,
  RemoveTagsCommand,
  ResourceInUseException,
  SSLPolicyNotFoundException,
  SubnetNotFoundException,
  TargetGroupNotFoundException,
} from '@aws-sdk/client-elastic-load-balancing-v2';
import { type Sandbox, startSandbox } from '../../../sandbox/index.js';

const CERTIFICATE = 'arn:aws:acm:eu-west-1:123456789012:certificate/0a1b2c3d';

describe('ELBv2 emulation', () => {
  let sandbox: Sandbox;
  let elbv2: ElasticLoadBalancingV2Client;
  let ec2: EC2Client;
  let net: { vpcId: string; subnetIds: string[]; groupId: string };

  beforeEach(async () => {
    sandbox = await startSandbox({ port: 0 });
    const config = {
      endpoint: sandbox.url,
      region: 'eu-west-1',
      credentials: { accessKeyId: '123456789012', secretAccessKey: 'test' },
      maxAttempts: 1,
    };
    elbv2 = new ElasticLoadBalancingV2Client(config);
    ec2 = new EC2Client(config);
    net = await network();
  });

  afterEach(async () => {
    elbv2.destroy();
    ec2.destroy();
    await sandbox.close();
  });

  /** A VPC with public subnets in three zones and a load balancer security group. */
  async function network() {
    const vpc = await ec2.send(new CreateVpcCommand({ CidrBlock: '10.0.0.0/16' }));
    const vpcId = vpc.Vpc?.VpcId ?? '';
    const subnetIds: string[] = [];
    for (const [i, zone] of ['eu-west-1a', 'eu-west-1b', 'eu-west-1a'].entries()) {
      const subnet = await ec2.send(
        new CreateSubnetCommand({
          VpcId: vpcId,
          CidrBlock: `10.0.${i}.0/24`,
          AvailabilityZone: zone,
        }),
      );
      subnetIds.push(subnet.Subnet?.SubnetId ?? '');
    }
    const group = await ec2.send(
      new CreateSecurityGroupCommand({ VpcId: vpcId, GroupName: 'alb', Description: 'alb' }),
    );
    return { vpcId, subnetIds, groupId: group.GroupId ?? '' };
  }

  async function createLoadBalancer(name = 'web'): Promise<string> {
    const created = await elbv2.send(
      new CreateLoadBalancerCommand({
        Name: name,
        Subnets: net.subnetIds.slice(0, 2),
        SecurityGroups: [net.groupId],
      }),
    );
    return created.LoadBalancers?.[0]?.LoadBalancerArn ?? '';
  }

  async function createTargetGroup(
    name = 'api',
    overrides: Partial<CreateTargetGroupCommandInput> = {},
  ) {
    const created = await elbv2.send(
      new CreateTargetGroupCommand({
        Name: name,
        Protocol: 'HTTP',
        Port: 8080,
        VpcId: net.vpcId,
        TargetType: 'ip',
        ...overrides,
      }),
    );
    return created.TargetGroups?.[0]?.TargetGroupArn ?? '';
  }

  async function forward(lbArn: string, tgArn: string, port = 80): Promise<string> {
    const created = await elbv2.send(
      new CreateListenerCommand({
        LoadBalancerArn: lbArn,
        Port: port,
        Protocol: 'HTTP',
        DefaultActions: [{ Type: 'forward', TargetGroupArn: tgArn }],
      }),
    );
    return created.Listeners?.[0]?.ListenerArn ?? '';
  }

  describe('load balancers', () => {
    it('creates an active application load balancer across two zones and finds it by name and ARN', async () => {
      // Prepare
      const arn = await createLoadBalancer('web');

      // Act
      const byName = await elbv2.send(new DescribeLoadBalancersCommand({ Names: ['web'] }));
      const byArn = await elbv2.send(new DescribeLoadBalancersCommand({ LoadBalancerArns: [arn] }));

      // Assess
      expect(arn).toMatch(
        /^arn:aws:elasticloadbalancing:eu-west-1:123456789012:loadbalancer\/app\/web\/[0-9a-f]{16}$/,
      );
      expect(byName.LoadBalancers).toEqual(byArn.LoadBalancers);
      expect(byName.LoadBalancers?.[0]).toMatchObject({
        LoadBalancerName: 'web',
        Type: 'application',
        Scheme: 'internet-facing',
        VpcId: net.vpcId,
        State: { Code: 'active' },
        SecurityGroups: [net.groupId],
        AvailabilityZones: [
          { ZoneName: 'eu-west-1a', SubnetId: net.subnetIds[0] },
          { ZoneName: 'eu-west-1b', SubnetId: net.subnetIds[1] },
        ],
      });
      expect(byName.LoadBalancers?.[0]?.DNSName).toMatch(
        /^web-\d+\.eu-west-1\.elb\.amazonaws\.com$/,
      );
    });

    it('answers LoadBalancerNotFound when any named load balancer is absent', async () => {
      // Prepare
      await createLoadBalancer('web');

      // Act
      const error = await elbv2
        .send(new DescribeLoadBalancersCommand({ Names: ['web', 'missing'] }))
        .catch((e: unknown) => e);

      // Assess
      expect(error).toBeInstanceOf(LoadBalancerNotFoundException);
      expect(error).toMatchObject({
        message: 'One or more load balancers not found',
        $metadata: { httpStatusCode: 400 },
      });
    });

    it('refuses subnets in a single availability zone', async () => {
      // Act
      const error = await elbv2
        .send(
          new CreateLoadBalancerCommand({
            Name: 'web',
            Subnets: [net.subnetIds[0] ?? '', net.subnetIds[2] ?? ''],
          }),
        )
        .catch((e: unknown) => e);

      // Assess
      expect(error).toMatchObject({ name: 'ValidationError' });
    });

    it('refuses unknown subnets and security groups', async () => {
      // Act
      const subnet = await elbv2
        .send(
          new CreateLoadBalancerCommand({
            Name: 'web',
            Subnets: [net.subnetIds[0] ?? '', 'subnet-0123456789abcdef0'],
          }),
        )
        .catch((e: unknown) => e);
      const group = await elbv2
        .send(
          new CreateLoadBalancerCommand({
            Name: 'web',
            Subnets: net.subnetIds.slice(0, 2),
            SecurityGroups: ['sg-0123456789abcdef0'],
          }),
        )
        .catch((e: unknown) => e);

      // Assess
      expect(subnet).toBeInstanceOf(SubnetNotFoundException);
      expect(group).toBeInstanceOf(InvalidSecurityGroupException);
    });

    it('returns the same load balancer for the same settings and refuses the name with other settings', async () => {
      // Prepare
      const arn = await createLoadBalancer('web');

      // Act
      const again = await createLoadBalancer('web');
      const different = await elbv2
        .send(
          new CreateLoadBalancerCommand({
            Name: 'web',
            Subnets: net.subnetIds.slice(0, 2),
            Scheme: 'internal',
          }),
        )
        .catch((e: unknown) => e);

      // Assess
      expect(again).toBe(arn);
      expect(different).toBeInstanceOf(DuplicateLoadBalancerNameException);
    });

    it('pages load balancers with PageSize and NextMarker', async () => {
      // Prepare
      for (const name of ['a', 'b', 'c']) {
        await createLoadBalancer(name);
      }

      // Act
      const first = await elbv2.send(new DescribeLoadBalancersCommand({ PageSize: 2 }));
      const second = await elbv2.send(
        new DescribeLoadBalancersCommand({ PageSize: 2, Marker: first.NextMarker }),
      );
      const tooLarge = await elbv2
        .send(new DescribeLoadBalancersCommand({ PageSize: 401 }))
        .catch((e: unknown) => e);

      // Assess
      expect(first.LoadBalancers?.map((lb) => lb.LoadBalancerName)).toEqual(['a', 'b']);
      expect(second.LoadBalancers?.map((lb) => lb.LoadBalancerName)).toEqual(['c']);
      expect(second.NextMarker).toBeUndefined();
      expect(tooLarge).toMatchObject({ name: 'ValidationError' });
    });

    it('has AWS default attributes, modifies them, and refuses unknown keys', async () => {
      // Prepare
      const arn = await createLoadBalancer();

      // Act
      const defaults = await elbv2.send(
        new DescribeLoadBalancerAttributesCommand({ LoadBalancerArn: arn }),
      );
      await elbv2.send(
        new ModifyLoadBalancerAttributesCommand({
          LoadBalancerArn: arn,
          Attributes: [{ Key: 'idle_timeout.timeout_seconds', Value: '120' }],
        }),
      );
      const modified = await elbv2.send(
        new DescribeLoadBalancerAttributesCommand({ LoadBalancerArn: arn }),
      );
      const unknown = await elbv2
        .send(
          new ModifyLoadBalancerAttributesCommand({
            LoadBalancerArn: arn,
            Attributes: [{ Key: 'nope', Value: '1' }],
          }),
        )
        .catch((e: unknown) => e);

      // Assess
      const value = (list: typeof defaults, key: string) =>
        list.Attributes?.find((a) => a.Key === key)?.Value;
      expect(value(defaults, 'idle_timeout.timeout_seconds')).toBe('60');
      expect(value(defaults, 'deletion_protection.enabled')).toBe('false');
      expect(value(modified, 'idle_timeout.timeout_seconds')).toBe('120');
      expect(unknown).toMatchObject({ name: 'ValidationError' });
    });

    it('refuses to delete a protected load balancer, and deletes its listeners with it otherwise', async () => {
      // Prepare
      const lbArn = await createLoadBalancer();
      const listenerArn = await forward(lbArn, await createTargetGroup());
      await elbv2.send(
        new ModifyLoadBalancerAttributesCommand({
          LoadBalancerArn: lbArn,
          Attributes: [{ Key: 'deletion_protection.enabled', Value: 'true' }],
        }),
      );

      // Act
      const refused = await elbv2
        .send(new DeleteLoadBalancerCommand({ LoadBalancerArn: lbArn }))
        .catch((e: unknown) => e);
      await elbv2.send(
        new ModifyLoadBalancerAttributesCommand({
          LoadBalancerArn: lbArn,
          Attributes: [{ Key: 'deletion_protection.enabled', Value: 'false' }],
        }),
      );
      await elbv2.send(new DeleteLoadBalancerCommand({ LoadBalancerArn: lbArn }));

      // Assess
      expect(refused).toBeInstanceOf(OperationNotPermittedException);
      const listener = await elbv2
        .send(new DescribeListenersCommand({ ListenerArns: [listenerArn] }))
        .catch((e: unknown) => e);
      expect(listener).toBeInstanceOf(ListenerNotFoundException);
    });
  });

  describe('target groups', () => {
    it('applies the AWS health-check defaults', async () => {
      // Prepare
      const arn = await createTargetGroup();

      // Act
      const described = await elbv2.send(
        new DescribeTargetGroupsCommand({ TargetGroupArns: [arn] }),
      );

      // Assess
      expect(arn).toMatch(
        /^arn:aws:elasticloadbalancing:eu-west-1:123456789012:targetgroup\/api\/[0-9a-f]{16}$/,
      );
      expect(described.TargetGroups?.[0]).toMatchObject({
        TargetGroupName: 'api',
        Protocol: 'HTTP',
        Port: 8080,
        VpcId: net.vpcId,
        TargetType: 'ip',
        HealthCheckEnabled: true,
        HealthCheckProtocol: 'HTTP',
        HealthCheckPort: 'traffic-port',
        HealthCheckPath: '/',
        HealthCheckIntervalSeconds: 30,
        HealthCheckTimeoutSeconds: 5,
        HealthyThresholdCount: 5,
        UnhealthyThresholdCount: 2,
        Matcher: { HttpCode: '200' },
        LoadBalancerArns: [],
      });
    });

    it.each([
      ['a name longer than 32 characters', { Name: 'a'.repeat(33) }],
      ['an unknown VPC', { VpcId: 'vpc-0123456789abcdef0' }],
      ['a missing port', { Port: undefined }],
      [
        'a health-check timeout not below the interval',
        { HealthCheckIntervalSeconds: 10, HealthCheckTimeoutSeconds: 10 },
      ],
    ])('refuses %s with ValidationError', async (_case, overrides) => {
      // Act
      const error = await elbv2
        .send(
          new CreateTargetGroupCommand({
            Name: 'api',
            Protocol: 'HTTP',
            Port: 8080,
            VpcId: net.vpcId,
            ...overrides,
          }),
        )
        .catch((e: unknown) => e);

      // Assess
      expect(error).toMatchObject({ name: 'ValidationError', $metadata: { httpStatusCode: 400 } });
    });

    it('refuses a taken name with other settings', async () => {
      // Prepare
      await createTargetGroup('api');

      // Act
      const error = await createTargetGroup('api', { Port: 9090 }).catch((e: unknown) => e);

      // Assess
      expect(error).toBeInstanceOf(DuplicateTargetGroupNameException);
    });

    it('describes by load balancer only the groups its listeners forward to', async () => {
      // Prepare
      const lbArn = await createLoadBalancer();
      const attached = await createTargetGroup('attached');
      await createTargetGroup('detached');
      await forward(lbArn, attached);

      // Act
      const described = await elbv2.send(
        new DescribeTargetGroupsCommand({ LoadBalancerArn: lbArn }),
      );

      // Assess
      expect(
        described.TargetGroups?.map((tg) => [tg.TargetGroupName, tg.LoadBalancerArns]),
      ).toEqual([['attached', [lbArn]]]);
    });

    it('answers TargetGroupNotFound when any named group is absent', async () => {
      // Prepare
      await createTargetGroup('api');

      // Act
      const error = await elbv2
        .send(new DescribeTargetGroupsCommand({ Names: ['api', 'missing'] }))
        .catch((e: unknown) => e);

      // Assess
      expect(error).toBeInstanceOf(TargetGroupNotFoundException);
      expect(error).toMatchObject({ message: 'One or more target groups not found' });
    });

    it('modifies health-check settings', async () => {
      // Prepare
      const arn = await createTargetGroup();

      // Act
      const modified = await elbv2.send(
        new ModifyTargetGroupCommand({
          TargetGroupArn: arn,
          HealthCheckPath: '/health',
          HealthCheckIntervalSeconds: 15,
          HealthyThresholdCount: 2,
          Matcher: { HttpCode: '200-299' },
        }),
      );

      // Assess
      expect(modified.TargetGroups?.[0]).toMatchObject({
        HealthCheckPath: '/health',
        HealthCheckIntervalSeconds: 15,
        HealthyThresholdCount: 2,
        Matcher: { HttpCode: '200-299' },
      });
    });

    it('keeps the health-check settings a modification does not name', async () => {
      // Prepare
      const arn = await createTargetGroup('api', {
        HealthCheckPath: '/health',
        HealthCheckIntervalSeconds: 15,
        HealthyThresholdCount: 2,
      });

      // Act
      const modified = await elbv2.send(
        new ModifyTargetGroupCommand({ TargetGroupArn: arn, HealthCheckTimeoutSeconds: 4 }),
      );

      // Assess
      expect(modified.TargetGroups?.[0]).toMatchObject({
        HealthCheckPath: '/health',
        HealthCheckIntervalSeconds: 15,
        HealthCheckTimeoutSeconds: 4,
        HealthyThresholdCount: 2,
        UnhealthyThresholdCount: 2,
        Matcher: { HttpCode: '200' },
      });
    });

    it('has a 300-second deregistration delay by default and modifies it', async () => {
      // Prepare
      const arn = await createTargetGroup();
      const delay = async () =>
        (
          await elbv2.send(new DescribeTargetGroupAttributesCommand({ TargetGroupArn: arn }))
        ).Attributes?.find((a) => a.Key === 'deregistration_delay.timeout_seconds')?.Value;
      const before = await delay();

      // Act
      await elbv2.send(
        new ModifyTargetGroupAttributesCommand({
          TargetGroupArn: arn,
          Attributes: [{ Key: 'deregistration_delay.timeout_seconds', Value: '30' }],
        }),
      );

      // Assess
      expect(before).toBe('300');
      expect(await delay()).toBe('30');
    });

    it('refuses to delete a group a listener forwards to', async () => {
      // Prepare
      const tgArn = await createTargetGroup();
      await forward(await createLoadBalancer(), tgArn);

      // Act
      const error = await elbv2
        .send(new DeleteTargetGroupCommand({ TargetGroupArn: tgArn }))
        .catch((e: unknown) => e);

      // Assess
      expect(error).toBeInstanceOf(ResourceInUseException);
    });

    it('reports registered targets healthy once a listener forwards to their group', async () => {
      // Prepare
      const tgArn = await createTargetGroup();
      await elbv2.send(
        new RegisterTargetsCommand({ TargetGroupArn: tgArn, Targets: [{ Id: '10.0.0.10' }] }),
      );
      const before = await elbv2.send(new DescribeTargetHealthCommand({ TargetGroupArn: tgArn }));

      // Act
      await forward(await createLoadBalancer(), tgArn);
      const after = await elbv2.send(new DescribeTargetHealthCommand({ TargetGroupArn: tgArn }));

      // Assess
      expect(before.TargetHealthDescriptions?.[0]?.TargetHealth).toMatchObject({
        State: 'unused',
        Reason: 'Target.NotInUse',
      });
      expect(after.TargetHealthDescriptions).toEqual([
        {
          Target: { Id: '10.0.0.10', Port: 8080 },
          HealthCheckPort: '8080',
          TargetHealth: { State: 'healthy' },
        },
      ]);
    });
  });

  describe('listeners', () => {
    it('forwards to a target group and describes the listener by load balancer', async () => {
      // Prepare
      const lbArn = await createLoadBalancer();
      const tgArn = await createTargetGroup();

      // Act
      const listenerArn = await forward(lbArn, tgArn);
      const described = await elbv2.send(new DescribeListenersCommand({ LoadBalancerArn: lbArn }));

      // Assess
      expect(listenerArn).toMatch(
        /^arn:aws:elasticloadbalancing:eu-west-1:123456789012:listener\/app\/web\/[0-9a-f]{16}\/[0-9a-f]{16}$/,
      );
      expect(described.Listeners).toEqual([
        {
          ListenerArn: listenerArn,
          LoadBalancerArn: lbArn,
          Port: 80,
          Protocol: 'HTTP',
          DefaultActions: [
            {
              Type: 'forward',
              TargetGroupArn: tgArn,
              ForwardConfig: {
                TargetGroups: [{ TargetGroupArn: tgArn, Weight: 1 }],
                TargetGroupStickinessConfig: { Enabled: false },
              },
            },
          ],
        },
      ]);
    });

    it('requires a certificate for HTTPS and sets the default SSL policy', async () => {
      // Prepare
      const lbArn = await createLoadBalancer();
      const tgArn = await createTargetGroup();
      const listener = {
        LoadBalancerArn: lbArn,
        Port: 443,
        Protocol: 'HTTPS' as const,
        DefaultActions: [{ Type: 'forward' as const, TargetGroupArn: tgArn }],
      };

      // Act
      const refused = await elbv2
        .send(new CreateListenerCommand(listener))
        .catch((e: unknown) => e);
      const created = await elbv2.send(
        new CreateListenerCommand({ ...listener, Certificates: [{ CertificateArn: CERTIFICATE }] }),
      );

      // Assess
      expect(refused).toMatchObject({ name: 'ValidationError' });
      expect(created.Listeners?.[0]).toMatchObject({
        Certificates: [{ CertificateArn: CERTIFICATE }],
        SslPolicy: 'ELBSecurityPolicy-2016-08',
      });
    });

    it('takes a predefined SSL policy and refuses a name ELB does not define', async () => {
      // Prepare
      const lbArn = await createLoadBalancer();
      const tgArn = await createTargetGroup();
      const listener = (SslPolicy: string) => ({
        LoadBalancerArn: lbArn,
        Port: 443,
        Protocol: 'HTTPS' as const,
        Certificates: [{ CertificateArn: CERTIFICATE }],
        SslPolicy,
        DefaultActions: [{ Type: 'forward' as const, TargetGroupArn: tgArn }],
      });

      // Act
      const refused = await elbv2
        .send(new CreateListenerCommand(listener('ELBSecurityPolicy-Modern-2030-01')))
        .catch((e: unknown) => e);
      const created = await elbv2.send(
        new CreateListenerCommand(listener('ELBSecurityPolicy-TLS13-1-2-2021-06')),
      );

      // Assess
      expect(refused).toBeInstanceOf(SSLPolicyNotFoundException);
      expect(created.Listeners?.[0]?.SslPolicy).toBe('ELBSecurityPolicy-TLS13-1-2-2021-06');
    });

    it('redirects, reporting the parts of the URL it keeps from the request', async () => {
      // Prepare
      const lbArn = await createLoadBalancer();

      // Act
      const created = await elbv2.send(
        new CreateListenerCommand({
          LoadBalancerArn: lbArn,
          Port: 80,
          Protocol: 'HTTP',
          DefaultActions: [
            {
              Type: 'redirect',
              RedirectConfig: { Protocol: 'HTTPS', Port: '443', StatusCode: 'HTTP_301' },
            },
          ],
        }),
      );
      const described = await elbv2.send(new DescribeListenersCommand({ LoadBalancerArn: lbArn }));

      // Assess
      expect(described.Listeners).toEqual([
        {
          ListenerArn: created.Listeners?.[0]?.ListenerArn,
          LoadBalancerArn: lbArn,
          Port: 80,
          Protocol: 'HTTP',
          DefaultActions: [
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
          ],
        },
      ]);
    });

    it.each([
      [
        'a loop (nothing changed)',
        'HTTP',
        80,
        { StatusCode: 'HTTP_301' },
        'InvalidLoadBalancerActionException',
      ],
      [
        'a loop to its own protocol and port',
        'HTTP',
        80,
        { Protocol: 'HTTP', Port: '80', StatusCode: 'HTTP_302' },
        'InvalidLoadBalancerActionException',
      ],
      [
        'HTTPS to HTTP',
        'HTTPS',
        443,
        { Protocol: 'HTTP', Port: '80', StatusCode: 'HTTP_301' },
        'InvalidLoadBalancerActionException',
      ],
      [
        'another protocol',
        'HTTP',
        80,
        { Protocol: 'FTP', Port: '21', StatusCode: 'HTTP_301' },
        'ValidationError',
      ],
      [
        'a port out of range',
        'HTTP',
        80,
        { Protocol: 'HTTPS', Port: '70000', StatusCode: 'HTTP_301' },
        'ValidationError',
      ],
      [
        'a path without its leading slash',
        'HTTP',
        80,
        { Path: 'new', StatusCode: 'HTTP_301' },
        'ValidationError',
      ],
      [
        'another status code',
        'HTTP',
        80,
        { Protocol: 'HTTPS', Port: '443', StatusCode: 'HTTP_307' },
        'ValidationError',
      ],
    ] as const)('refuses a redirect with %s', async (_, protocol, port, config, code) => {
      // Prepare
      const lbArn = await createLoadBalancer();

      // Act
      const error = await elbv2
        .send(
          new CreateListenerCommand({
            LoadBalancerArn: lbArn,
            Port: port,
            Protocol: protocol,
            ...(protocol === 'HTTPS' ? { Certificates: [{ CertificateArn: CERTIFICATE }] } : {}),
            DefaultActions: [{ Type: 'redirect', RedirectConfig: config as RedirectActionConfig }],
          }),
        )
        .catch((e: unknown) => e);

      // Assess
      expect(error).toMatchObject({ name: code });
    });

    it('refuses a second listener on a port with other settings', async () => {
      // Prepare
      const lbArn = await createLoadBalancer();
      await forward(lbArn, await createTargetGroup('one'));

      // Act
      const error = await forward(lbArn, await createTargetGroup('two')).catch((e: unknown) => e);

      // Assess
      expect(error).toBeInstanceOf(DuplicateListenerException);
    });

    it('refuses a target group that does not exist', async () => {
      // Prepare
      const lbArn = await createLoadBalancer();
      const missing =
        'arn:aws:elasticloadbalancing:eu-west-1:123456789012:targetgroup/missing/0123456789abcdef';

      // Act
      const error = await forward(lbArn, missing).catch((e: unknown) => e);

      // Assess
      expect(error).toBeInstanceOf(TargetGroupNotFoundException);
    });

    it('switches a listener to HTTPS only with a certificate, and back to HTTP without one', async () => {
      // Prepare
      const lbArn = await createLoadBalancer();
      const listenerArn = await forward(lbArn, await createTargetGroup());
      const described = async () =>
        (await elbv2.send(new DescribeListenersCommand({ ListenerArns: [listenerArn] })))
          .Listeners?.[0];

      // Act
      const refused = await elbv2
        .send(new ModifyListenerCommand({ ListenerArn: listenerArn, Protocol: 'HTTPS' }))
        .catch((e: unknown) => e);
      await elbv2.send(
        new ModifyListenerCommand({
          ListenerArn: listenerArn,
          Protocol: 'HTTPS',
          Certificates: [{ CertificateArn: CERTIFICATE }],
        }),
      );
      const https = await described();
      await elbv2.send(new ModifyListenerCommand({ ListenerArn: listenerArn, Protocol: 'HTTP' }));
      const http = await described();

      // Assess
      expect(refused).toMatchObject({ name: 'ValidationError' });
      expect(https).toMatchObject({
        Protocol: 'HTTPS',
        Certificates: [{ CertificateArn: CERTIFICATE }],
        SslPolicy: 'ELBSecurityPolicy-2016-08',
      });
      expect(http?.Protocol).toBe('HTTP');
      expect(http?.Certificates).toBeUndefined();
      expect(http?.SslPolicy).toBeUndefined();
      expect(http?.DefaultActions).toEqual(https?.DefaultActions);
    });

    it('moves the load balancer of a target group when the listener forwards elsewhere', async () => {
      // Prepare
      const lbArn = await createLoadBalancer();
      const blue = await createTargetGroup('blue');
      const green = await createTargetGroup('green');
      const listenerArn = await forward(lbArn, blue);

      // Act
      await elbv2.send(
        new ModifyListenerCommand({
          ListenerArn: listenerArn,
          DefaultActions: [{ Type: 'forward', TargetGroupArn: green }],
        }),
      );
      const described = await elbv2.send(
        new DescribeTargetGroupsCommand({ TargetGroupArns: [blue, green] }),
      );

      // Assess
      expect(described.TargetGroups?.map((tg) => tg.LoadBalancerArns)).toEqual([[], [lbArn]]);
    });

    it('deletes a listener, which is then not found', async () => {
      // Prepare
      const listenerArn = await forward(await createLoadBalancer(), await createTargetGroup());

      // Act
      await elbv2.send(new DeleteListenerCommand({ ListenerArn: listenerArn }));
      const again = await elbv2
        .send(new DeleteListenerCommand({ ListenerArn: listenerArn }))
        .catch((e: unknown) => e);

      // Assess
      expect(again).toBeInstanceOf(ListenerNotFoundException);
    });
  });

  describe('tags', () => {
    it('adds, describes and removes tags across resource types', async () => {
      // Prepare
      const lbArn = await createLoadBalancer();
      const tgArn = await createTargetGroup();

      // Act
      await elbv2.send(
        new AddTagsCommand({
          ResourceArns: [lbArn, tgArn],
          Tags: [
            { Key: 'env', Value: 'prod' },
            { Key: 'x', Value: 'y' },
          ],
        }),
      );
      await elbv2.send(new RemoveTagsCommand({ ResourceArns: [tgArn], TagKeys: ['x'] }));
      const described = await elbv2.send(new DescribeTagsCommand({ ResourceArns: [lbArn, tgArn] }));

      // Assess
      expect(described.TagDescriptions).toEqual([
        {
          ResourceArn: lbArn,
          Tags: [
            { Key: 'env', Value: 'prod' },
            { Key: 'x', Value: 'y' },
          ],
        },
        { ResourceArn: tgArn, Tags: [{ Key: 'env', Value: 'prod' }] },
      ]);
    });

    it('refuses more than 20 resource ARNs', async () => {
      // Prepare
      const lbArn = await createLoadBalancer();

      // Act
      const error = await elbv2
        .send(new DescribeTagsCommand({ ResourceArns: Array.from({ length: 21 }, () => lbArn) }))
        .catch((e: unknown) => e);

      // Assess
      expect(error).toMatchObject({ name: 'ValidationError' });
    });
  });
});
