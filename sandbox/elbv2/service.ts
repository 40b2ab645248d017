/**
 * The ELBv2 emulation (awsQuery protocol): Application Load Balancers, target groups, listeners,
 * attributes, tags and target health. Load balancers are `active` as soon as they are created.
 */
import { QUERY_STYLE, renderStruct } from '../protocols/xml.js';
import type { SandboxService } from '../service.js';
import { createListener, deleteListener, describeListeners, modifyListener } from './listeners.js';
import {
  createLoadBalancer,
  deleteLoadBalancer,
  describeLoadBalancerAttributes,
  describeLoadBalancers,
  modifyLoadBalancerAttributes,
} from './load-balancers.js';
import { addTags, describeTags, removeTags } from './tags.js';
import {
  createTargetGroup,
  deleteTargetGroup,
  describeTargetGroupAttributes,
  describeTargetGroups,
  modifyTargetGroup,
  modifyTargetGroupAttributes,
} from './target-groups.js';
import { deregisterTargets, describeTargetHealth, registerTargets } from './targets.js';

/** The ELBv2 service: signing name `elasticloadbalancing`, API version 2015-12-01. */
export const elbv2Service: SandboxService = {
  signingName: 'elasticloadbalancing',
  name: 'ELBv2',
  protocol: 'query',
  xmlNamespace: 'http://elasticloadbalancing.amazonaws.com/doc/2015-12-01/',
  // ELBv2 lists use <member> items and element names equal to member names throughout.
  renderXml: (_operation, output) => renderStruct(output, {}, QUERY_STYLE),
  operations: {
    CreateLoadBalancer: createLoadBalancer,
    DescribeLoadBalancers: describeLoadBalancers,
    DeleteLoadBalancer: deleteLoadBalancer,
    DescribeLoadBalancerAttributes: describeLoadBalancerAttributes,
    ModifyLoadBalancerAttributes: modifyLoadBalancerAttributes,
    CreateTargetGroup: createTargetGroup,
    DescribeTargetGroups: describeTargetGroups,
    ModifyTargetGroup: modifyTargetGroup,
    DeleteTargetGroup: deleteTargetGroup,
    DescribeTargetGroupAttributes: describeTargetGroupAttributes,
    ModifyTargetGroupAttributes: modifyTargetGroupAttributes,
    RegisterTargets: registerTargets,
    DeregisterTargets: deregisterTargets,
    DescribeTargetHealth: describeTargetHealth,
    CreateListener: createListener,
    DescribeListeners: describeListeners,
    ModifyListener: modifyListener,
    DeleteListener: deleteListener,
    AddTags: addTags,
    RemoveTags: removeTags,
    DescribeTags: describeTags,
  },
};
