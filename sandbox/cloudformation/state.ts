/**
 * The CloudFormation emulation's slice of the sandbox state: stacks (with their resources, events and
 * any operation in progress) and change sets. Plain JSON: templates are kept as text and parsed
 * objects, timestamps as ISO strings. Field names follow the CloudFormation API where they mirror it.
 * A stack operation in progress is persisted in its stack record (the phase it is in, the work left,
 * and what a rollback needs), so a restarted sandbox resumes it.
 */
import type { ResourceChangeRecord } from './change-record.js';
import type { Template } from './template/document.js';

export type {
  ResourceChangeDetailRecord,
  ResourceChangeRecord,
} from './change-record.js';

export interface CloudformationState {
  /** Stacks by stack id (ARN). Deleted stacks stay, as AWS keeps them findable by id. */
  stacks: Record<string, StackRecord>;
  /** Change sets by change set id (ARN). */
  changeSets: Record<string, ChangeSetRecord>;
}

export function initialCloudformationState(): CloudformationState {
  return { stacks: {}, changeSets: {} };
}

export type StackStatus =
  | 'REVIEW_IN_PROGRESS'
  | 'CREATE_IN_PROGRESS'
  | 'CREATE_COMPLETE'
  | 'CREATE_FAILED'
  | 'ROLLBACK_IN_PROGRESS'
  | 'ROLLBACK_COMPLETE'
  | 'ROLLBACK_FAILED'
  | 'UPDATE_IN_PROGRESS'
  | 'UPDATE_COMPLETE_CLEANUP_IN_PROGRESS'
  | 'UPDATE_COMPLETE'
  | 'UPDATE_FAILED'
  | 'UPDATE_ROLLBACK_IN_PROGRESS'
  | 'UPDATE_ROLLBACK_COMPLETE_CLEANUP_IN_PROGRESS'
  | 'UPDATE_ROLLBACK_COMPLETE'
  | 'UPDATE_ROLLBACK_FAILED'
  | 'DELETE_IN_PROGRESS'
  | 'DELETE_COMPLETE'
  | 'DELETE_FAILED';

export type ResourceStatus =
  | 'CREATE_IN_PROGRESS'
  | 'CREATE_COMPLETE'
  | 'CREATE_FAILED'
  | 'UPDATE_IN_PROGRESS'
  | 'UPDATE_COMPLETE'
  | 'UPDATE_FAILED'
  | 'DELETE_IN_PROGRESS'
  | 'DELETE_COMPLETE'
  | 'DELETE_FAILED'
  | 'DELETE_SKIPPED';

export interface StackTag {
  Key: string;
  Value: string;
}

/** A parameter as the API reports it; `ResolvedValue` for SSM parameter types. */
export interface StackParameter {
  ParameterKey: string;
  ParameterValue: string;
  ResolvedValue?: string;
}

export interface StackOutput {
  OutputKey: string;
  OutputValue: string;
  Description?: string;
  ExportName?: string;
}

/** One version of what a stack is made from: what a change set proposes and a stack holds. */
export interface StackDefinition {
  templateBody: string;
  template: Template;
  parameters: StackParameter[];
  capabilities: string[];
  tags: StackTag[];
}

export interface StackRecord extends StackDefinition {
  stackId: string;
  stackName: string;
  accountId: string;
  region: string;
  status: StackStatus;
  statusReason?: string;
  creationTime: string;
  lastUpdatedTime?: string;
  deletionTime?: string;
  enableTerminationProtection: boolean;
  outputs: StackOutput[];
  /** Export names this stack's template imports (`Fn::ImportValue`) as last deployed. */
  imports: string[];
  /** The stack's resources by logical id. */
  resources: Record<string, StackResourceRecord>;
  /** Stack events, oldest first. */
  events: StackEventRecord[];
  /** The change set last executed on this stack. */
  changeSetId?: string;
  /** Client request tokens of the operations run on this stack. */
  clientRequestTokens: string[];
  /** The operation under way, advanced one step at a time by deferred work. */
  operation?: StackOperation;
}

export interface StackResourceRecord {
  logicalId: string;
  type: string;
  physicalId?: string;
  status: ResourceStatus;
  statusReason?: string;
  timestamp: string;
  /** Resolved properties (dynamic references left unresolved, as CloudFormation compares them). */
  properties: Record<string, unknown>;
  /** What `Ref` returns. @default - the physical id */
  ref?: unknown;
  attributes: Record<string, unknown>;
  deletionPolicy?: string;
  updateReplacePolicy?: string;
  metadata?: unknown;
}

export interface StackEventRecord {
  eventId: string;
  logicalId: string;
  physicalId?: string;
  resourceType: string;
  status: string;
  statusReason?: string;
  properties?: string;
  timestamp: string;
  clientRequestToken?: string;
}

export type ChangeSetStatus = 'CREATE_COMPLETE' | 'FAILED';
export type ExecutionStatus =
  | 'UNAVAILABLE'
  | 'AVAILABLE'
  | 'EXECUTE_IN_PROGRESS'
  | 'EXECUTE_COMPLETE'
  | 'EXECUTE_FAILED'
  | 'OBSOLETE';

export interface ChangeSetRecord extends StackDefinition {
  changeSetId: string;
  changeSetName: string;
  stackId: string;
  stackName: string;
  type: 'CREATE' | 'UPDATE';
  status: ChangeSetStatus;
  executionStatus: ExecutionStatus;
  statusReason?: string;
  creationTime: string;
  description?: string;
  clientToken?: string;
  /** The resource changes; DescribeChangeSet wraps each as `{ Type: 'Resource', ResourceChange }`. */
  changes: ResourceChangeRecord[];
}

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
