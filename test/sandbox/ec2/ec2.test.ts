import {
  AttachInternetGatewayCommand,
  AuthorizeSecurityGroupIngressCommand,
  CreateInternetGatewayCommand,
  CreateSecurityGroupCommand,
  CreateSubnetCommand,
  CreateTagsCommand,
  CreateVpcCommand,
  DeleteSecurityGroupCommand,
  DeleteSubnetCommand,
  DeleteTagsCommand,
  DeleteVpcCommand,
  DescribeAvailabilityZonesCommand,
  DescribeInternetGatewaysCommand,
  DescribeSecurityGroupsCommand,
  DescribeSubnetsCommand,
  DescribeVpcsCommand,
  EC2Client,
  RevokeSecurityGroupIngressCommand,
} from '@aws-sdk/client-ec2';
import { type Sandbox, startSandbox } from '../../../sandbox/index.js';

describe('EC2 emulation', () => {
  let sandbox: Sandbox;
  let ec2: EC2Client;

  beforeEach(async () => {
    sandbox = await startSandbox({ port: 0 });
    ec2 = new EC2Client({
      endpoint: sandbox.url,
      region: 'eu-west-1',
      credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
      maxAttempts: 1,
    });
  });

  afterEach(async () => {
    ec2.destroy();
    await sandbox.close();
  });

  async function createVpc(cidr = '10.0.0.0/16', name?: string): Promise<string> {
    const created = await ec2.send(
      new CreateVpcCommand({
        CidrBlock: cidr,
        ...(name
          ? { TagSpecifications: [{ ResourceType: 'vpc', Tags: [{ Key: 'Name', Value: name }] }] }
          : {}),
      }),
    );
    return created.Vpc?.VpcId ?? '';
  }

  async function createSubnet(vpcId: string, cidr: string, zone?: string): Promise<string> {
    const created = await ec2.send(
      new CreateSubnetCommand({
        VpcId: vpcId,
        CidrBlock: cidr,
        ...(zone ? { AvailabilityZone: zone } : {}),
      }),
    );
    return created.Subnet?.SubnetId ?? '';
  }

  async function createGroup(vpcId: string, name: string): Promise<string> {
    const created = await ec2.send(
      new CreateSecurityGroupCommand({ VpcId: vpcId, GroupName: name, Description: name }),
    );
    return created.GroupId ?? '';
  }

  describe('VPCs', () => {
    it('creates a VPC with an AWS-shaped id and finds it by id and by Name tag', async () => {
      // Prepare
      const vpcId = await createVpc('10.1.0.0/16', 'staging');
      await createVpc('10.2.0.0/16', 'prod');

      // Act
      const byId = await ec2.send(new DescribeVpcsCommand({ VpcIds: [vpcId] }));
      const byTag = await ec2.send(
        new DescribeVpcsCommand({ Filters: [{ Name: 'tag:Name', Values: ['stag*'] }] }),
      );

      // Assess
      expect(vpcId).toMatch(/^vpc-[0-9a-f]{17}$/);
      expect(byId.Vpcs).toEqual([
        expect.objectContaining({
          VpcId: vpcId,
          CidrBlock: '10.1.0.0/16',
          State: 'available',
          IsDefault: false,
          Tags: [{ Key: 'Name', Value: 'staging' }],
        }),
      ]);
      expect(byTag.Vpcs?.map((v) => v.VpcId)).toEqual([vpcId]);
    });

    it('answers InvalidVpcID.NotFound for an unknown VPC id', async () => {
      // Act
      const error = await ec2
        .send(new DescribeVpcsCommand({ VpcIds: ['vpc-0123456789abcdef0'] }))
        .catch((e: unknown) => e);

      // Assess
      expect(error).toMatchObject({
        name: 'InvalidVpcID.NotFound',
        message: "The vpc ID 'vpc-0123456789abcdef0' does not exist",
        $metadata: { httpStatusCode: 400 },
      });
    });

    it('refuses a VPC CIDR block larger than /16', async () => {
      // Act
      const error = await ec2
        .send(new CreateVpcCommand({ CidrBlock: '10.0.0.0/8' }))
        .catch((e: unknown) => e);

      // Assess
      expect(error).toMatchObject({ name: 'InvalidVpc.Range' });
    });

    it('gives every new VPC its default security group', async () => {
      // Prepare
      const vpcId = await createVpc();

      // Act
      const groups = await ec2.send(
        new DescribeSecurityGroupsCommand({ Filters: [{ Name: 'vpc-id', Values: [vpcId] }] }),
      );

      // Assess
      expect(groups.SecurityGroups?.map((g) => g.GroupName)).toEqual(['default']);
    });

    it('refuses to delete a VPC that still has subnets, then deletes it once they are gone', async () => {
      // Prepare
      const vpcId = await createVpc();
      const subnetId = await createSubnet(vpcId, '10.0.1.0/24');

      // Act
      const refused = await ec2
        .send(new DeleteVpcCommand({ VpcId: vpcId }))
        .catch((e: unknown) => e);
      await ec2.send(new DeleteSubnetCommand({ SubnetId: subnetId }));
      await ec2.send(new DeleteVpcCommand({ VpcId: vpcId }));

      // Assess
      expect(refused).toMatchObject({ name: 'DependencyViolation' });
      const remaining = await ec2.send(new DescribeVpcsCommand({}));
      expect(remaining.Vpcs).toEqual([]);
    });

    it('pages VPCs with MaxResults and NextToken', async () => {
      // Prepare
      for (let i = 0; i < 7; i++) {
        await createVpc(`10.${i}.0.0/16`);
      }

      // Act
      const first = await ec2.send(new DescribeVpcsCommand({ MaxResults: 5 }));
      const second = await ec2.send(
        new DescribeVpcsCommand({ MaxResults: 5, NextToken: first.NextToken }),
      );

      // Assess
      expect(first.Vpcs).toHaveLength(5);
      expect(second.Vpcs).toHaveLength(2);
      expect(second.NextToken).toBeUndefined();
    });
  });

  describe('subnets', () => {
    it('creates subnets in the requested zone and filters them by VPC', async () => {
      // Prepare
      const vpcId = await createVpc();
      const otherVpc = await createVpc('10.9.0.0/16');
      const subnetId = await createSubnet(vpcId, '10.0.1.0/24', 'eu-west-1b');
      await createSubnet(otherVpc, '10.9.1.0/24');

      // Act
      const described = await ec2.send(
        new DescribeSubnetsCommand({ Filters: [{ Name: 'vpc-id', Values: [vpcId] }] }),
      );

      // Assess
      expect(described.Subnets).toEqual([
        expect.objectContaining({
          SubnetId: subnetId,
          VpcId: vpcId,
          CidrBlock: '10.0.1.0/24',
          AvailabilityZone: 'eu-west-1b',
          AvailableIpAddressCount: 251,
        }),
      ]);
    });

    it('refuses a subnet outside the VPC CIDR block with InvalidSubnet.Range', async () => {
      // Prepare
      const vpcId = await createVpc();

      // Act
      const error = await ec2
        .send(new CreateSubnetCommand({ VpcId: vpcId, CidrBlock: '10.1.0.0/24' }))
        .catch((e: unknown) => e);

      // Assess
      expect(error).toMatchObject({ name: 'InvalidSubnet.Range' });
    });

    it('refuses a subnet overlapping another with InvalidSubnet.Conflict', async () => {
      // Prepare
      const vpcId = await createVpc();
      await createSubnet(vpcId, '10.0.0.0/23');

      // Act
      const error = await ec2
        .send(new CreateSubnetCommand({ VpcId: vpcId, CidrBlock: '10.0.1.0/24' }))
        .catch((e: unknown) => e);

      // Assess
      expect(error).toMatchObject({ name: 'InvalidSubnet.Conflict' });
    });

    it('refuses a zone outside the region', async () => {
      // Prepare
      const vpcId = await createVpc();

      // Act
      const error = await ec2
        .send(
          new CreateSubnetCommand({
            VpcId: vpcId,
            CidrBlock: '10.0.1.0/24',
            AvailabilityZone: 'us-east-1a',
          }),
        )
        .catch((e: unknown) => e);

      // Assess
      expect(error).toMatchObject({ name: 'InvalidParameterValue' });
    });

    it('answers InvalidSubnetID.NotFound for an unknown subnet id', async () => {
      // Act
      const error = await ec2
        .send(new DescribeSubnetsCommand({ SubnetIds: ['subnet-0123456789abcdef0'] }))
        .catch((e: unknown) => e);

      // Assess
      expect(error).toMatchObject({ name: 'InvalidSubnetID.NotFound' });
    });
  });

  describe('availability zones', () => {
    it('lists zones a, b and c of the request region', async () => {
      // Prepare
      const other = new EC2Client({
        endpoint: sandbox.url,
        region: 'us-east-2',
        credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
      });

      // Act
      const zones = await other.send(new DescribeAvailabilityZonesCommand({}));
      other.destroy();

      // Assess
      expect(zones.AvailabilityZones?.map((z) => [z.ZoneName, z.ZoneId, z.State])).toEqual([
        ['us-east-2a', 'use2-az1', 'available'],
        ['us-east-2b', 'use2-az2', 'available'],
        ['us-east-2c', 'use2-az3', 'available'],
      ]);
    });
  });

  describe('security groups', () => {
    it('refuses a second group with the same name in a VPC with InvalidGroup.Duplicate', async () => {
      // Prepare
      const vpcId = await createVpc();
      await createGroup(vpcId, 'web');

      // Act
      const error = await ec2
        .send(
          new CreateSecurityGroupCommand({ VpcId: vpcId, GroupName: 'web', Description: 'again' }),
        )
        .catch((e: unknown) => e);

      // Assess
      expect(error).toMatchObject({ name: 'InvalidGroup.Duplicate' });
    });

    it('answers InvalidGroup.NotFound for an unknown group id', async () => {
      // Act
      const error = await ec2
        .send(new DescribeSecurityGroupsCommand({ GroupIds: ['sg-0123456789abcdef0'] }))
        .catch((e: unknown) => e);

      // Assess
      expect(error).toMatchObject({ name: 'InvalidGroup.NotFound' });
    });

    it('groups ingress rules by protocol and port, and finds groups by name', async () => {
      // Prepare
      const vpcId = await createVpc();
      const alb = await createGroup(vpcId, 'alb');
      const db = await createGroup(vpcId, 'db');

      // Act
      await ec2.send(
        new AuthorizeSecurityGroupIngressCommand({
          GroupId: db,
          IpPermissions: [
            {
              IpProtocol: 'tcp',
              FromPort: 5432,
              ToPort: 5432,
              UserIdGroupPairs: [{ GroupId: alb }],
            },
            {
              IpProtocol: 'tcp',
              FromPort: 5432,
              ToPort: 5432,
              IpRanges: [{ CidrIp: '10.0.0.0/16' }],
            },
          ],
        }),
      );
      const described = await ec2.send(
        new DescribeSecurityGroupsCommand({ Filters: [{ Name: 'group-name', Values: ['db'] }] }),
      );

      // Assess
      expect(described.SecurityGroups?.[0]?.IpPermissions).toEqual([
        {
          IpProtocol: 'tcp',
          FromPort: 5432,
          ToPort: 5432,
          UserIdGroupPairs: [{ GroupId: alb, UserId: '000000000000' }],
          IpRanges: [{ CidrIp: '10.0.0.0/16' }],
          Ipv6Ranges: [],
          PrefixListIds: [],
        },
      ]);
    });

    it('refuses a rule that already exists with InvalidPermission.Duplicate', async () => {
      // Prepare
      const vpcId = await createVpc();
      const web = await createGroup(vpcId, 'web');
      const rule = {
        IpProtocol: 'tcp',
        FromPort: 443,
        ToPort: 443,
        IpRanges: [{ CidrIp: '0.0.0.0/0' }],
      };
      await ec2.send(
        new AuthorizeSecurityGroupIngressCommand({ GroupId: web, IpPermissions: [rule] }),
      );

      // Act
      const error = await ec2
        .send(new AuthorizeSecurityGroupIngressCommand({ GroupId: web, IpPermissions: [rule] }))
        .catch((e: unknown) => e);

      // Assess
      expect(error).toMatchObject({ name: 'InvalidPermission.Duplicate' });
    });

    it('revokes a rule, and refuses to revoke one that does not exist', async () => {
      // Prepare
      const vpcId = await createVpc();
      const web = await createGroup(vpcId, 'web');
      const rule = {
        IpProtocol: 'tcp',
        FromPort: 80,
        ToPort: 80,
        IpRanges: [{ CidrIp: '0.0.0.0/0' }],
      };
      await ec2.send(
        new AuthorizeSecurityGroupIngressCommand({ GroupId: web, IpPermissions: [rule] }),
      );

      // Act
      await ec2.send(
        new RevokeSecurityGroupIngressCommand({ GroupId: web, IpPermissions: [rule] }),
      );
      const again = await ec2
        .send(new RevokeSecurityGroupIngressCommand({ GroupId: web, IpPermissions: [rule] }))
        .catch((e: unknown) => e);

      // Assess
      const described = await ec2.send(new DescribeSecurityGroupsCommand({ GroupIds: [web] }));
      expect(described.SecurityGroups?.[0]?.IpPermissions).toEqual([]);
      expect(again).toMatchObject({ name: 'InvalidPermission.NotFound' });
    });

    it('refuses to delete a group another group references', async () => {
      // Prepare
      const vpcId = await createVpc();
      const alb = await createGroup(vpcId, 'alb');
      const app = await createGroup(vpcId, 'app');
      await ec2.send(
        new AuthorizeSecurityGroupIngressCommand({
          GroupId: app,
          IpPermissions: [
            {
              IpProtocol: 'tcp',
              FromPort: 8080,
              ToPort: 8080,
              UserIdGroupPairs: [{ GroupId: alb }],
            },
          ],
        }),
      );

      // Act
      const error = await ec2
        .send(new DeleteSecurityGroupCommand({ GroupId: alb }))
        .catch((e: unknown) => e);

      // Assess
      expect(error).toMatchObject({ name: 'DependencyViolation' });
    });
  });

  describe('tags', () => {
    it('adds tags to and removes tags from resources of different kinds', async () => {
      // Prepare
      const vpcId = await createVpc();
      const subnetId = await createSubnet(vpcId, '10.0.1.0/24');

      // Act
      await ec2.send(
        new CreateTagsCommand({
          Resources: [vpcId, subnetId],
          Tags: [
            { Key: 'env', Value: 'dev' },
            { Key: 'tier', Value: 'x' },
          ],
        }),
      );
      await ec2.send(new DeleteTagsCommand({ Resources: [subnetId], Tags: [{ Key: 'tier' }] }));

      // Assess
      const vpcs = await ec2.send(new DescribeVpcsCommand({ VpcIds: [vpcId] }));
      const subnets = await ec2.send(new DescribeSubnetsCommand({ SubnetIds: [subnetId] }));
      expect(vpcs.Vpcs?.[0]?.Tags).toEqual([
        { Key: 'env', Value: 'dev' },
        { Key: 'tier', Value: 'x' },
      ]);
      expect(subnets.Subnets?.[0]?.Tags).toEqual([{ Key: 'env', Value: 'dev' }]);
    });
  });

  describe('internet gateways', () => {
    it('attaches a gateway to a VPC and finds it by the attachment filter', async () => {
      // Prepare
      const vpcId = await createVpc();
      const created = await ec2.send(new CreateInternetGatewayCommand({}));
      const gatewayId = created.InternetGateway?.InternetGatewayId ?? '';

      // Act
      await ec2.send(
        new AttachInternetGatewayCommand({ InternetGatewayId: gatewayId, VpcId: vpcId }),
      );
      const described = await ec2.send(
        new DescribeInternetGatewaysCommand({
          Filters: [{ Name: 'attachment.vpc-id', Values: [vpcId] }],
        }),
      );

      // Assess
      expect(gatewayId).toMatch(/^igw-[0-9a-f]{17}$/);
      expect(described.InternetGateways).toEqual([
        expect.objectContaining({
          InternetGatewayId: gatewayId,
          Attachments: [{ State: 'available', VpcId: vpcId }],
        }),
      ]);
    });
  });
});
