import { randomUUID } from 'node:crypto';
import type { FaultInjector } from './faults.js';
import type { LongPolls } from './long-poll.js';
import type { QuotaEnforcer } from './quotas/quota-enforcer.js';
import type { ServiceRegistry } from './registry.js';
import type { SerialQueue } from './serial-queue.js';
import type { DeferredTask, ServiceContext } from './service.js';
import type { StateStore } from './state-store.js';
import type { StatsCounter } from './stats.js';

/** What the routes of one running sandbox share. */
export interface SandboxRuntime {
  readonly store: StateStore;
  readonly stats: StatsCounter;
  readonly faults: FaultInjector;
  /** AWS's per-account, per-region request buckets, when the sandbox throttles like AWS. */
  readonly quotas: QuotaEnforcer;
  /** Every state-touching step (operations, deferred work, resets) runs through this queue, one at a time. */
  readonly queue: SerialQueue;
  readonly registry: ServiceRegistry;
  readonly clock: () => Date;
  readonly sleep: (ms: number) => Promise<void>;
  /** Work services scheduled to run after their operation returned. */
  readonly deferred: DeferredWork;
  /** Requests waiting for data without holding the queue (see `./long-poll.ts`). */
  readonly longPolls: LongPolls;
  /** Stores kept outside the state that {@link resetSandbox} empties too (the embedded DynamoDB). @default - none */
  readonly resetHooks?: readonly (() => Promise<void>)[];
}

/**
 * Empties state and counters, through the queue so no operation is cut in half; pending deferred
 * work is dropped, and waiting long polls answer at once.
 */
export function resetSandbox(runtime: SandboxRuntime): Promise<void> {
  runtime.deferred.cancelAll();
  runtime.longPolls.interruptAll();
  return runtime.queue.run(async () => {
    runtime.deferred.cancelAll();
    await runtime.store.reset();
    for (const hook of runtime.resetHooks ?? []) await hook();
    runtime.stats.reset();
  });
}

/**
 * The context of one handler run (a request or a deferred task): the caller's account and region,
 * plus {@link ServiceContext.defer} and {@link ServiceContext.resourceFault} bound to `runtime`.
 */
export function serviceContext(
  runtime: SandboxRuntime,
  scope: { readonly accountId: string; readonly region: string },
  requestId: string = randomUUID(),
): ServiceContext {
  return {
    accountId: scope.accountId,
    region: scope.region,
    requestId,
    now: runtime.clock(),
    defer: (task: DeferredTask, delayMs?: number) =>
      runtime.deferred.schedule(
        () => task(runtime.store.state, serviceContext(runtime, scope)),
        delayMs ?? runtime.deferred.stepDelayMs,
      ),
    resourceFault: (target) => runtime.faults.decideResource(target),
    notify: (signal) => runtime.longPolls.notify(signal),
  };
}

/**
 * Timers for deferred work. Each task runs, when its timer fires, through the serial queue and is
 * followed by a persist of the state, exactly like a mutating operation. {@link DeferredWork.idle}
 * tells when nothing is scheduled any more; {@link DeferredWork.cancelAll} drops what has not started.
 */
export class DeferredWork {
  private readonly timers = new Set<NodeJS.Timeout>();
  private pending = 0;
  private generation = 0;
  private waiters: Array<() => void> = [];
  private failures: unknown[] = [];

  constructor(
    private readonly queue: SerialQueue,
    private readonly persist: () => Promise<void>,
    /** Default delay of a deferred task, in milliseconds. */
    readonly stepDelayMs: number,
  ) {}

  /** Runs `task` through the queue after `delayMs`, then persists the state. */
  schedule(task: () => void, delayMs: number = this.stepDelayMs): void {
    const generation = this.generation;
    this.pending += 1;
    const timer = setTimeout(
      () => {
        this.timers.delete(timer);
        void this.queue
          .run(async () => {
            if (generation !== this.generation) return;
            try {
              task();
            } catch (error) {
              this.failures.push(error);
            }
            await this.persist();
          })
          .catch((error: unknown) => {
            this.failures.push(error);
          })
          .finally(() => this.settle(generation));
      },
      Math.max(0, delayMs),
    );
    this.timers.add(timer);
  }

  /** Drops every task whose timer has not fired; tasks already queued are skipped when their turn comes. */
  cancelAll(): void {
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
    this.generation += 1;
    this.pending = 0;
    this.wake();
  }

  /**
   * Resolves once no deferred task is scheduled or running, including tasks those tasks schedule.
   *
   * @throws the first error a deferred task threw since the last call, if any.
   */
  async idle(): Promise<void> {
    while (this.pending > 0) {
      await new Promise<void>((resolve) => this.waiters.push(resolve));
    }
    await this.queue.idle();
    const [failure] = this.failures;
    this.failures = [];
    if (failure !== undefined) throw failure;
  }

  private settle(generation: number): void {
    if (generation !== this.generation) return;
    this.pending -= 1;
    if (this.pending === 0) this.wake();
  }

  private wake(): void {
    const waiters = this.waiters;
    this.waiters = [];
    for (const wake of waiters) wake();
  }
}
