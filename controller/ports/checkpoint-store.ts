import type { RolloutCheckpoint } from '../model/rollout-checkpoint.js';

/**
 * One rollout checkpoint per environment. Writes are fenced: a checkpoint with a lower fencing
 * token than the stored one is refused (`LockLostError`), so a rollout that lost its lease cannot
 * overwrite the progress of the one that took it over.
 *
 * @example
 * await checkpoints.save({ ...checkpoint, phase: 'executing' });
 * await deployer.executeChangeSet(ref);
 */
export interface CheckpointStore {
  save(checkpoint: RolloutCheckpoint): Promise<void>;
  load(env: string): Promise<RolloutCheckpoint | undefined>;
  /** Removes the environment's checkpoint if it is `owner`'s; another owner's stays. */
  clear(env: string, owner: string): Promise<void>;
}
