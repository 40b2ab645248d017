import type { RolloutCheckpoint } from '../model/rollout-checkpoint.js';
import type { CheckpointStore } from '../ports/checkpoint-store.js';
import type { Clock } from '../ports/clock.js';
import type { PhaseRecorder } from './phase-recorder.js';

/** What every checkpoint of one rollout shares. */
export type CheckpointBase = Pick<RolloutCheckpoint, 'env' | 'ref' | 'owner' | 'token'>;

/**
 * Writes a rollout's progress down as it goes, when the rollout has a checkpoint store (a reconcile
 * run that may continue in a later invocation); a rollout from the CLI has none and writes nothing.
 */
export class Checkpointing {
  #last: RolloutCheckpoint | undefined;

  constructor(
    private readonly store: CheckpointStore | undefined,
    private readonly base: CheckpointBase,
    private readonly rec: PhaseRecorder,
    private readonly clock: Clock,
  ) {}

  /** The last checkpoint written (or that would have been, without a store). */
  get last(): RolloutCheckpoint | undefined {
    return this.#last;
  }

  /** Records `progress` with the phases so far; fenced by the lease's token. */
  async save(
    progress: Omit<RolloutCheckpoint, keyof CheckpointBase | 'phases' | 'savedAt'>,
  ): Promise<RolloutCheckpoint> {
    const checkpoint: RolloutCheckpoint = {
      ...this.base,
      ...progress,
      phases: [...this.rec.phases],
      savedAt: this.clock.now().toISOString(),
    };
    await this.store?.save(checkpoint);
    this.#last = checkpoint;
    return checkpoint;
  }

  /** The rollout ended: nothing is left to continue. */
  async clear(): Promise<void> {
    await this.store?.clear(this.base.env, this.base.owner);
    this.#last = undefined;
  }
}
