import {
  IpAddresses,
  type ISecurityGroup,
  type IVpc,
  Peer,
  Port,
  SecurityGroup,
  type SubnetSelection,
  SubnetType,
  Vpc,
} from 'aws-cdk-lib/aws-ec2';
import { Validations } from 'aws-cdk-lib/core';
import { Construct } from 'constructs';

/** Props of {@link Network}. */
export interface NetworkProps {
  /** The VPC's IPv4 CIDR block. */
  readonly vpcCidr: string;
  /** Availability zones to spread the subnets over, given explicitly so synth needs no lookup. */
  readonly availabilityZones: readonly string[];
  /**
   * NAT gateways for the private subnets' egress. With none, the private subnets are isolated.
   * @default 1
   */
  readonly natGateways?: number;
  /**
   * Listener ports the load balancer accepts traffic on.
   * @default - none: no load balancer security group is created
   */
  readonly listenerPorts?: readonly number[];
  /**
   * Who may reach the listener ports: anyone (`internet-facing`) or only the VPC (`internal`).
   * @default 'internet-facing'
   */
  readonly loadBalancerScheme?: 'internet-facing' | 'internal';
  /**
   * Container ports the load balancer forwards to.
   * @default - none
   */
  readonly servicePorts?: readonly number[];
  /**
   * The database port the services connect to.
   * @default - no database: no database security group is created
   */
  readonly databasePort?: number;
}

/** Subnet group names; the services and the database select their subnets by them. */
export const SUBNET_GROUPS = {
  public: 'public',
  private: 'private',
  isolated: 'isolated',
} as const;

/**
 * The VPC (public, private and isolated subnets over the declared AZs) and the security-group
 * chain: load balancer on the listener ports, services only from the load balancer on their
 * ports, database only from the services on its port. Nothing else is open inbound.
 */
export class Network extends Construct {
  readonly vpc: IVpc;
  /** Present when listener ports are declared. */
  readonly loadBalancerSecurityGroup: ISecurityGroup | undefined;
  readonly serviceSecurityGroup: ISecurityGroup;
  /** Present when a database port is declared. */
  readonly databaseSecurityGroup: ISecurityGroup | undefined;

  constructor(scope: Construct, id: string, props: NetworkProps) {
    super(scope, id);
    const natGateways = props.natGateways ?? 1;
    // CDK's classes type optional members `T | undefined` where its interfaces say `?: T`, so
    // under exactOptionalPropertyTypes a Vpc is not assignable to IVpc without this assertion.
    this.vpc = new Vpc(this, 'Vpc', {
      ipAddresses: IpAddresses.cidr(props.vpcCidr),
      availabilityZones: [...props.availabilityZones],
      natGateways,
      // The restricting custom resource needs a Lambda asset, which the inline synthesizer refuses.
      restrictDefaultSecurityGroup: false,
      subnetConfiguration: [
        { name: SUBNET_GROUPS.public, subnetType: SubnetType.PUBLIC },
        {
          name: SUBNET_GROUPS.private,
          // CDK refuses egress subnets without a NAT gateway to route through.
          subnetType:
            natGateways > 0 ? SubnetType.PRIVATE_WITH_EGRESS : SubnetType.PRIVATE_ISOLATED,
        },
        { name: SUBNET_GROUPS.isolated, subnetType: SubnetType.PRIVATE_ISOLATED },
      ],
    }) as IVpc;
    Validations.of(this.vpc).acknowledge({
      id: 'CloudFormation-Validate::W3010',
      reason:
        'The manifest declares the availability zones; the drift check compares them, and naming ' +
        'them keeps synthesis free of account lookups.',
    });

    // Tasks pull images and read secrets over the NAT gateway, so their egress stays open.
    this.serviceSecurityGroup = new SecurityGroup(this, 'ServiceSecurityGroup', {
      vpc: this.vpc,
      description: 'Fargate services: only the load balancer, on the service ports',
      allowAllOutbound: true,
    });

    const listenerPorts = props.listenerPorts ?? [];
    if (listenerPorts.length > 0) {
      const lb = new SecurityGroup(this, 'LoadBalancerSecurityGroup', {
        vpc: this.vpc,
        description: 'Load balancer: the listener ports',
        // Egress only to the services, on their ports (below).
        allowAllOutbound: false,
      });
      const clients =
        props.loadBalancerScheme === 'internal' ? Peer.ipv4(props.vpcCidr) : Peer.anyIpv4();
      for (const port of unique(listenerPorts))
        lb.addIngressRule(clients, Port.tcp(port), `Listener ${port}`);
      for (const port of unique(props.servicePorts ?? [])) {
        this.serviceSecurityGroup.addIngressRule(lb, Port.tcp(port), `From the load balancer`);
        lb.addEgressRule(this.serviceSecurityGroup, Port.tcp(port), `To the services`);
      }
      this.loadBalancerSecurityGroup = lb;
    }

    if (props.databasePort !== undefined) {
      const db = new SecurityGroup(this, 'DatabaseSecurityGroup', {
        vpc: this.vpc,
        description: 'Database: only the services',
        allowAllOutbound: false,
      });
      db.addIngressRule(
        this.serviceSecurityGroup,
        Port.tcp(props.databasePort),
        'From the services',
      );
      this.databaseSecurityGroup = db;
    }
  }

  /** Subnets of one group, by name. */
  subnets(group: keyof typeof SUBNET_GROUPS): SubnetSelection {
    return { subnetGroupName: SUBNET_GROUPS[group] };
  }
}

function unique(values: readonly number[]): number[] {
  return [...new Set(values)];
}
