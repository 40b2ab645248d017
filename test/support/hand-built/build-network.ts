import {
  AuthorizeSecurityGroupIngressCommand,
  CreateSecurityGroupCommand,
  CreateSubnetCommand,
  CreateVpcCommand,
  type EC2Client,
} from '@aws-sdk/client-ec2';
import type { Log, ManifestDoc, NetworkIds } from './manifest-doc.js';

/**
 * A VPC with a public, a private and an isolated /24-sized subnet per availability zone, and the
 * security-group chain load balancer -> service port -> database 5432.
 */
export async function createNetwork(
  ec2: EC2Client,
  doc: ManifestDoc,
  log: Log,
): Promise<NetworkIds> {
  const env = doc.environment.name;
  const vpc = await ec2.send(new CreateVpcCommand({ CidrBlock: doc.network.vpcCidr }));
  const vpcId = vpc.Vpc?.VpcId ?? fail('CreateVpc returned no VpcId');
  log(`vpc ${vpcId}`);

  const [a, b] = doc.network.vpcCidr.split('.');
  const tiers = ['public', 'private', 'isolated'] as const;
  const subnets: Record<(typeof tiers)[number], string[]> = {
    public: [],
    private: [],
    isolated: [],
  };
  let third = 0;
  for (const tier of tiers) {
    for (const az of doc.network.availabilityZones) {
      const s = await ec2.send(
        new CreateSubnetCommand({
          VpcId: vpcId,
          AvailabilityZone: az,
          CidrBlock: `${a}.${b}.${third++}.0/24`,
        }),
      );
      subnets[tier].push(s.Subnet?.SubnetId ?? fail('CreateSubnet returned no SubnetId'));
    }
  }
  log(`subnets ${Object.values(subnets).flat().join(', ')}`);

  const group = async (name: string, description: string) => {
    const g = await ec2.send(
      new CreateSecurityGroupCommand({
        GroupName: `${env}-${name}`,
        Description: description,
        VpcId: vpcId,
      }),
    );
    return g.GroupId ?? fail('CreateSecurityGroup returned no GroupId');
  };
  const alb = await group('alb', 'load balancer');
  const service = await group('service', 'ECS tasks');
  const database = await group('database', 'RDS');
  const allow = (groupId: string, port: number, from: { cidr?: string; group?: string }) =>
    ec2.send(
      new AuthorizeSecurityGroupIngressCommand({
        GroupId: groupId,
        IpPermissions: [
          {
            IpProtocol: 'tcp',
            FromPort: port,
            ToPort: port,
            ...(from.cidr ? { IpRanges: [{ CidrIp: from.cidr }] } : {}),
            ...(from.group ? { UserIdGroupPairs: [{ GroupId: from.group }] } : {}),
          },
        ],
      }),
    );
  for (const l of doc.loadBalancer?.listeners ?? [])
    await allow(alb, l.port, { cidr: '0.0.0.0/0' });
  for (const s of doc.services)
    if (s.port !== undefined) await allow(service, s.port, { group: alb });
  await allow(database, 5432, { group: service });
  log(`security groups ${alb}, ${service}, ${database}`);

  return {
    vpcId,
    publicSubnets: subnets.public,
    privateSubnets: subnets.private,
    isolatedSubnets: subnets.isolated,
    albSecurityGroup: alb,
    serviceSecurityGroup: service,
    databaseSecurityGroup: database,
  };
}

export function fail(message: string): never {
  throw new Error(message);
}
