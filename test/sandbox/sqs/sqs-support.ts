import { CreateQueueCommand, SQSClient } from '@aws-sdk/client-sqs';
import type { Sandbox } from '../../../sandbox/index.js';
import { REGION } from '../helpers.js';

/** An SQS client of the real SDK pointed at the sandbox; no retries. */
export function sqsClient(sandbox: Sandbox, accessKeyId = 'test', region = REGION): SQSClient {
  return new SQSClient({
    endpoint: sandbox.url,
    region,
    credentials: { accessKeyId, secretAccessKey: 'test' },
    maxAttempts: 1,
  });
}

/** How an SQS call failed: the SDK's error name, the awsQuery `Code`, the status and message. */
export interface Rejection {
  readonly name: string;
  readonly code: string | undefined;
  readonly status: number | undefined;
  readonly message: string;
}

/** The error an SQS call fails with. */
export async function rejection(call: Promise<unknown>): Promise<Rejection> {
  try {
    await call;
  } catch (error) {
    const failure = error as Error & { $metadata?: { httpStatusCode?: number }; Code?: string };
    return {
      name: failure.name,
      code: failure.Code,
      status: failure.$metadata?.httpStatusCode,
      message: failure.message,
    };
  }
  throw new Error('the call succeeded');
}

/** Creates a queue and answers its URL. */
export async function createQueue(
  sqs: SQSClient,
  name: string,
  attributes: Record<string, string> = {},
): Promise<string> {
  const created = await sqs.send(
    new CreateQueueCommand({ QueueName: name, Attributes: attributes }),
  );
  if (created.QueueUrl === undefined) throw new Error('CreateQueue answered no QueueUrl');
  return created.QueueUrl;
}

/** Resolves after `ms` milliseconds. */
export function pause(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
