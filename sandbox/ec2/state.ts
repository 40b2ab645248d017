/**
 * The persisted state of the EC2 emulation: VPCs, subnets, security groups and internet gateways,
 * keyed by id. Plain JSON, so the server can write it to disk after every mutating call.
 */

/** An EC2 resource tag. */
export interface Ec2Tag {
  Key: string;
  Value: string;
}

/** A VPC. */
export interface VpcRecord {
  VpcId: string;
  OwnerId: string;
  CidrBlock: string;
  /** Id of the association of the primary CIDR block (`vpc-cidr-assoc-...`). */
  CidrAssociationId: string;
  DhcpOptionsId: string;
  InstanceTenancy: string;
  IsDefault: boolean;
  Tags: Ec2Tag[];
}

/** A subnet. */
export interface SubnetRecord {
  SubnetId: string;
  VpcId: string;
  OwnerId: string;
  CidrBlock: string;
  AvailabilityZone: string;
  AvailabilityZoneId: string;
  MapPublicIpOnLaunch: boolean;
  Tags: Ec2Tag[];
}

/** One security group rule: one peer (CIDR or group) for one protocol and port range. */
export interface SecurityGroupRuleRecord {
  SecurityGroupRuleId: string;
  IsEgress: boolean;
  /** `tcp`, `udp`, `icmp`, `icmpv6`, a protocol number, or `-1` for all. */
  IpProtocol: string;
  FromPort?: number;
  ToPort?: number;
  CidrIpv4?: string;
  CidrIpv6?: string;
  PrefixListId?: string;
  ReferencedGroupId?: string;
  ReferencedUserId?: string;
  Description?: string;
}

/** A security group with its ingress and egress rules. */
export interface SecurityGroupRecord {
  GroupId: string;
  GroupName: string;
  Description: string;
  VpcId: string;
  OwnerId: string;
  Rules: SecurityGroupRuleRecord[];
  Tags: Ec2Tag[];
}

/** An internet gateway. */
export interface InternetGatewayRecord {
  InternetGatewayId: string;
  OwnerId: string;
  /** The attached VPC, if any (an internet gateway attaches to at most one VPC). */
  AttachedVpcId?: string;
  Tags: Ec2Tag[];
}

/** The EC2 emulation's slice of the sandbox state. */
export interface Ec2State {
  vpcs: Record<string, VpcRecord>;
  subnets: Record<string, SubnetRecord>;
  securityGroups: Record<string, SecurityGroupRecord>;
  internetGateways: Record<string, InternetGatewayRecord>;
}

/** An empty EC2 state: no VPCs (the sandbox account has no default VPC). */
export function initialEc2State(): Ec2State {
  return { vpcs: {}, subnets: {}, securityGroups: {}, internetGateways: {} };
}
