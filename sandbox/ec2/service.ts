/**
 * The EC2 emulation (ec2 protocol): VPCs, subnets, security groups, availability zones, tags and
 * internet gateways. Resources are available as soon as they are created.
 */
import { EC2_STYLE } from '../protocols/ec2.js';
import { renderStruct } from '../protocols/xml.js';
import type { SandboxService } from '../service.js';
import {
  attachInternetGateway,
  createInternetGateway,
  deleteInternetGateway,
  describeInternetGateways,
  detachInternetGateway,
} from './gateways.js';
import {
  createSubnet,
  createVpc,
  deleteSubnet,
  deleteVpc,
  describeAvailabilityZones,
  describeSubnets,
  describeVpcs,
} from './network.js';
import {
  authorizeSecurityGroupEgress,
  authorizeSecurityGroupIngress,
  createSecurityGroup,
  deleteSecurityGroup,
  describeSecurityGroups,
  revokeSecurityGroupEgress,
  revokeSecurityGroupIngress,
} from './security-groups.js';
import { createTags, deleteTags } from './tags.js';
import { EC2_OUTPUT_SHAPES } from './xml.js';

/** The EC2 service: signing name `ec2`, API version 2016-11-15. */
export const ec2Service: SandboxService = {
  signingName: 'ec2',
  name: 'EC2',
  protocol: 'ec2',
  xmlNamespace: 'http://ec2.amazonaws.com/doc/2016-11-15/',
  renderXml: (operation, output) =>
    renderStruct(output, EC2_OUTPUT_SHAPES[operation] ?? {}, EC2_STYLE),
  operations: {
    CreateVpc: createVpc,
    DescribeVpcs: describeVpcs,
    DeleteVpc: deleteVpc,
    CreateSubnet: createSubnet,
    DescribeSubnets: describeSubnets,
    DeleteSubnet: deleteSubnet,
    CreateSecurityGroup: createSecurityGroup,
    DescribeSecurityGroups: describeSecurityGroups,
    DeleteSecurityGroup: deleteSecurityGroup,
    AuthorizeSecurityGroupIngress: authorizeSecurityGroupIngress,
    AuthorizeSecurityGroupEgress: authorizeSecurityGroupEgress,
    RevokeSecurityGroupIngress: revokeSecurityGroupIngress,
    RevokeSecurityGroupEgress: revokeSecurityGroupEgress,
    DescribeAvailabilityZones: describeAvailabilityZones,
    CreateTags: createTags,
    DeleteTags: deleteTags,
    CreateInternetGateway: createInternetGateway,
    AttachInternetGateway: attachInternetGateway,
    DetachInternetGateway: detachInternetGateway,
    DeleteInternetGateway: deleteInternetGateway,
    DescribeInternetGateways: describeInternetGateways,
  },
};
