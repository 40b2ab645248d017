import type { BlockedChange, ResourceChange } from './change-set.js';
import type { Drift } from './drift.js';
import type { HealSummary } from './heal.js';

/** The named phases of a rollout, in order. */
export const ROLLOUT_PHASES = [
  'load',
  'identity',
  'lock',
  'synth',
  'change-set',
  'describe',
  'guard',
  'execute',
  'wait',
  'protect',
  'verify',
  'release',
] as const;
export type RolloutPhase = (typeof ROLLOUT_PHASES)[number];

export interface PhaseRecord {
  readonly name: RolloutPhase;
  readonly status: 'ok' | 'failed';
  /** ISO 8601. */
  readonly startedAt: string;
  readonly durationMs: number;
  /** Why the phase failed. */
  readonly reason?: string;
}

/**
 * A step after execution that failed without failing the rollout (termination protection, the
 * lease's release): the stack is as declared, but something the operator should know is off.
 */
export interface RolloutWarning {
  /** The phase that failed. */
  readonly phase: RolloutPhase;
  /** What is off, and how to put it right. */
  readonly message: string;
}

/**
 * How a rollout ended. `no-changes` is a success without executing; `refused` means the caller's
 * account or region is not the manifest's; `blocked` means the stateful guard stopped it.
 */
export type RolloutResult =
  | 'succeeded'
  | 'no-changes'
  | 'failed'
  | 'blocked'
  | 'lock-held'
  | 'refused'
  | 'invalid';

/** The typed record of one rollout: what `plumbline rollout` prints and exits with. */
export interface RolloutOutcome {
  readonly environment: string;
  readonly ref: string;
  readonly result: RolloutResult;
  readonly phases: readonly PhaseRecord[];
  readonly stackName?: string;
  readonly changeSetId?: string;
  readonly changes: readonly ResourceChange[];
  readonly blocked?: readonly BlockedChange[];
  /** Final stack status, when the change set was executed. */
  readonly stackStatus?: string;
  /** The reason of a result other than success. */
  readonly error?: string;
  /** Who holds the environment's lease, for `lock-held`. */
  readonly heldBy?: string;
  /** Steps after execution that failed without changing the result; empty when none did. */
  readonly warnings: readonly RolloutWarning[];
  /**
   * Drift that existed before the change set executed, that CloudFormation was not asked to
   * change, and that is still there after the rollout (and after healing it, when the manifest
   * allows that): reported, never a failure. Absent when verification did not run.
   */
  readonly remainingDrift?: readonly Drift[];
  /** What healing the remaining drift did (`drift.selfHeal`). */
  readonly healed?: HealSummary;
}

/** 0 success (including nothing to do), 1 failed, 3 blocked by the guard, 4 lock held. */
export function rolloutExitCode(result: RolloutResult): number {
  switch (result) {
    case 'succeeded':
    case 'no-changes':
      return 0;
    case 'blocked':
      return 3;
    case 'lock-held':
      return 4;
    default:
      return 1;
  }
}
