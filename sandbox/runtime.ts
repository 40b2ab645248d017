import type { FaultInjector } from './faults.js';
import type { ServiceRegistry } from './registry.js';
import type { SerialQueue } from './serial-queue.js';
import type { StateStore } from './state-store.js';
import type { StatsCounter } from './stats.js';

/** What the routes of one running sandbox share. */
export interface SandboxRuntime {
  readonly store: StateStore;
  readonly stats: StatsCounter;
  readonly faults: FaultInjector;
  /** Every state-touching step (operations, resets) runs through this queue, one at a time. */
  readonly queue: SerialQueue;
  readonly registry: ServiceRegistry;
  readonly clock: () => Date;
  readonly sleep: (ms: number) => Promise<void>;
  /** Stores kept outside the state that {@link resetSandbox} empties too (the embedded DynamoDB). @default - none */
  readonly resetHooks?: readonly (() => Promise<void>)[];
}

/** Empties state and counters, through the queue so no operation is cut in half. */
export function resetSandbox(runtime: SandboxRuntime): Promise<void> {
  return runtime.queue.run(async () => {
    await runtime.store.reset();
    for (const hook of runtime.resetHooks ?? []) await hook();
    runtime.stats.reset();
  });
}
