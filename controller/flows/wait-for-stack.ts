import { isSuccessfulStackStatus, isTerminalStackStatus } from '../core/transient.js';
import { PlumblineError } from '../model/errors.js';
import type { Clock } from '../ports/clock.js';
import type { Sleeper } from '../ports/sleeper.js';
import type { StackDeployer } from '../ports/stack-deployer.js';

export interface WaitOptions {
  readonly sleeper: Sleeper;
  readonly clock: Clock;
  /** Aborted when the lease is lost: stop waiting, the work is no longer ours. */
  readonly signal?: AbortSignal;
  readonly timeoutMs: number;
  /** First poll interval. @default 250 */
  readonly initialDelayMs?: number;
  /** Longest poll interval. @default 10_000 */
  readonly maxDelayMs?: number;
  readonly onProgress?: (line: string) => void;
}

export interface StackOutcome {
  readonly status: string;
  readonly reason?: string;
  readonly succeeded: boolean;
}

/** Waiting for CloudFormation took longer than allowed; the stack operation itself goes on. */
export class StackWaitTimeoutError extends PlumblineError {
  constructor(
    readonly stackName: string,
    readonly lastStatus: string,
  ) {
    super(`stack ${stackName} still ${lastStatus} after the wait timed out`);
  }
}

/**
 * Polls the stack with backoff (x1.5 up to `maxDelayMs`) until it reaches a terminal status,
 * reporting new stack events as progress lines. Waiting is only observation: a process that stops
 * waiting can resume by calling this again, since the state lives in CloudFormation.
 */
export async function waitForStack(
  deployer: StackDeployer,
  stackName: string,
  options: WaitOptions,
): Promise<StackOutcome> {
  const deadline = options.clock.now().getTime() + options.timeoutMs;
  let delay = options.initialDelayMs ?? 250;
  let lastEvent: string | undefined;
  for (;;) {
    if (options.signal?.aborted) throw options.signal.reason;
    const status = await deployer.status(stackName);
    if (options.onProgress) {
      const events = await deployer.events(stackName, lastEvent);
      for (const e of events) {
        options.onProgress(
          `${e.timestamp.toISOString()} ${e.status.padEnd(28)} ${e.resourceType} ${e.logicalId}${e.reason ? ` (${e.reason})` : ''}`,
        );
        lastEvent = e.id;
      }
    }
    if (status === undefined)
      return { status: 'DELETE_COMPLETE', succeeded: false, reason: 'the stack no longer exists' };
    if (isTerminalStackStatus(status.status)) {
      return { ...status, succeeded: isSuccessfulStackStatus(status.status) };
    }
    if (options.clock.now().getTime() >= deadline)
      throw new StackWaitTimeoutError(stackName, status.status);
    await options.sleeper.sleep(delay);
    delay = Math.min(Math.round(delay * 1.5), options.maxDelayMs ?? 10_000);
  }
}
