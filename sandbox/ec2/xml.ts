/**
 * EC2 response element names that differ from the lowerCamel default (`Vpcs` → `vpcSet`,
 * `SecurityGroup.Description` → `groupDescription`, ...), per operation output.
 */
import type { XmlShape } from '../protocols/xml.js';

const IP_PERMISSION: XmlShape = { UserIdGroupPairs: { name: 'groups' } };

const SECURITY_GROUP: XmlShape = {
  Description: { name: 'groupDescription' },
  IpPermissions: { shape: IP_PERMISSION },
  IpPermissionsEgress: { shape: IP_PERMISSION },
};

const INTERNET_GATEWAY: XmlShape = { Attachments: { name: 'attachmentSet' } };

/** Output shapes by operation; operations not listed use default names throughout. */
export const EC2_OUTPUT_SHAPES: Readonly<Record<string, XmlShape>> = {
  DescribeVpcs: { Vpcs: { name: 'vpcSet' } },
  DescribeSubnets: { Subnets: { name: 'subnetSet' } },
  DescribeSecurityGroups: { SecurityGroups: { name: 'securityGroupInfo', shape: SECURITY_GROUP } },
  AuthorizeSecurityGroupIngress: { SecurityGroupRules: { name: 'securityGroupRuleSet' } },
  AuthorizeSecurityGroupEgress: { SecurityGroupRules: { name: 'securityGroupRuleSet' } },
  RevokeSecurityGroupIngress: {
    UnknownIpPermissions: { name: 'unknownIpPermissionSet', shape: IP_PERMISSION },
    RevokedSecurityGroupRules: { name: 'revokedSecurityGroupRuleSet' },
  },
  RevokeSecurityGroupEgress: {
    UnknownIpPermissions: { name: 'unknownIpPermissionSet', shape: IP_PERMISSION },
    RevokedSecurityGroupRules: { name: 'revokedSecurityGroupRuleSet' },
  },
  DescribeAvailabilityZones: {
    AvailabilityZones: {
      name: 'availabilityZoneInfo',
      shape: { State: { name: 'zoneState' }, Messages: { name: 'messageSet' } },
    },
  },
  CreateInternetGateway: { InternetGateway: { shape: INTERNET_GATEWAY } },
  DescribeInternetGateways: {
    InternetGateways: { name: 'internetGatewaySet', shape: INTERNET_GATEWAY },
  },
};
