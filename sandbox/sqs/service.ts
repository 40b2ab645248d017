/**
 * The SQS emulation (awsJson1_0, target prefix `AmazonSQS`, `awsQueryCompatible` errors): standard
 * queues with delays, visibility timeouts, long polling, dead-letter queues and purges, on real time.
 * FIFO queues are refused with `UnsupportedOperation`.
 */
import type { SandboxService } from '../service.js';
import { getQueueAttributes, setQueueAttributes } from './attributes.js';
import { SQS_ERROR_NAMESPACE, sqsQueryErrorCode } from './errors.js';
import { createQueue, deleteQueue, getQueueUrl, listQueues, purgeQueue } from './queues.js';
import { changeMessageVisibility, deleteMessage, deleteMessageBatch } from './receipts.js';
import { receiveMessage } from './receive.js';
import { sendMessage, sendMessageBatch } from './send.js';

/** The SQS service: signing name `sqs`, API version 2012-11-05. */
export const sqsService: SandboxService = {
  signingName: 'sqs',
  name: 'SQS',
  protocol: 'json',
  jsonTargetPrefix: 'AmazonSQS',
  jsonVersion: '1.0',
  awsQueryCompatible: { namespace: SQS_ERROR_NAMESPACE, queryErrorCode: sqsQueryErrorCode },
  operations: {
    CreateQueue: createQueue,
    GetQueueUrl: getQueueUrl,
    ListQueues: listQueues,
    GetQueueAttributes: getQueueAttributes,
    SetQueueAttributes: setQueueAttributes,
    PurgeQueue: purgeQueue,
    DeleteQueue: deleteQueue,
    SendMessage: sendMessage,
    SendMessageBatch: sendMessageBatch,
    ReceiveMessage: receiveMessage,
    DeleteMessage: deleteMessage,
    DeleteMessageBatch: deleteMessageBatch,
    ChangeMessageVisibility: changeMessageVisibility,
  },
};
