/**
 * ELBv2 target groups in the ELBv2 emulation, made through the ELBv2 operation handlers (health
 * checks, attributes and registered targets included).
 */

import { defaultAttributes, targetGroupAttributeSet } from '../../elbv2/attributes.js';
import { findTargetGroup, loadBalancersOf } from '../../elbv2/common.js';
import { elbv2Service } from '../../elbv2/service.js';
import type { SandboxState } from '../../state.js';
import type { ProvisionResult } from '../contract.js';
import { applyAttributes, elbv2, resourcePart } from './elbv2.js';
import {
  alreadyExists,
  changes,
  generatedName,
  type Handlers,
  objects,
  type Properties,
  reported,
  resourceTags,
  retag,
  text,
} from './support.js';

function targetGroupResult(state: SandboxState, arn: string): ProvisionResult {
  const tg = findTargetGroup(state, arn);
  return {
    physicalId: arn,
    attributes: {
      TargetGroupArn: arn,
      TargetGroupName: tg.TargetGroupName,
      TargetGroupFullName: resourcePart(arn),
      LoadBalancerArns: loadBalancersOf(state, arn),
    },
  };
}

const HEALTH_CHECK = [
  'HealthCheckEnabled',
  'HealthCheckIntervalSeconds',
  'HealthCheckPath',
  'HealthCheckPort',
  'HealthCheckProtocol',
  'HealthCheckTimeoutSeconds',
  'HealthyThresholdCount',
  'UnhealthyThresholdCount',
  'Matcher',
];

const targetKey = (target: Properties) => `${text(target, 'Id')}|${text(target, 'Port') ?? ''}`;

/** `AWS::ElasticLoadBalancingV2::TargetGroup`. */
export const targetGroupHandlers: Handlers = {
  'AWS::ElasticLoadBalancingV2::TargetGroup': {
    replaceOn: [
      'Name',
      'Port',
      'Protocol',
      'ProtocolVersion',
      'TargetType',
      'VpcId',
      'IpAddressType',
    ],
    nameProperty: 'Name',
    create(state, logicalId, props, ctx) {
      const name = text(props, 'Name') ?? generatedName(state, ctx, logicalId, { maxLength: 32 });
      const taken = Object.values(state.elbv2.targetGroups).some(
        (tg) => tg.TargetGroupName === name,
      );
      if (taken) throw alreadyExists('AWS::ElasticLoadBalancingV2::TargetGroup', name);
      const members = {
        Name: name,
        ...Object.fromEntries(
          [
            'Protocol',
            'ProtocolVersion',
            'Port',
            'VpcId',
            'TargetType',
            'IpAddressType',
            ...HEALTH_CHECK,
          ].map((key) => [key, props[key]]),
        ),
        Tags: resourceTags(props, ctx),
      };
      const output = elbv2('CreateTargetGroup', state, members, ctx) as {
        TargetGroups: Array<{ TargetGroupArn: string }>;
      };
      const arn = output.TargetGroups[0]?.TargetGroupArn ?? '';
      const tg = findTargetGroup(state, arn);
      const lists = { previous: [], next: objects(props, 'TargetGroupAttributes') };
      const defaults = defaultAttributes(targetGroupAttributeSet(tg.TargetType, tg.Protocol));
      applyAttributes(
        state,
        'ModifyTargetGroupAttributes',
        { TargetGroupArn: arn },
        defaults,
        lists,
        ctx,
      );
      const targets = objects(props, 'Targets');
      if (targets.length > 0)
        elbv2('RegisterTargets', state, { TargetGroupArn: arn, Targets: targets }, ctx);
      retag(tg, props, ctx, logicalId);
      return targetGroupResult(state, arn);
    },
    update(state, _logicalId, physicalId, previous, props, ctx) {
      const tg = reported(elbv2Service, ctx, () => findTargetGroup(state, physicalId));
      const health = changes(previous, props, HEALTH_CHECK).filter(
        (key) => props[key] !== undefined,
      );
      if (health.length > 0) {
        const members = Object.fromEntries(health.map((key) => [key, props[key]]));
        elbv2('ModifyTargetGroup', state, { TargetGroupArn: physicalId, ...members }, ctx);
      }
      if (changes(previous, props, ['TargetGroupAttributes']).length > 0) {
        const lists = {
          previous: objects(previous, 'TargetGroupAttributes'),
          next: objects(props, 'TargetGroupAttributes'),
        };
        const defaults = defaultAttributes(targetGroupAttributeSet(tg.TargetType, tg.Protocol));
        applyAttributes(
          state,
          'ModifyTargetGroupAttributes',
          { TargetGroupArn: physicalId },
          defaults,
          lists,
          ctx,
        );
      }
      const before = new Set(objects(previous, 'Targets').map(targetKey));
      const after = new Set(objects(props, 'Targets').map(targetKey));
      const removed = objects(previous, 'Targets').filter((t) => !after.has(targetKey(t)));
      const added = objects(props, 'Targets').filter((t) => !before.has(targetKey(t)));
      if (removed.length > 0)
        elbv2('DeregisterTargets', state, { TargetGroupArn: physicalId, Targets: removed }, ctx);
      if (added.length > 0)
        elbv2('RegisterTargets', state, { TargetGroupArn: physicalId, Targets: added }, ctx);
      retag(tg, props, ctx);
      return targetGroupResult(state, physicalId);
    },
    delete(state, physicalId, _props, ctx) {
      elbv2('DeleteTargetGroup', state, { TargetGroupArn: physicalId }, ctx);
    },
  },
};
