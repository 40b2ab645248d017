import type { ResourceChange } from './change-set.js';
import type { Drift } from './drift.js';
import type { ManifestPath } from './manifest-path.js';
import type { PhaseRecord } from './rollout-outcome.js';

/**
 * Where a rollout stood when it last wrote down its progress, so a later invocation can continue it
 * with the same lease (owner and fencing token):
 * - `creating`: about to create change set `changeSetName` (it may exist or not);
 * - `created`: the change set exists and was not executed;
 * - `executing`: about to execute it (CloudFormation may have started or not: ask it);
 * - `waiting`: executed; CloudFormation is updating the stack.
 */
export interface RolloutCheckpoint {
  readonly env: string;
  readonly ref: string;
  /** The lease owner: the rollout's id, the same in every invocation that continues it. */
  readonly owner: string;
  readonly token: number;
  readonly phase: 'creating' | 'created' | 'executing' | 'waiting';
  readonly stackName: string;
  readonly changeSetName: string;
  /** The change set (as `ChangeSetRef`): its id, stack and type. */
  readonly changeSet?: {
    readonly id: string;
    readonly stackName: string;
    readonly type: 'CREATE' | 'UPDATE';
  };
  /** What the change set changes (known from `executing` on). */
  readonly changes?: readonly ResourceChange[];
  /** Logical id -> manifest path, of the template and of the deployed stack. */
  readonly paths?: Readonly<Record<string, ManifestPath>>;
  /** The drift found just before executing (an update), to tell it from a change that did not land. */
  readonly before?: readonly Drift[];
  /** The phases of the invocations so far. */
  readonly phases: readonly PhaseRecord[];
  /** ISO 8601. */
  readonly savedAt: string;
}
