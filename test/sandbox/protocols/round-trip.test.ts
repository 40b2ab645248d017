import * as ec2 from '@aws-sdk/client-ec2';
import * as elbv2 from '@aws-sdk/client-elastic-load-balancing-v2';
import * as rds from '@aws-sdk/client-rds';
import * as sts from '@aws-sdk/client-sts';
import { ec2Service } from '../../../sandbox/ec2/service.js';
import { initialEc2State } from '../../../sandbox/ec2/state.js';
import { elbv2Service } from '../../../sandbox/elbv2/service.js';
import { initialElbv2State } from '../../../sandbox/elbv2/state.js';
import {
  decodeEc2Request,
  encodeEc2Error,
  encodeEc2Result,
} from '../../../sandbox/protocols/ec2.js';
import {
  decodeQueryRequest,
  encodeQueryError,
  encodeQueryResult,
} from '../../../sandbox/protocols/query.js';
import { rdsService } from '../../../sandbox/rds/service.js';
import { initialRdsState } from '../../../sandbox/rds/state.js';
import { AwsError, type SandboxService } from '../../../sandbox/service.js';
import type { SandboxState } from '../../../sandbox/state.js';
import { stsService } from '../../../sandbox/sts/service.js';

/**
 * Each service's handlers run in process behind the real SDK clients: the SDK serializes the
 * request, the codec decodes it, the handler answers, the codec encodes the answer and the SDK
 * parses it. Every output member a handler returns must come out of the SDK unchanged, which proves
 * the element and list-item names of the rendering.
 */
class Harness {
  readonly state = {
    ec2: initialEc2State(),
    rds: initialRdsState(),
    elbv2: initialElbv2State(),
    ecs: {},
    seq: 0,
  } as unknown as SandboxState;
  /** The output of the last handler call, as the handler returned it. */
  last: unknown;

  handlerFor(service: SandboxService) {
    return {
      handle: async (request: { body?: unknown }) => {
        const body = String(request.body ?? '');
        const ec2Protocol = service.protocol === 'ec2';
        const { action, input } = ec2Protocol ? decodeEc2Request(body) : decodeQueryRequest(body);
        const ctx = {
          accountId: '123456789012',
          region: 'eu-west-1',
          requestId: 'req',
          now: new Date(),
        };
        let status = 200;
        let xml: string;
        try {
          const handler = service.operations[action];
          if (!handler) {
            throw new AwsError(
              'InvalidAction',
              `The action ${action} is not valid for this web service.`,
            );
          }
          this.last = handler(this.state, input, ctx);
          xml = ec2Protocol
            ? encodeEc2Result(service, action, this.last, 'req')
            : encodeQueryResult(service, action, this.last, 'req');
        } catch (error) {
          if (!(error instanceof AwsError)) throw error;
          status = error.status;
          xml = ec2Protocol ? encodeEc2Error(error, 'req') : encodeQueryError(error, 'req');
        }
        return {
          response: {
            statusCode: status,
            headers: { 'content-type': 'text/xml' },
            body: Buffer.from(xml),
          },
        };
      },
    };
  }

  config(service: SandboxService) {
    return {
      region: 'eu-west-1',
      endpoint: 'http://sandbox.test',
      credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
      maxAttempts: 1,
      requestHandler: this.handlerFor(service),
    };
  }
}

/** JSON-equivalent form: no `$metadata`, no undefined members, timestamps as ISO strings. */
function normalize(value: unknown): unknown {
  return JSON.parse(
    JSON.stringify(value, (key, v: unknown) => (key === '$metadata' ? undefined : v)),
  );
}

async function expectRoundTrip<T>(harness: Harness, sending: Promise<T>): Promise<T> {
  const parsed = await sending;
  expect(normalize(parsed)).toEqual(normalize(harness.last));
  return parsed;
}

describe('query and EC2 rendering through the real SDK clients', () => {
  let harness: Harness;
  let ec2Client: ec2.EC2Client;
  let rdsClient: rds.RDSClient;
  let elbv2Client: elbv2.ElasticLoadBalancingV2Client;

  beforeEach(() => {
    harness = new Harness();
    ec2Client = new ec2.EC2Client(harness.config(ec2Service));
    rdsClient = new rds.RDSClient(harness.config(rdsService));
    elbv2Client = new elbv2.ElasticLoadBalancingV2Client(harness.config(elbv2Service));
  });

  /** A VPC with two subnets in two zones and a security group. */
  async function network() {
    const vpc = await expectRoundTrip(
      harness,
      ec2Client.send(
        new ec2.CreateVpcCommand({
          CidrBlock: '10.0.0.0/16',
          TagSpecifications: [{ ResourceType: 'vpc', Tags: [{ Key: 'Name', Value: 'main' }] }],
        }),
      ),
    );
    const vpcId = vpc.Vpc?.VpcId ?? '';
    const subnets: string[] = [];
    for (const [i, zone] of ['eu-west-1a', 'eu-west-1b'].entries()) {
      const subnet = await expectRoundTrip(
        harness,
        ec2Client.send(
          new ec2.CreateSubnetCommand({
            VpcId: vpcId,
            CidrBlock: `10.0.${i}.0/24`,
            AvailabilityZone: zone,
          }),
        ),
      );
      subnets.push(subnet.Subnet?.SubnetId ?? '');
    }
    const group = await expectRoundTrip(
      harness,
      ec2Client.send(
        new ec2.CreateSecurityGroupCommand({
          VpcId: vpcId,
          GroupName: 'app',
          Description: 'app',
          TagSpecifications: [
            { ResourceType: 'security-group', Tags: [{ Key: 'tier', Value: 'app' }] },
          ],
        }),
      ),
    );
    return { vpcId, subnets, groupId: group.GroupId ?? '' };
  }

  it('renders every EC2 output member under the name the SDK reads', async () => {
    // Prepare
    const { vpcId, groupId } = await network();

    // Act
    await expectRoundTrip(
      harness,
      ec2Client.send(
        new ec2.AuthorizeSecurityGroupIngressCommand({
          GroupId: groupId,
          IpPermissions: [
            {
              IpProtocol: 'tcp',
              FromPort: 443,
              ToPort: 443,
              IpRanges: [{ CidrIp: '0.0.0.0/0', Description: 'web' }],
              UserIdGroupPairs: [{ GroupId: groupId }],
            },
          ],
        }),
      ),
    );
    const gateway = await expectRoundTrip(
      harness,
      ec2Client.send(new ec2.CreateInternetGatewayCommand({})),
    );
    await ec2Client.send(
      new ec2.AttachInternetGatewayCommand({
        InternetGatewayId: gateway.InternetGateway?.InternetGatewayId ?? '',
        VpcId: vpcId,
      }),
    );

    // Assess
    await expectRoundTrip(harness, ec2Client.send(new ec2.DescribeVpcsCommand({})));
    await expectRoundTrip(harness, ec2Client.send(new ec2.DescribeSubnetsCommand({})));
    const groups = await expectRoundTrip(
      harness,
      ec2Client.send(new ec2.DescribeSecurityGroupsCommand({})),
    );
    await expectRoundTrip(harness, ec2Client.send(new ec2.DescribeAvailabilityZonesCommand({})));
    await expectRoundTrip(harness, ec2Client.send(new ec2.DescribeInternetGatewaysCommand({})));
    await expectRoundTrip(
      harness,
      ec2Client.send(
        new ec2.RevokeSecurityGroupIngressCommand({
          GroupId: groupId,
          IpPermissions: [
            { IpProtocol: 'tcp', FromPort: 443, ToPort: 443, IpRanges: [{ CidrIp: '0.0.0.0/0' }] },
          ],
        }),
      ),
    );
    expect(groups.SecurityGroups?.find((g) => g.GroupId === groupId)?.IpPermissions).toHaveLength(
      1,
    );
  });

  it('renders every RDS output member under the name the SDK reads', async () => {
    // Prepare
    const { subnets, groupId } = await network();
    await expectRoundTrip(
      harness,
      rdsClient.send(
        new rds.CreateDBSubnetGroupCommand({
          DBSubnetGroupName: 'data',
          DBSubnetGroupDescription: 'isolated',
          SubnetIds: subnets,
        }),
      ),
    );

    // Act
    const created = await expectRoundTrip(
      harness,
      rdsClient.send(
        new rds.CreateDBInstanceCommand({
          DBInstanceIdentifier: 'orders',
          Engine: 'postgres',
          DBInstanceClass: 'db.t3.small',
          AllocatedStorage: 100,
          StorageType: 'gp3',
          MasterUsername: 'app',
          ManageMasterUserPassword: true,
          StorageEncrypted: true,
          MultiAZ: true,
          DBSubnetGroupName: 'data',
          VpcSecurityGroupIds: [groupId],
          EnableCloudwatchLogsExports: ['postgresql'],
          Tags: [{ Key: 'env', Value: 'prod' }],
        }),
      ),
    );

    // Assess
    await expectRoundTrip(
      harness,
      rdsClient.send(
        new rds.ModifyDBInstanceCommand({
          DBInstanceIdentifier: 'orders',
          DBInstanceClass: 'db.m5.large',
        }),
      ),
    );
    await expectRoundTrip(harness, rdsClient.send(new rds.DescribeDBInstancesCommand({})));
    await expectRoundTrip(harness, rdsClient.send(new rds.DescribeDBSubnetGroupsCommand({})));
    await expectRoundTrip(
      harness,
      rdsClient.send(
        new rds.ListTagsForResourceCommand({
          ResourceName: created.DBInstance?.DBInstanceArn ?? '',
        }),
      ),
    );
    await expectRoundTrip(
      harness,
      rdsClient.send(
        new rds.DeleteDBInstanceCommand({
          DBInstanceIdentifier: 'orders',
          SkipFinalSnapshot: true,
        }),
      ),
    );
    expect(created.DBInstance?.DBSubnetGroup?.Subnets).toHaveLength(2);
  });

  it('renders every ELBv2 output member under the name the SDK reads', async () => {
    // Prepare
    const { vpcId, subnets, groupId } = await network();
    const lb = await expectRoundTrip(
      harness,
      elbv2Client.send(
        new elbv2.CreateLoadBalancerCommand({
          Name: 'web',
          Subnets: subnets,
          SecurityGroups: [groupId],
          Tags: [{ Key: 'env', Value: 'prod' }],
        }),
      ),
    );
    const lbArn = lb.LoadBalancers?.[0]?.LoadBalancerArn ?? '';
    const tg = await expectRoundTrip(
      harness,
      elbv2Client.send(
        new elbv2.CreateTargetGroupCommand({
          Name: 'api',
          Protocol: 'HTTP',
          Port: 8080,
          VpcId: vpcId,
          TargetType: 'ip',
        }),
      ),
    );
    const tgArn = tg.TargetGroups?.[0]?.TargetGroupArn ?? '';

    // Act
    const listener = await expectRoundTrip(
      harness,
      elbv2Client.send(
        new elbv2.CreateListenerCommand({
          LoadBalancerArn: lbArn,
          Port: 443,
          Protocol: 'HTTPS',
          Certificates: [{ CertificateArn: 'arn:aws:acm:eu-west-1:123456789012:certificate/abc' }],
          DefaultActions: [{ Type: 'forward', TargetGroupArn: tgArn }],
        }),
      ),
    );
    await elbv2Client.send(
      new elbv2.CreateListenerCommand({
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
    await elbv2Client.send(
      new elbv2.RegisterTargetsCommand({ TargetGroupArn: tgArn, Targets: [{ Id: '10.0.0.10' }] }),
    );

    // Assess
    await expectRoundTrip(harness, elbv2Client.send(new elbv2.DescribeLoadBalancersCommand({})));
    await expectRoundTrip(
      harness,
      elbv2Client.send(new elbv2.DescribeTargetGroupsCommand({ LoadBalancerArn: lbArn })),
    );
    await expectRoundTrip(
      harness,
      elbv2Client.send(new elbv2.DescribeListenersCommand({ LoadBalancerArn: lbArn })),
    );
    await expectRoundTrip(
      harness,
      elbv2Client.send(new elbv2.DescribeLoadBalancerAttributesCommand({ LoadBalancerArn: lbArn })),
    );
    await expectRoundTrip(
      harness,
      elbv2Client.send(new elbv2.DescribeTargetGroupAttributesCommand({ TargetGroupArn: tgArn })),
    );
    await expectRoundTrip(
      harness,
      elbv2Client.send(
        new elbv2.DescribeTagsCommand({
          ResourceArns: [lbArn, tgArn, listener.Listeners?.[0]?.ListenerArn ?? ''],
        }),
      ),
    );
    const health = await expectRoundTrip(
      harness,
      elbv2Client.send(new elbv2.DescribeTargetHealthCommand({ TargetGroupArn: tgArn })),
    );
    expect(health.TargetHealthDescriptions?.[0]?.TargetHealth?.State).toBe('healthy');
  });

  it('renders the STS caller identity under the names the SDK reads', async () => {
    // Prepare
    const client = new sts.STSClient(harness.config(stsService));

    // Act
    const identity = await expectRoundTrip(
      harness,
      client.send(new sts.GetCallerIdentityCommand({})),
    );

    // Assess
    expect(identity.Account).toBe('123456789012');
  });
});
