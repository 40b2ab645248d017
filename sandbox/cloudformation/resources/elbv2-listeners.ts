/**
 * ELBv2 listeners in the ELBv2 emulation, and listener rules, which the emulation does not hold:
 * a rule is checked against its listener and target groups and given an ARN, nothing more.
 */

import { findListener, findTargetGroup, validationError } from '../../elbv2/common.js';
import { elbv2Service } from '../../elbv2/service.js';
import { nextHex } from '../../shared/ids.js';
import type { SandboxState } from '../../state.js';
import type { ProvisionResult, StackContext } from '../contract.js';
import { elbv2 } from './elbv2.js';
import {
  changes,
  type Handlers,
  ignoreNotFound,
  integer,
  objects,
  type Properties,
  reported,
  requiredText,
  resourceTags,
  retag,
} from './support.js';

const LISTENER_SETTINGS = [
  'Port',
  'Protocol',
  'Certificates',
  'SslPolicy',
  'DefaultActions',
  'AlpnPolicy',
];

function listenerResult(arn: string): ProvisionResult {
  return { physicalId: arn, attributes: { ListenerArn: arn } };
}

/** The target groups a rule's actions forward to. */
function forwardedTo(actions: readonly Properties[]): string[] {
  return actions.flatMap((action) => {
    const single = typeof action.TargetGroupArn === 'string' ? [action.TargetGroupArn] : [];
    const config = action.ForwardConfig as Properties | undefined;
    const weighted = objects(config ?? {}, 'TargetGroups').flatMap((group) =>
      typeof group.TargetGroupArn === 'string' ? [group.TargetGroupArn] : [],
    );
    return [...single, ...weighted];
  });
}

/** Checks a rule as CreateRule would: its listener, priority, conditions and target groups. */
function checkRule(state: SandboxState, props: Properties, logicalId: string, ctx: StackContext) {
  const listenerArn = requiredText(props, 'ListenerArn', logicalId);
  const priority = integer(props, 'Priority');
  reported(elbv2Service, ctx, () => {
    const listener = findListener(state, listenerArn);
    if (priority === undefined || priority < 1 || priority > 50_000) {
      throw validationError(`Priority '${String(props.Priority)}' must be between 1 and 50000`);
    }
    if (objects(props, 'Conditions').length === 0) {
      throw validationError('A rule must have at least one condition');
    }
    for (const arn of forwardedTo(objects(props, 'Actions'))) findTargetGroup(state, arn);
    return listener;
  });
  return listenerArn;
}

/** `AWS::ElasticLoadBalancingV2::Listener`, `AWS::ElasticLoadBalancingV2::ListenerRule`. */
export const listenerHandlers: Handlers = {
  'AWS::ElasticLoadBalancingV2::Listener': {
    replaceOn: ['LoadBalancerArn'],
    create(state, logicalId, props, ctx) {
      const members = {
        LoadBalancerArn: requiredText(props, 'LoadBalancerArn', logicalId),
        ...Object.fromEntries(LISTENER_SETTINGS.map((key) => [key, props[key]])),
        Tags: resourceTags(props, ctx),
      };
      const output = elbv2('CreateListener', state, members, ctx) as {
        Listeners: Array<{ ListenerArn: string }>;
      };
      const arn = output.Listeners[0]?.ListenerArn ?? '';
      retag(findListener(state, arn), props, ctx, logicalId);
      return listenerResult(arn);
    },
    update(state, _logicalId, physicalId, previous, props, ctx) {
      const listener = reported(elbv2Service, ctx, () => findListener(state, physicalId));
      const changed = changes(previous, props, LISTENER_SETTINGS);
      if (changed.length > 0) {
        const members = Object.fromEntries(changed.map((key) => [key, props[key]]));
        elbv2('ModifyListener', state, { ListenerArn: physicalId, ...members }, ctx);
      }
      retag(listener, props, ctx);
      return listenerResult(physicalId);
    },
    delete(state, physicalId, _props, ctx) {
      ignoreNotFound(() => elbv2('DeleteListener', state, { ListenerArn: physicalId }, ctx));
    },
  },
  'AWS::ElasticLoadBalancingV2::ListenerRule': {
    replaceOn: ['ListenerArn'],
    create(state, logicalId, props, ctx) {
      const listenerArn = checkRule(state, props, logicalId, ctx);
      const ruleArn = `${listenerArn.replace(':listener/', ':listener-rule/')}/${nextHex(state, 'elasticloadbalancing', 16)}`;
      return { physicalId: ruleArn, attributes: { RuleArn: ruleArn, IsDefault: false } };
    },
    update(state, logicalId, physicalId, _previous, props, ctx) {
      checkRule(state, props, logicalId, ctx);
      return { physicalId, attributes: { RuleArn: physicalId, IsDefault: false } };
    },
    delete() {},
  },
};
