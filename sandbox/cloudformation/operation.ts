/**
 * A stack operation in progress, as persisted in the stack record: the phase it is in, the work left,
 * and what a rollback needs. Plain JSON, so a restarted sandbox resumes it.
 */
import type {
  StackDefinition,
  StackOutput,
  StackResourceRecord,
} from '../services/cloudformation-state.js';

/** What one step of an operation works on: a logical id, or a specific physical copy to delete. */
export interface WorkItem {
  logicalId: string;
  /** A physical copy no longer (or not) held in `resources`: a replaced resource's other copy. */
  copy?: StackResourceRecord;
}

export type ResourceAction = 'Create' | 'Update' | 'Replace' | 'Delete' | 'Restore';

/** A resource operation begun by one step (its IN_PROGRESS event emitted) and finished by the next. */
export interface ResourceStep extends WorkItem {
  action: ResourceAction;
  /** Resolved properties to apply (Create, Update, Replace, Restore). */
  properties?: Record<string, unknown>;
  /** The resource's properties before this step (Update, Restore). */
  previous?: Record<string, unknown>;
  /** The step fails with this status reason (an injected fault or a resolution error). */
  failure?: string;
  /** The step changes the record only; no handler runs (restoring a copy that was never touched). */
  recordOnly?: boolean;
  /** How long the step takes (injected latency). @default - the sandbox's step delay */
  delayMs?: number;
}

export type OperationPhase = 'apply' | 'cleanup' | 'rollback' | 'rollbackCleanup' | 'delete';

export interface StackOperation {
  kind: 'CREATE' | 'UPDATE' | 'DELETE';
  phase: OperationPhase;
  /** Work still to visit in the current phase, in order. */
  pending: WorkItem[];
  current?: ResourceStep;
  /** The resources of the applied template whose condition holds (CREATE, UPDATE). */
  active: string[];
  /** The stack as it was before an UPDATE; a rollback restores it. */
  previous?: StackDefinition & { outputs: StackOutput[]; imports: string[] };
  /** Each resource this operation changed, as it was before (`null`: it did not exist). */
  before: Record<string, StackResourceRecord | null>;
  /** Logical ids in the order this operation changed them, with what it did. */
  touched: Array<{ logicalId: string; action: ResourceAction }>;
  /** Physical copies to delete in the next cleanup phase. */
  obsolete: WorkItem[];
  /** Logical ids whose operation failed. */
  failed: string[];
  /** Export names resolved by this operation's `Fn::ImportValue`s. */
  imports: string[];
  changeSetId?: string;
  clientRequestToken?: string;
  disableRollback?: boolean;
  /** DeleteStack's RetainResources. */
  retain?: string[];
  /** The stack's tags change, so every resource is updated. */
  tagsChanged?: boolean;
}
