import { type RetryPolicy, STACK_POLL_POLICY } from '../core/retry.js';
import { isSuccessfulStackStatus, isTerminalStackStatus } from '../core/stack-status.js';
import { StackWaitTimeoutError } from '../model/errors.js';
import type { Clock } from '../ports/clock.js';
import type { StackDeployer } from '../ports/stack-deployer.js';
import { type Pacing, pause } from './pacing.js';

export interface WaitOptions {
  readonly pacing: Pacing;
  readonly clock: Clock;
  /** Aborted when the lease is lost: stop waiting, the work is no longer ours. */
  readonly signal?: AbortSignal;
  readonly timeoutMs: number;
  /**
   * Stop waiting at this instant, the stack still in progress, and say so (`stopped`): the rest of
   * the wait belongs to a later invocation.
   * @default - wait until the stack ends or `timeoutMs` passes
   */
  readonly stopAt?: Date;
  /** @default STACK_POLL_POLICY */
  readonly policy?: RetryPolicy;
  readonly onProgress?: (line: string) => void;
}

export interface StackOutcome {
  readonly status: string;
  readonly reason?: string;
  readonly succeeded: boolean;
  /** The wait stopped at `stopAt` with the stack still in progress (`status`). */
  readonly stopped?: true;
}

/**
 * Polls the stack (pauses of {@link STACK_POLL_POLICY}) until it reaches a terminal status,
 * reporting new stack events as progress lines. Waiting is only observation: a process that stops
 * waiting can resume by calling this again, since the state lives in CloudFormation.
 */
export async function waitForStack(
  deployer: StackDeployer,
  stackName: string,
  options: WaitOptions,
): Promise<StackOutcome> {
  const deadline = options.clock.now().getTime() + options.timeoutMs;
  let lastEvent: string | undefined;
  for (let attempt = 0; ; attempt++) {
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
    const now = options.clock.now().getTime();
    if (now >= deadline) throw new StackWaitTimeoutError(stackName, status.status);
    if (options.stopAt !== undefined && now >= options.stopAt.getTime())
      return { status: status.status, succeeded: false, stopped: true };
    await pause(options.pacing, options.policy ?? STACK_POLL_POLICY, attempt);
  }
}
