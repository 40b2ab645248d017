import type { BlockedChange, ResourceChange } from './change-set.js';

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
