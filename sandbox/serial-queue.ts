/**
 * Runs tasks one at a time, in arrival order. The sandbox passes every AWS operation (handler plus
 * persistence) through one queue, so no operation ever observes another one half done.
 */
export class SerialQueue {
  private tail: Promise<unknown> = Promise.resolve();

  /** Queues `task` after everything queued before it; resolves or rejects with its outcome. */
  run<T>(task: () => T | Promise<T>): Promise<T> {
    const result = this.tail.then(task);
    this.tail = result.catch(() => undefined);
    return result;
  }

  /** Resolves once every task queued so far has finished. */
  idle(): Promise<void> {
    return this.run(() => undefined);
  }
}
