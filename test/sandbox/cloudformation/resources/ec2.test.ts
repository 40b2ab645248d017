import type { ProvisionResult } from '../../../../sandbox/cloudformation/contract.js';
import { handlerFor } from '../../../../sandbox/cloudformation/engine/provisioners.js';
import { ec2Service } from '../../../../sandbox/ec2/service.js';
import { AwsError } from '../../../../sandbox/service.js';
import { initialSandboxState, type SandboxState } from '../../../../sandbox/state.js';
import { callOperation } from '../../helpers.js';
import { stackContext } from './helpers.js';

const ctx = stackContext();

type Props = Record<string, unknown>;

function create(
  state: SandboxState,
  type: string,
  logicalId: string,
  props: Props,
): ProvisionResult {
  return handlerFor(type).create(state, logicalId, props, ctx);
}

/** An EC2 operation as the API answers it. */
function ec2(state: SandboxState, operation: string, input: Record<string, unknown>) {
  return callOperation<Record<string, Array<Record<string, unknown>>>>(
    ec2Service,
    state,
    operation,
    input,
    ctx,
  );
}

function vpcWithSubnets(state: SandboxState) {
  const vpc = create(state, 'AWS::EC2::VPC', 'Vpc', { CidrBlock: '10.0.0.0/16' });
  const subnets = ['a', 'b'].map((zone, i) =>
    create(state, 'AWS::EC2::Subnet', `Subnet${i}`, {
      VpcId: vpc.physicalId,
      CidrBlock: `10.0.${i}.0/24`,
      AvailabilityZone: `eu-west-1${zone}`,
    }),
  );
  return { vpc, subnets };
}

describe('EC2 resource handlers', () => {
  let state: SandboxState;

  beforeEach(() => {
    state = initialSandboxState();
  });

  it('creates a VPC that DescribeVpcs shows, tagged as CloudFormation tags it', () => {
    // Prepare
    const props = { CidrBlock: '10.0.0.0/16', Tags: [{ Key: 'Name', Value: 'platform/Vpc' }] };

    // Act
    const vpc = create(state, 'AWS::EC2::VPC', 'Vpc', props);

    // Assess
    const [described] = ec2(state, 'DescribeVpcs', { VpcId: [vpc.physicalId] }).Vpcs ?? [];
    const [group] = ec2(state, 'DescribeSecurityGroups', {}).SecurityGroups ?? [];
    expect(described).toMatchObject({ VpcId: vpc.physicalId, CidrBlock: '10.0.0.0/16' });
    expect(described?.Tags).toEqual([
      { Key: 'Name', Value: 'platform/Vpc' },
      { Key: 'aws:cloudformation:stack-name', Value: 'platform' },
      { Key: 'aws:cloudformation:logical-id', Value: 'Vpc' },
      { Key: 'aws:cloudformation:stack-id', Value: ctx.stackId },
    ]);
    expect(vpc.attributes).toMatchObject({
      VpcId: vpc.physicalId,
      CidrBlock: '10.0.0.0/16',
      DefaultSecurityGroup: group?.GroupId,
    });
    expect(handlerFor('AWS::EC2::VPC').replaceOn).toContain('CidrBlock');
  });

  it('updates the tags of a VPC in place, keeping the system tags', () => {
    // Prepare
    const before = { CidrBlock: '10.0.0.0/16', Tags: [{ Key: 'env', Value: 'dev' }] };
    const after = { CidrBlock: '10.0.0.0/16', Tags: [{ Key: 'env', Value: 'prod' }] };
    const vpc = create(state, 'AWS::EC2::VPC', 'Vpc', before);

    // Act
    handlerFor('AWS::EC2::VPC').update(state, 'Vpc', vpc.physicalId, before, after, ctx);

    // Assess
    const [described] = ec2(state, 'DescribeVpcs', {}).Vpcs ?? [];
    expect(described?.Tags).toEqual(
      expect.arrayContaining([
        { Key: 'env', Value: 'prod' },
        { Key: 'aws:cloudformation:logical-id', Value: 'Vpc' },
      ]),
    );
    expect(described?.Tags).not.toContainEqual({ Key: 'env', Value: 'dev' });
  });

  it('creates subnets in their zones and maps public addresses when asked', () => {
    // Prepare
    const vpc = create(state, 'AWS::EC2::VPC', 'Vpc', { CidrBlock: '10.0.0.0/16' });

    // Act
    const subnet = create(state, 'AWS::EC2::Subnet', 'Public', {
      VpcId: vpc.physicalId,
      CidrBlock: '10.0.0.0/18',
      AvailabilityZone: 'eu-west-1b',
      MapPublicIpOnLaunch: true,
    });

    // Assess
    const [described] =
      ec2(state, 'DescribeSubnets', { SubnetId: [subnet.physicalId] }).Subnets ?? [];
    expect(described).toMatchObject({
      VpcId: vpc.physicalId,
      CidrBlock: '10.0.0.0/18',
      AvailabilityZone: 'eu-west-1b',
      MapPublicIpOnLaunch: true,
    });
    expect(subnet.attributes).toMatchObject({
      SubnetId: subnet.physicalId,
      AvailabilityZone: 'eu-west-1b',
    });
    expect(handlerFor('AWS::EC2::Subnet').replaceOn).toEqual(
      expect.arrayContaining(['CidrBlock', 'AvailabilityZone', 'VpcId']),
    );
  });

  it('reports an EC2 refusal as CloudFormation words a handler failure', () => {
    // Prepare
    const vpc = create(state, 'AWS::EC2::VPC', 'Vpc', { CidrBlock: '10.0.0.0/16' });

    // Act
    let failure: unknown;
    try {
      create(state, 'AWS::EC2::Subnet', 'Outside', {
        VpcId: vpc.physicalId,
        CidrBlock: '10.9.0.0/24',
      });
    } catch (error) {
      failure = error;
    }

    // Assess
    expect(failure).toBeInstanceOf(AwsError);
    expect((failure as AwsError).code).toBe('InvalidSubnet.Range');
    expect((failure as AwsError).message).toMatch(
      /^Resource handler returned message: "The CIDR '10\.9\.0\.0\/24' is invalid\. \(Service: Ec2, Status Code: 400, Request ID: req-1\)" \(RequestToken: [0-9a-f-]{36}, HandlerErrorCode: InvalidRequest\)$/,
    );
  });

  it('replaces the default egress rule only when the template lists egress rules', () => {
    // Prepare
    const { vpc } = vpcWithSubnets(state);
    const ingress = [
      { IpProtocol: 'tcp', FromPort: 80, ToPort: 80, CidrIp: '0.0.0.0/0', Description: 'http' },
    ];

    // Act
    const open = create(state, 'AWS::EC2::SecurityGroup', 'Alb', {
      GroupDescription: 'load balancer',
      VpcId: vpc.physicalId,
      SecurityGroupIngress: ingress,
    });
    const closed = create(state, 'AWS::EC2::SecurityGroup', 'Db', {
      GroupDescription: 'database',
      VpcId: vpc.physicalId,
      SecurityGroupEgress: [
        { IpProtocol: 'tcp', FromPort: '443', ToPort: '443', CidrIp: '10.0.0.0/16' },
      ],
    });

    // Assess
    const groups =
      ec2(state, 'DescribeSecurityGroups', { GroupId: [open.physicalId, closed.physicalId] })
        .SecurityGroups ?? [];
    expect(groups[0]).toMatchObject({
      GroupName: expect.stringMatching(/^platform-Alb-[A-Z0-9]{12}$/),
      IpPermissions: [
        expect.objectContaining({
          IpProtocol: 'tcp',
          FromPort: 80,
          IpRanges: [{ CidrIp: '0.0.0.0/0', Description: 'http' }],
        }),
      ],
      IpPermissionsEgress: [
        expect.objectContaining({ IpProtocol: '-1', IpRanges: [{ CidrIp: '0.0.0.0/0' }] }),
      ],
    });
    expect(groups[1]?.IpPermissionsEgress).toEqual([
      expect.objectContaining({
        IpProtocol: 'tcp',
        FromPort: 443,
        IpRanges: [{ CidrIp: '10.0.0.0/16' }],
      }),
    ]);
    expect(open.attributes).toEqual({ GroupId: open.physicalId, VpcId: vpc.physicalId });
  });

  it('updates inline rules in place and leaves standalone rules alone', () => {
    // Prepare
    const { vpc } = vpcWithSubnets(state);
    const http = { IpProtocol: 'tcp', FromPort: 80, ToPort: 80, CidrIp: '0.0.0.0/0' };
    const https = { IpProtocol: 'tcp', FromPort: 443, ToPort: 443, CidrIp: '0.0.0.0/0' };
    const before = { GroupDescription: 'alb', VpcId: vpc.physicalId, SecurityGroupIngress: [http] };
    const after = { ...before, SecurityGroupIngress: [https] };
    const group = create(state, 'AWS::EC2::SecurityGroup', 'Alb', before);
    const peer = create(state, 'AWS::EC2::SecurityGroup', 'Peer', {
      GroupDescription: 'peer',
      VpcId: vpc.physicalId,
    });
    create(state, 'AWS::EC2::SecurityGroupIngress', 'FromPeer', {
      GroupId: group.physicalId,
      IpProtocol: 'tcp',
      FromPort: 8080,
      ToPort: 8080,
      SourceSecurityGroupId: peer.physicalId,
    });

    // Act
    const updated = handlerFor('AWS::EC2::SecurityGroup').update(
      state,
      'Alb',
      group.physicalId,
      before,
      after,
      ctx,
    );

    // Assess
    const [described] =
      ec2(state, 'DescribeSecurityGroups', { GroupId: [group.physicalId] }).SecurityGroups ?? [];
    const permissions = (described?.IpPermissions ?? []) as Array<{ FromPort: number }>;
    const ports = permissions.map((p) => p.FromPort);
    expect(updated.physicalId).toBe(group.physicalId);
    expect(ports.sort()).toEqual([443, 8080]);
  });

  it('authorizes, redescribes and revokes a standalone rule', () => {
    // Prepare
    const { vpc } = vpcWithSubnets(state);
    const alb = create(state, 'AWS::EC2::SecurityGroup', 'Alb', {
      GroupDescription: 'alb',
      VpcId: vpc.physicalId,
    });
    const api = create(state, 'AWS::EC2::SecurityGroup', 'Api', {
      GroupDescription: 'api',
      VpcId: vpc.physicalId,
    });
    const handler = handlerFor('AWS::EC2::SecurityGroupEgress');
    const props = {
      GroupId: alb.physicalId,
      IpProtocol: 'tcp',
      FromPort: 8080,
      ToPort: 8080,
      DestinationSecurityGroupId: api.physicalId,
      Description: 'to the service',
    };

    // Act
    const rule = handler.create(state, 'AlbToApi', props, ctx);
    handler.update(
      state,
      'AlbToApi',
      rule.physicalId,
      props,
      { ...props, Description: 'to the api' },
      ctx,
    );
    const described = ec2(state, 'DescribeSecurityGroups', { GroupId: [alb.physicalId] })
      .SecurityGroups?.[0];
    handler.delete(state, rule.physicalId, props, ctx);
    const after = ec2(state, 'DescribeSecurityGroups', { GroupId: [alb.physicalId] })
      .SecurityGroups?.[0];

    // Assess
    expect(rule.physicalId).toMatch(/^sgr-[0-9a-f]{17}$/);
    expect(described?.IpPermissionsEgress).toContainEqual(
      expect.objectContaining({
        FromPort: 8080,
        UserIdGroupPairs: [
          { UserId: '111111111111', GroupId: api.physicalId, Description: 'to the api' },
        ],
      }),
    );
    expect(after?.IpPermissionsEgress).not.toContainEqual(
      expect.objectContaining({ FromPort: 8080 }),
    );
    expect(handler.replaceOn).toEqual(
      expect.arrayContaining(['GroupId', 'FromPort', 'DestinationSecurityGroupId']),
    );
    expect(handler.replaceOn).not.toContain('Description');
  });

  it('attaches an internet gateway and detaches it before both are deleted', () => {
    // Prepare
    const { vpc } = vpcWithSubnets(state);
    const gateway = create(state, 'AWS::EC2::InternetGateway', 'Igw', {});
    const props = { VpcId: vpc.physicalId, InternetGatewayId: gateway.physicalId };

    // Act
    const attachment = create(state, 'AWS::EC2::VPCGatewayAttachment', 'Attach', props);
    const attached = ec2(state, 'DescribeInternetGateways', {}).InternetGateways?.[0];
    handlerFor('AWS::EC2::VPCGatewayAttachment').delete(state, attachment.physicalId, props, ctx);
    handlerFor('AWS::EC2::InternetGateway').delete(state, gateway.physicalId, {}, ctx);

    // Assess
    expect(attachment.physicalId).toBe(`IGW|${vpc.physicalId}`);
    expect(attached?.Attachments).toEqual([{ State: 'available', VpcId: vpc.physicalId }]);
    expect(ec2(state, 'DescribeInternetGateways', {}).InternetGateways).toEqual([]);
  });

  it('deletes subnets and the VPC, and deleting what is gone succeeds', () => {
    // Prepare
    const { vpc, subnets } = vpcWithSubnets(state);

    // Act
    for (const subnet of subnets)
      handlerFor('AWS::EC2::Subnet').delete(state, subnet.physicalId, {}, ctx);
    handlerFor('AWS::EC2::VPC').delete(state, vpc.physicalId, {}, ctx);
    handlerFor('AWS::EC2::VPC').delete(state, vpc.physicalId, {}, ctx);

    // Assess
    expect(ec2(state, 'DescribeVpcs', {}).Vpcs).toEqual([]);
    expect(ec2(state, 'DescribeSubnets', {}).Subnets).toEqual([]);
  });
});
