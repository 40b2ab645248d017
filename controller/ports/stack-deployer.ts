import type { ResourceChange } from '../model/change-set.js';
import type { ManifestPath } from '../model/manifest-path.js';

/** A synthesized template, ready to send. */
export interface SynthesizedTemplate {
  readonly stackName: string;
  /** Template JSON text. */
  readonly body: string;
  readonly bytes: number;
}

/**
 * A described change set. `pending` means CloudFormation is still computing it (describe again
 * later); `empty` means it found nothing to change.
 */
export type ChangeSetDescription =
  | { readonly status: 'pending' }
  | { readonly status: 'ready'; readonly changes: readonly ResourceChange[] }
  | { readonly status: 'empty'; readonly reason: string }
  | { readonly status: 'failed'; readonly reason: string };

export interface ChangeSetRef {
  readonly id: string;
  readonly stackName: string;
  /** `CREATE` for a stack that does not exist yet. */
  readonly type: 'CREATE' | 'UPDATE';
}

/**
 * Whether a change set was executed, for a rollout that stopped between deciding to execute it and
 * knowing that CloudFormation started: `not-executed` (still available: execute it), `executed`
 * (CloudFormation took it: wait for the stack), `unknown` (gone without being executed, e.g.
 * deleted, or superseded by another execution: never execute anything then).
 */
export type ChangeSetExecution = 'not-executed' | 'executed' | 'unknown';

/** A stack's status as CloudFormation reports it (`UPDATE_IN_PROGRESS`, `UPDATE_ROLLBACK_COMPLETE`, ...). */
export interface StackStatus {
  readonly status: string;
  readonly reason?: string;
}

/** One stack event, for progress lines. */
export interface StackEvent {
  readonly id: string;
  readonly timestamp: Date;
  readonly logicalId: string;
  readonly resourceType: string;
  readonly status: string;
  readonly reason?: string;
}

/**
 * Deploys templates through CloudFormation change sets: create, describe (pending until computed),
 * execute or delete, and report status. Never waits for a stack operation to finish: the flow polls
 * `status`, so a wait can outlive one process.
 *
 * @example
 * const ref = await deployer.createChangeSet(template, { name: 'plumbline-abc123', tags });
 * const described = await deployer.describeChangeSet(ref);
 * if (described.status === 'ready') await deployer.executeChangeSet(ref);
 */
export interface StackDeployer {
  createChangeSet(
    template: SynthesizedTemplate,
    options: {
      readonly name: string;
      readonly description?: string;
      readonly tags?: Readonly<Record<string, string>>;
    },
  ): Promise<ChangeSetRef>;
  describeChangeSet(ref: ChangeSetRef): Promise<ChangeSetDescription>;
  executeChangeSet(ref: ChangeSetRef): Promise<void>;
  /** Whether the change set was executed (its execution status, else the stack's last change set). */
  execution(ref: ChangeSetRef): Promise<ChangeSetExecution>;
  deleteChangeSet(ref: ChangeSetRef): Promise<void>;
  /** `undefined` when the stack does not exist. */
  status(stackName: string): Promise<StackStatus | undefined>;
  /** Events newer than `sinceId` (exclusive), oldest first. */
  events(stackName: string, sinceId?: string): Promise<StackEvent[]>;
  /** The deployed template's per-resource manifest paths (`Metadata["plumbline:path"]`), by logical id. */
  deployedPaths(stackName: string): Promise<Record<string, ManifestPath>>;
  /** Turns on termination protection (after a stack is first created). */
  protect(stackName: string): Promise<void>;
}
