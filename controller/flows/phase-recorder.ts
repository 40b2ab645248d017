import type { PhaseRecord, RolloutPhase } from '../model/rollout-outcome.js';
import type { Clock } from '../ports/clock.js';

/** Runs named phases and records each one's start, duration and failure reason. */
export class PhaseRecorder {
  readonly phases: PhaseRecord[];

  /** @param earlier - phases of earlier invocations of the same run, kept first */
  constructor(
    private readonly clock: Clock,
    earlier: readonly PhaseRecord[] = [],
  ) {
    this.phases = [...earlier];
  }

  async run<T>(name: RolloutPhase, work: () => Promise<T> | T): Promise<T> {
    const started = this.clock.now();
    try {
      const result = await work();
      this.record(name, started, 'ok');
      return result;
    } catch (error) {
      this.record(name, started, 'failed', error instanceof Error ? error.message : String(error));
      throw error;
    }
  }

  /**
   * Runs a phase whose work succeeds but whose verdict may be a failure (guard, verify):
   * `verdict` returns the failure reason, or `undefined` when the phase passed.
   */
  async check<T>(
    name: RolloutPhase,
    work: () => Promise<T> | T,
    verdict: (result: T) => string | undefined,
  ): Promise<T> {
    const started = this.clock.now();
    let result: T;
    try {
      result = await work();
    } catch (error) {
      this.record(name, started, 'failed', error instanceof Error ? error.message : String(error));
      throw error;
    }
    const reason = verdict(result);
    this.record(name, started, reason === undefined ? 'ok' : 'failed', reason);
    return result;
  }

  private record(
    name: RolloutPhase,
    started: Date,
    status: PhaseRecord['status'],
    reason?: string,
  ): void {
    this.phases.push({
      name,
      status,
      startedAt: started.toISOString(),
      durationMs: this.clock.now().getTime() - started.getTime(),
      ...(reason === undefined ? {} : { reason }),
    });
  }
}
