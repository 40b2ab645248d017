/**
 * Long polls: requests that wait for data to arrive (SQS ReceiveMessage with `WaitTimeSeconds`)
 * without holding the serial queue, so every other request goes on meanwhile.
 *
 * A handler with nothing to answer yet returns what `ctx.waitFor` gives it, a {@link LongPollWait}.
 * The AWS route then lets go of the queue and waits until the poll's signal is notified (a handler
 * called `ctx.notify` with it: a message arrived), the poll's retry time comes (a delayed message
 * becomes visible), or the request's wait is over, whichever is first, and runs the handler again
 * through the queue with a fresh context. Once the wait is over, or the sandbox closes or resets, the
 * handler runs without `waitFor` and answers what it has.
 */

/** What a handler waits for. */
export interface LongPollRequest {
  /** The name handlers notify when data arrives, e.g. `sqs:<queue ARN>`. */
  readonly signal: string;
  /** How long the request may wait in all, counted from its first run, in milliseconds. */
  readonly maxWaitMs: number;
  /**
   * When to look again even without a signal (the moment a delayed or in-flight message becomes
   * visible), on the clock handlers see as `ctx.now`. @default - only the signal or the end of the wait
   */
  readonly retryAt?: Date;
}

/** A handler's answer meaning "nothing yet: run me again later"; made by `ctx.waitFor`. */
export class LongPollWait {
  constructor(readonly request: LongPollRequest) {}
}

/** Why a wait ended. */
export type WakeReason = 'signal' | 'timeout' | 'interrupted';

/** The waiting long polls of one running sandbox, by signal. */
export class LongPolls {
  private readonly waiters = new Map<string, Set<(reason: WakeReason) => void>>();
  private closed = false;

  /**
   * Starts waiting for `signal` at once (so a notification right after the caller's queue task is
   * not missed) and resolves when it is notified, after `timeoutMs`, or on {@link interruptAll}.
   */
  wait(signal: string, timeoutMs: number): Promise<WakeReason> {
    if (this.closed) return Promise.resolve('interrupted');
    return new Promise((resolve) => {
      let waiting = this.waiters.get(signal);
      if (waiting === undefined) {
        waiting = new Set();
        this.waiters.set(signal, waiting);
      }
      const set = waiting;
      const wake = (reason: WakeReason): void => {
        clearTimeout(timer);
        set.delete(wake);
        if (set.size === 0 && this.waiters.get(signal) === set) this.waiters.delete(signal);
        resolve(reason);
      };
      const timer = setTimeout(() => wake('timeout'), Math.max(1, timeoutMs));
      set.add(wake);
    });
  }

  /** Wakes every poll waiting for `signal`. */
  notify(signal: string): void {
    for (const wake of [...(this.waiters.get(signal) ?? [])]) wake('signal');
  }

  /** Wakes every poll for its last run, and makes later waits end at once: the sandbox is closing. */
  close(): void {
    this.closed = true;
    this.interruptAll();
  }

  /** Wakes every poll for its last run: the sandbox is resetting. */
  interruptAll(): void {
    for (const set of [...this.waiters.values()]) {
      for (const wake of [...set]) wake('interrupted');
    }
  }
}
