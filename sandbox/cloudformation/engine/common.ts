/** What the steps of the stack engine share: their inputs, fault decisions and the end of an operation. */
import type { ServiceContext } from '../../service.js';
import type { SandboxState } from '../../state.js';
import type { HandlerLookup, StackContext } from '../contract.js';
import type { ResourceAction, ResourceStep, StackOperation, StackRecord } from '../state.js';
import { resolveDynamicReferences } from '../template/dynamic-references.js';

/** What the engine is built with. */
export interface EngineDeps {
  /** The resource type handlers (`handlerFor` of `./provisioners.js` by default). */
  readonly handlers: HandlerLookup;
}

/** One step's view: the stack, its operation, the context handlers see, and the deps. */
export interface StepScope {
  readonly state: SandboxState;
  readonly stack: StackRecord;
  readonly op: StackOperation;
  readonly ctx: StackContext;
  readonly deps: EngineDeps;
}

/** The context resource handlers get for `stack`. */
export function stackContext(stack: StackRecord, ctx: ServiceContext): StackContext {
  return { ...ctx, stackName: stack.stackName, stackId: stack.stackId, stackTags: stack.tags };
}

/** The status reason of a failed resource operation. */
export function failureMessage(error: unknown): string {
  if (error instanceof Error) return error.message;
  return String(error);
}

/** The resource status verb of an action: CREATE, UPDATE or DELETE. */
export function verbOf(action: ResourceAction): 'CREATE' | 'UPDATE' | 'DELETE' {
  if (action === 'Create') return 'CREATE';
  return action === 'Delete' ? 'DELETE' : 'UPDATE';
}

/**
 * Begins a resource step: asks the fault injector about it (a replacement or restore counts as an
 * Update, as its events say) and records it as the operation's current step.
 */
export function beginStep(
  scope: StepScope,
  step: Omit<ResourceStep, 'delayMs'>,
  resourceType: string,
): void {
  const action = verbOf(step.action);
  const decision = scope.ctx.resourceFault?.({
    logicalId: step.logicalId,
    resourceType,
    action: action === 'CREATE' ? 'Create' : action === 'UPDATE' ? 'Update' : 'Delete',
  });
  const current: ResourceStep = { ...step };
  if (decision?.failure !== undefined && current.failure === undefined) {
    current.failure = decision.failure;
  }
  if (decision !== undefined && decision.delayMs > 0) current.delayMs = decision.delayMs;
  scope.op.current = current;
}

/** Properties with their dynamic references (`{{resolve:...}}`) resolved, as handlers get them. */
export function handlerProperties(
  scope: StepScope,
  properties: Readonly<Record<string, unknown>> | undefined,
): Record<string, unknown> {
  const resolved = resolveDynamicReferences(scope.state, properties ?? {}, {
    region: scope.stack.region,
    accountId: scope.stack.accountId,
  });
  return (resolved ?? {}) as Record<string, unknown>;
}

/** Ends the operation; the change set it executed completes or fails with it. */
export function endOperation(scope: StepScope, succeeded: boolean): void {
  const changeSetId = scope.op.changeSetId;
  const changeSet =
    changeSetId === undefined ? undefined : scope.state.cloudformation.changeSets[changeSetId];
  if (changeSet !== undefined) {
    changeSet.executionStatus = succeeded ? 'EXECUTE_COMPLETE' : 'EXECUTE_FAILED';
  }
  delete scope.stack.operation;
}

/** `The following resource(s) failed to <verb>: [A, B].` */
export function failedResourcesReason(verb: string, logicalIds: readonly string[]): string {
  return `The following resource(s) failed to ${verb}: [${logicalIds.join(', ')}].`;
}
