/**
 * RDS response list-item names: RDS wraps list items in the item's type name (`<DBInstance>`,
 * `<Tag>`, `<VpcSecurityGroupMembership>`, ...) rather than `<member>`.
 */
import type { XmlShape } from '../protocols/xml.js';

const DB_SUBNET_GROUP: XmlShape = { Subnets: { item: 'Subnet' } };

const DB_INSTANCE: XmlShape = {
  DBSecurityGroups: { item: 'DBSecurityGroup' },
  VpcSecurityGroups: { item: 'VpcSecurityGroupMembership' },
  DBParameterGroups: { item: 'DBParameterGroup' },
  DBSubnetGroup: { shape: DB_SUBNET_GROUP },
  ReadReplicaDBInstanceIdentifiers: { item: 'ReadReplicaDBInstanceIdentifier' },
  ReadReplicaDBClusterIdentifiers: { item: 'ReadReplicaDBClusterIdentifier' },
  OptionGroupMemberships: { item: 'OptionGroupMembership' },
  StatusInfos: { item: 'DBInstanceStatusInfo' },
  DomainMemberships: { item: 'DomainMembership' },
  AssociatedRoles: { item: 'DBInstanceRole' },
  ProcessorFeatures: { item: 'ProcessorFeature' },
  TagList: { item: 'Tag' },
};

/** Output shapes by operation. */
export const RDS_OUTPUT_SHAPES: Readonly<Record<string, XmlShape>> = {
  CreateDBInstance: { DBInstance: { shape: DB_INSTANCE } },
  ModifyDBInstance: { DBInstance: { shape: DB_INSTANCE } },
  DeleteDBInstance: { DBInstance: { shape: DB_INSTANCE } },
  DescribeDBInstances: { DBInstances: { item: 'DBInstance', shape: DB_INSTANCE } },
  ListTagsForResource: { TagList: { item: 'Tag' } },
  CreateDBSubnetGroup: { DBSubnetGroup: { shape: DB_SUBNET_GROUP } },
  DescribeDBSubnetGroups: { DBSubnetGroups: { item: 'DBSubnetGroup', shape: DB_SUBNET_GROUP } },
};
