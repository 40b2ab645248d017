/**
 * Receipt handles and what takes them: DeleteMessage, DeleteMessageBatch and ChangeMessageVisibility.
 * Every receive of a message issues a new handle and only the latest one acts on the message:
 *
 * | handle                                         | DeleteMessage             | ChangeMessageVisibility   |
 * | ---------------------------------------------- | ------------------------- | ------------------------- |
 * | not one SQS issued for this queue              | `ReceiptHandleIsInvalid`  | `ReceiptHandleIsInvalid`  |
 * | its message is gone (deleted, purged, expired) | succeeds, nothing to do   | `ReceiptHandleIsInvalid`  |
 * | stale: the message was received again since    | succeeds, message stays   | `MessageNotInflight`      |
 * | latest, visibility timeout over                | deletes                   | `MessageNotInflight`      |
 * | latest, message in flight                      | deletes                   | changes the timeout       |
 *
 * SQS documents that a delete with an old handle "will succeed, but the message might not be
 * deleted"; the sandbox keeps the message, so a consumer whose visibility timeout ran out cannot
 * delete a message another consumer is working on.
 */
import { randomUUID } from 'node:crypto';
import { integerInRange, queueOperation, queueSignal } from './common.js';
import { invalidParameterValue, missingParameter, sqsError } from './errors.js';
import { type BatchFailure, batchEntries, batchFailure } from './send.js';
import type { SqsMessage, SqsQueue } from './state.js';

/** A visibility timeout can reach at most 12 hours past the receive. */
export const MAX_VISIBILITY_SECONDS = 43_200;

/** A new receipt handle for a receive of `message` from `queue`. */
export function newReceiptHandle(queue: SqsQueue, message: SqsMessage): string {
  return `AQEB${Buffer.from(JSON.stringify([queue.arn, message.messageId, randomUUID()])).toString('base64')}`;
}

/** The queue ARN and message id a handle names, or `undefined` when SQS did not issue it. */
function decodeHandle(handle: string): { queueArn: string; messageId: string } | undefined {
  if (!handle.startsWith('AQEB')) return undefined;
  try {
    const parts: unknown = JSON.parse(Buffer.from(handle.slice(4), 'base64').toString('utf8'));
    if (Array.isArray(parts) && parts.length === 3) {
      const [queueArn, messageId, nonce] = parts as unknown[];
      if (
        typeof queueArn === 'string' &&
        typeof messageId === 'string' &&
        typeof nonce === 'string'
      ) {
        return { queueArn, messageId };
      }
    }
  } catch {
    // Not JSON: not a handle the sandbox issued.
  }
  return undefined;
}

function invalidHandle(handle: string) {
  return sqsError(
    'ReceiptHandleIsInvalid',
    `The input receipt handle "${handle}" is not a valid receipt handle.`,
  );
}

/**
 * The message a handle names in `queue`, if it is still there.
 *
 * @throws AwsError `ReceiptHandleIsInvalid` for a handle SQS did not issue for this queue.
 */
function messageOf(queue: SqsQueue, handle: string): SqsMessage | undefined {
  const decoded = decodeHandle(handle);
  if (decoded === undefined || decoded.queueArn !== queue.arn) throw invalidHandle(handle);
  return queue.messages.find((message) => message.messageId === decoded.messageId);
}

/** Deletes the message of a handle when the handle is its latest (see the module comment). */
function deleteByHandle(queue: SqsQueue, handle: string): void {
  const message = messageOf(queue, handle);
  if (message === undefined || message.receipt !== handle) return;
  queue.messages = queue.messages.filter((m) => m !== message);
}

/** DeleteMessage: deletes the message of the latest receipt handle (see the module comment). */
export const deleteMessage = queueOperation(({ queue, input }): undefined => {
  deleteByHandle(queue, input.requiredString('ReceiptHandle'));
  return undefined;
});

/** DeleteMessageBatch: DeleteMessage per entry; a refused entry is reported in `Failed`. */
export const deleteMessageBatch = queueOperation(
  ({ queue, input }): { Successful: Array<{ Id: string }>; Failed: BatchFailure[] } => {
    const successful: Array<{ Id: string }> = [];
    const failed: BatchFailure[] = [];
    for (const { id, entry } of batchEntries(input, 'DeleteMessageBatchRequestEntry')) {
      try {
        deleteByHandle(queue, entry.requiredString('ReceiptHandle'));
        successful.push({ Id: id });
      } catch (error) {
        failed.push(batchFailure(id, error));
      }
    }
    return { Successful: successful, Failed: failed };
  },
);

/**
 * ChangeMessageVisibility: the message of the handle becomes visible `VisibilityTimeout` seconds
 * (0 to 43,200) from now; 0 makes it visible at once. The timeout may not reach beyond 12 hours
 * after the receive.
 *
 * @throws AwsError `ReceiptHandleIsInvalid` and `MessageNotInflight` (see the module comment),
 *   `InvalidParameterValue` for a timeout out of range.
 */
export const changeMessageVisibility = queueOperation(({ queue, input, ctx }): undefined => {
  const handle = input.requiredString('ReceiptHandle');
  if (!input.has('VisibilityTimeout')) throw missingParameter('VisibilityTimeout');
  const timeout = integerInRange(
    input,
    'VisibilityTimeout',
    [0, MAX_VISIBILITY_SECONDS],
    `Must be between 0 and ${MAX_VISIBILITY_SECONDS}, if provided.`,
  ) as number;
  const message = messageOf(queue, handle);
  if (message === undefined) throw invalidHandle(handle);
  const now = ctx.now.getTime();
  if (message.receipt !== handle || message.visibleAt <= now) {
    throw sqsError('MessageNotInflight', "The specified message isn't in flight.");
  }
  if ((now - (message.receivedAt ?? now)) / 1000 + timeout > MAX_VISIBILITY_SECONDS) {
    throw invalidParameterValue(
      'VisibilityTimeout',
      timeout,
      `Total VisibilityTimeout for the message is beyond the limit [${MAX_VISIBILITY_SECONDS} seconds]`,
    );
  }
  message.visibleAt = now + timeout * 1000;
  if (timeout === 0) ctx.notify?.(queueSignal(queue.arn));
  return undefined;
});
