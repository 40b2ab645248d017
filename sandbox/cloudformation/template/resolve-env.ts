/**
 * Building the {@link ResolveEnv} the intrinsic resolver works with: parameters, conditions and
 * mappings of a template, plus a view of the stack's resources for `Ref` and `Fn::GetAtt`.
 */
import { AwsError } from '../../service.js';
import type { SandboxState } from '../../state.js';
import type { ResolveEnv } from '../contract.js';
import type { StackParameter, StackRecord } from '../state.js';
import type { Template } from './document.js';
import { importValue } from './exports.js';
import { evaluateConditions } from './intrinsics.js';
import { parameterValues } from './parameters.js';

/** Identity of the stack values are resolved for. */
export interface EnvScope {
  readonly stackName: string;
  readonly stackId: string;
  readonly region: string;
  readonly accountId: string;
}

/** How `Ref` and `Fn::GetAtt` of resources resolve in one env. */
export interface ResourceView {
  ref(logicalId: string): unknown;
  getAtt(logicalId: string, attribute: string): unknown;
}

/**
 * The env for resolving `template` with `parameters`, resources seen through `view`. Export names
 * that `Fn::ImportValue` resolves are added to `imports` when given.
 */
export function buildEnv(
  state: SandboxState,
  scope: EnvScope,
  template: Template,
  parameters: readonly StackParameter[],
  view: ResourceView,
  imports?: Set<string>,
): ResolveEnv {
  const values = parameterValues(template, parameters);
  const partial: Omit<ResolveEnv, 'conditions'> = {
    stackName: scope.stackName,
    stackId: scope.stackId,
    region: scope.region,
    accountId: scope.accountId,
    parameters: values,
    mappings: template.Mappings,
    ref: (logicalId) =>
      Object.hasOwn(values, logicalId) ? values[logicalId] : view.ref(logicalId),
    getAtt: (logicalId, attribute) => view.getAtt(logicalId, attribute),
    importValue: (name) => {
      imports?.add(name);
      return importValue(state, scope.accountId, scope.region, name);
    },
  };
  return { ...partial, conditions: evaluateConditions(template, partial) };
}

/** The logical ids of the resources whose `Condition` holds (or that have none), in template order. */
export function activeResources(
  template: Template,
  conditions: Readonly<Record<string, boolean>>,
): string[] {
  return Object.entries(template.Resources)
    .filter(
      ([, resource]) => resource.Condition === undefined || conditions[resource.Condition] === true,
    )
    .map(([id]) => id);
}

/** The view of a stack's resources as provisioned so far, for executing a stack operation. */
export function provisionedView(stack: StackRecord): ResourceView {
  const provisioned = (logicalId: string) => {
    const record = stack.resources[logicalId];
    if (record?.physicalId === undefined || record.status === 'DELETE_COMPLETE') {
      throw new AwsError(
        'ValidationError',
        `Template format error: Unresolved resource dependencies [${logicalId}] in the Resources block of the template`,
      );
    }
    return record;
  };
  return {
    ref(logicalId) {
      const record = provisioned(logicalId);
      return record.ref ?? record.physicalId;
    },
    getAtt(logicalId, attribute) {
      const record = provisioned(logicalId);
      if (!Object.hasOwn(record.attributes, attribute)) {
        throw new AwsError(
          'ValidationError',
          `Template error: resource ${logicalId} does not support attribute type ${attribute} in Fn::GetAtt`,
        );
      }
      return record.attributes[attribute];
    },
  };
}

/** The scope of a stack record. */
export function scopeOf(stack: StackRecord): EnvScope {
  return {
    stackName: stack.stackName,
    stackId: stack.stackId,
    region: stack.region,
    accountId: stack.accountId,
  };
}
