/**
 * The contract between the sandbox's CloudFormation engine (API, change sets, stack state machine,
 * events, rollback) and what it builds on: the intrinsic-function resolver and the per-type resource
 * provisioners that create, update and delete resources in the other services' sandbox state.
 */
import type { ServiceContext } from '../service.js';
import type { SandboxState } from '../state.js';
import type { Template } from './template/document.js';

/** Per-request facts plus the stack being worked on. */
export interface StackContext extends ServiceContext {
  readonly stackName: string;
  readonly stackId: string;
  /** The stack's tags, which CloudFormation propagates to the resources that support tags. */
  readonly stackTags?: readonly { readonly Key: string; readonly Value: string }[];
}

/**
 * What resolving template values needs. The engine builds one per stack operation; `ref` and
 * `getAtt` see the resources provisioned so far (the engine provisions in dependency order).
 */
export interface ResolveEnv {
  readonly stackName: string;
  readonly stackId: string;
  readonly region: string;
  readonly accountId: string;
  /** Resolved parameter values (after defaults and SSM parameter types). */
  readonly parameters: Readonly<Record<string, unknown>>;
  /** Evaluated conditions. */
  readonly conditions: Readonly<Record<string, boolean>>;
  readonly mappings: Template['Mappings'];
  /** `Ref` of a resource: its physical id, or the type's Ref value (throws AwsError if unknown). */
  ref(logicalId: string): unknown;
  /** `Fn::GetAtt` of a resource (throws AwsError ValidationError if unknown). */
  getAtt(logicalId: string, attribute: string): unknown;
  /** `Fn::ImportValue` across stacks of the same account and region. */
  importValue(exportName: string): unknown;
}

/** A provisioned resource: the physical id, what `Ref` returns, and the attributes `Fn::GetAtt` can read. */
export interface ProvisionResult {
  readonly physicalId: string;
  /** @default - the physical id */
  readonly ref?: unknown;
  readonly attributes: Readonly<Record<string, unknown>>;
}

/**
 * Create, update and delete of one resource type, in the sandbox state of the service that owns it
 * (e.g. `AWS::ECS::Service` writes `state.ecs`, so a later ECS DescribeServices sees it).
 * Failures throw `AwsError` with the message CloudFormation would show as the status reason.
 */
export interface ResourceTypeHandler {
  /** Properties whose change always requires replacement (AWS "Update requires: Replacement"). */
  readonly replaceOn: readonly string[];
  /** Properties whose change may require replacement (AWS "Update requires: Some interruptions" that can replace). */
  readonly conditionalReplaceOn?: readonly string[];
  /**
   * The property that sets the resource's physical name (`ClusterName`, `DBInstanceIdentifier`, ...),
   * if the type has one. Changing it replaces the resource; a replacement while it stays set fails as
   * on AWS ("CloudFormation cannot update a stack when a custom-named resource requires replacing").
   */
  readonly nameProperty?: string;
  create(
    state: SandboxState,
    logicalId: string,
    properties: Readonly<Record<string, unknown>>,
    ctx: StackContext,
  ): ProvisionResult;
  update(
    state: SandboxState,
    logicalId: string,
    physicalId: string,
    previous: Readonly<Record<string, unknown>>,
    properties: Readonly<Record<string, unknown>>,
    ctx: StackContext,
  ): ProvisionResult;
  delete(
    state: SandboxState,
    physicalId: string,
    properties: Readonly<Record<string, unknown>>,
    ctx: StackContext,
  ): void;
}

/** Finds the handler of a resource type (`handlerFor` of `./engine/provisioners.js`, or a test's fake). */
export type HandlerLookup = (type: string) => ResourceTypeHandler;
