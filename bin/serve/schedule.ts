import type { ReconcileQueue } from '../../controller/ports/reconcile-queue.js';

/**
 * The schedule of `plumbline serve`, as EventBridge's rate rule on AWS: every `everyMs`, one scan
 * request on the reconcile queue (the first one period after the start).
 *
 * @example
 * const schedule = new Schedule(queue, 15 * 60_000, onError); schedule.start();
 */
export class Schedule {
  #timer: ReturnType<typeof setInterval> | undefined;

  constructor(
    private readonly queue: ReconcileQueue,
    private readonly everyMs: number,
    private readonly onError: (line: string) => void,
  ) {}

  get running(): boolean {
    return this.#timer !== undefined;
  }

  start(): void {
    this.#timer ??= setInterval(() => {
      const request = { kind: 'scan', source: 'schedule', time: new Date().toISOString() } as const;
      this.queue.send(request).catch((error: unknown) => {
        this.onError(`schedule: ${error instanceof Error ? error.message : String(error)}`);
      });
    }, this.everyMs);
  }

  stop(): void {
    clearInterval(this.#timer);
    this.#timer = undefined;
  }
}
