import { LockLostError } from '../../controller/model/errors.js';
import type { RolloutCheckpoint } from '../../controller/model/rollout-checkpoint.js';
import type { CheckpointStore } from '../../controller/ports/checkpoint-store.js';

/** An in-memory CheckpointStore, fenced by token like the DynamoDB store; `saved` keeps every write. */
export class InMemoryCheckpointStore implements CheckpointStore {
  readonly checkpoints = new Map<string, RolloutCheckpoint>();
  readonly saved: RolloutCheckpoint[] = [];

  async save(checkpoint: RolloutCheckpoint): Promise<void> {
    const stored = this.checkpoints.get(checkpoint.env);
    if (stored && stored.token > checkpoint.token)
      throw new LockLostError(checkpoint.env, checkpoint.owner, checkpoint.token);
    this.checkpoints.set(checkpoint.env, structuredClone(checkpoint));
    this.saved.push(checkpoint);
  }

  async load(env: string): Promise<RolloutCheckpoint | undefined> {
    const stored = this.checkpoints.get(env);
    return stored ? structuredClone(stored) : undefined;
  }

  async clear(env: string, owner: string): Promise<void> {
    if (this.checkpoints.get(env)?.owner === owner) this.checkpoints.delete(env);
  }
}
