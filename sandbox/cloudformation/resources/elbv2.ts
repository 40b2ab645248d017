/**
 * ELBv2 load balancers in the ELBv2 emulation, made through the ELBv2 operation handlers, and
 * what the ELBv2 resources share.
 */

import { defaultAttributes, loadBalancerAttributeSet } from '../../elbv2/attributes.js';
import { elbv2Input, findLoadBalancer } from '../../elbv2/common.js';
import { placement, securityGroups } from '../../elbv2/load-balancers.js';
import { elbv2Service } from '../../elbv2/service.js';
import type { SandboxState } from '../../state.js';
import type { ProvisionResult, StackContext } from '../contract.js';
import {
  alreadyExists,
  changes,
  generatedName,
  type Handlers,
  invoke,
  objects,
  type Properties,
  queryInput,
  reported,
  resourceTags,
  retag,
  text,
} from './support.js';

/** Calls an ELBv2 operation with members in their wire form. */
export function elbv2(
  operation: string,
  state: SandboxState,
  members: Record<string, unknown>,
  ctx: StackContext,
): Record<string, unknown> {
  return invoke(elbv2Service, operation, state, queryInput(members), ctx);
}

/**
 * Applies a template's attribute list (`LoadBalancerAttributes`, `TargetGroupAttributes`):
 * the listed keys take their values and keys dropped since `previous` return to their defaults.
 */
export function applyAttributes(
  state: SandboxState,
  operation: string,
  target: Record<string, string>,
  defaults: Readonly<Record<string, string>>,
  lists: { readonly previous: readonly Properties[]; readonly next: readonly Properties[] },
  ctx: StackContext,
): void {
  const keys = new Set(lists.next.map((item) => text(item, 'Key')));
  const dropped = lists.previous
    .map((item) => text(item, 'Key') ?? '')
    .filter((key) => !keys.has(key) && defaults[key] !== undefined)
    .map((key) => ({ Key: key, Value: defaults[key] }));
  const attributes = [...lists.next, ...dropped];
  if (attributes.length > 0) elbv2(operation, state, { ...target, Attributes: attributes }, ctx);
}

/** The resource part of an ARN: `targetgroup/<name>/<id>`, `loadbalancer/app/<name>/<id>`. */
export function resourcePart(arn: string): string {
  return arn.slice(arn.lastIndexOf(':') + 1);
}

function loadBalancerResult(state: SandboxState, arn: string): ProvisionResult {
  const lb = findLoadBalancer(state, arn);
  return {
    physicalId: arn,
    attributes: {
      LoadBalancerArn: arn,
      LoadBalancerName: lb.LoadBalancerName,
      LoadBalancerFullName: resourcePart(arn).replace(/^loadbalancer\//, ''),
      DNSName: lb.DNSName,
      CanonicalHostedZoneID: lb.CanonicalHostedZoneId,
      SecurityGroups: [...lb.SecurityGroups],
    },
  };
}

/** `AWS::ElasticLoadBalancingV2::LoadBalancer`. */
export const loadBalancerHandlers: Handlers = {
  'AWS::ElasticLoadBalancingV2::LoadBalancer': {
    replaceOn: ['Name', 'Scheme', 'Type'],
    nameProperty: 'Name',
    create(state, logicalId, props, ctx) {
      const name = text(props, 'Name') ?? generatedName(state, ctx, logicalId, { maxLength: 32 });
      const taken = Object.values(state.elbv2.loadBalancers).some(
        (lb) => lb.LoadBalancerName === name,
      );
      if (taken) throw alreadyExists('AWS::ElasticLoadBalancingV2::LoadBalancer', name);
      const members = {
        Name: name,
        Subnets: props.Subnets,
        SubnetMappings: props.SubnetMappings,
        SecurityGroups: props.SecurityGroups,
        Scheme: props.Scheme,
        Type: props.Type,
        IpAddressType: props.IpAddressType,
        Tags: resourceTags(props, ctx),
      };
      const output = elbv2('CreateLoadBalancer', state, members, ctx) as {
        LoadBalancers: Array<{ LoadBalancerArn: string }>;
      };
      const arn = output.LoadBalancers[0]?.LoadBalancerArn ?? '';
      const lists = { previous: [], next: objects(props, 'LoadBalancerAttributes') };
      const defaults = defaultAttributes(loadBalancerAttributeSet());
      applyAttributes(
        state,
        'ModifyLoadBalancerAttributes',
        { LoadBalancerArn: arn },
        defaults,
        lists,
        ctx,
      );
      retag(findLoadBalancer(state, arn), props, ctx, logicalId);
      return loadBalancerResult(state, arn);
    },
    update(state, _logicalId, physicalId, previous, props, ctx) {
      const lb = reported(elbv2Service, ctx, () => findLoadBalancer(state, physicalId));
      const changed = changes(previous, props, [
        'Subnets',
        'SubnetMappings',
        'SecurityGroups',
        'IpAddressType',
      ]);
      // The API's SetSubnets, SetSecurityGroups and SetIpAddressType.
      if (changed.includes('Subnets') || changed.includes('SubnetMappings')) {
        const input = elbv2Input(
          queryInput({ Subnets: props.Subnets, SubnetMappings: props.SubnetMappings }),
        );
        lb.AvailabilityZones = reported(elbv2Service, ctx, () => placement(state, input)).zones;
      }
      if (changed.includes('SecurityGroups')) {
        const ids = (props.SecurityGroups as string[] | undefined) ?? [];
        lb.SecurityGroups = reported(elbv2Service, ctx, () => securityGroups(state, ids, lb.VpcId));
      }
      if (changed.includes('IpAddressType'))
        lb.IpAddressType = text(props, 'IpAddressType') ?? 'ipv4';
      if (changes(previous, props, ['LoadBalancerAttributes']).length > 0) {
        const lists = {
          previous: objects(previous, 'LoadBalancerAttributes'),
          next: objects(props, 'LoadBalancerAttributes'),
        };
        const defaults = defaultAttributes(loadBalancerAttributeSet());
        applyAttributes(
          state,
          'ModifyLoadBalancerAttributes',
          { LoadBalancerArn: physicalId },
          defaults,
          lists,
          ctx,
        );
      }
      retag(lb, props, ctx);
      return loadBalancerResult(state, physicalId);
    },
    delete(state, physicalId, _props, ctx) {
      elbv2('DeleteLoadBalancer', state, { LoadBalancerArn: physicalId }, ctx);
    },
  },
};
