import {
  DeleteQueueCommand,
  GetQueueAttributesCommand,
  ListQueuesCommand,
  ReceiveMessageCommand,
  SendMessageCommand,
  type SQSClient,
} from '@aws-sdk/client-sqs';
import { type Sandbox, startSandbox } from '../../../sandbox/index.js';
import { createQueue, pause, rejection, sqsClient } from './sqs-support.js';

/** A margin far beyond any wait the tests expect, far below the 20 s long polls they start. */
const WELL_BEFORE_THE_WAIT_ENDS_MS = 10_000;

/** Which settles first: `call`, or a timer of {@link WELL_BEFORE_THE_WAIT_ENDS_MS}. */
async function settlesEarly<T>(call: Promise<T>): Promise<{ early: boolean; value?: T }> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<'late'>((resolve) => {
    timer = setTimeout(() => resolve('late'), WELL_BEFORE_THE_WAIT_ENDS_MS);
  });
  const winner = await Promise.race([call.then((value) => ({ value })), late]);
  clearTimeout(timer);
  return winner === 'late' ? { early: false } : { early: true, value: winner.value };
}

describe('SQS emulation: long polling on real time', () => {
  let sandbox: Sandbox;
  let sqs: SQSClient;
  let url: string;

  beforeAll(async () => {
    sandbox = await startSandbox({ port: 0 });
    sqs = sqsClient(sandbox);
  });

  afterAll(async () => {
    sqs.destroy();
    await sandbox.close();
  });

  beforeEach(async () => {
    await sandbox.reset();
    url = await createQueue(sqs, 'polled');
  });

  it('answers a long poll as soon as a delayed message becomes visible', async () => {
    // Prepare
    await sqs.send(new SendMessageCommand({ QueueUrl: url, MessageBody: 'soon', DelaySeconds: 1 }));

    // Act
    const before = await sqs.send(new ReceiveMessageCommand({ QueueUrl: url }));
    const poll = await settlesEarly(
      sqs.send(new ReceiveMessageCommand({ QueueUrl: url, WaitTimeSeconds: 20 })),
    );

    // Assess
    expect(before.Messages).toBeUndefined();
    expect(poll.early).toBe(true);
    expect(poll.value?.Messages?.map((m) => m.Body)).toEqual(['soon']);
  });

  it('answers empty once WaitTimeSeconds is over', async () => {
    // Act
    const out = await sqs.send(new ReceiveMessageCommand({ QueueUrl: url, WaitTimeSeconds: 1 }));

    // Assess
    expect(out.Messages).toBeUndefined();
  });

  it('serves other requests while a poll waits, and a send wakes the poll', async () => {
    // Prepare
    const waiting = sqs.send(new ReceiveMessageCommand({ QueueUrl: url, WaitTimeSeconds: 20 }));
    await pause(100);

    // Act
    const listed = await sqs.send(new ListQueuesCommand({}));
    const counted = await sqs.send(
      new GetQueueAttributesCommand({
        QueueUrl: url,
        AttributeNames: ['ApproximateNumberOfMessages'],
      }),
    );
    await sqs.send(new SendMessageCommand({ QueueUrl: url, MessageBody: 'wake up' }));
    const poll = await settlesEarly(waiting);

    // Assess
    expect(listed.QueueUrls).toEqual([url]);
    expect(counted.Attributes?.ApproximateNumberOfMessages).toBe('0');
    expect(poll.early).toBe(true);
    expect(poll.value?.Messages?.map((m) => m.Body)).toEqual(['wake up']);
  });

  it('redelivers a message after its visibility timeout to a waiting poll, counting the receives', async () => {
    // Prepare
    await sqs.send(new SendMessageCommand({ QueueUrl: url, MessageBody: 'retry me' }));
    const first = await sqs.send(
      new ReceiveMessageCommand({
        QueueUrl: url,
        VisibilityTimeout: 1,
        MessageSystemAttributeNames: ['ApproximateReceiveCount'],
      }),
    );

    // Act
    const poll = await settlesEarly(
      sqs.send(
        new ReceiveMessageCommand({
          QueueUrl: url,
          WaitTimeSeconds: 20,
          MessageSystemAttributeNames: ['ApproximateReceiveCount'],
        }),
      ),
    );

    // Assess
    const [again] = poll.value?.Messages ?? [];
    expect(poll.early).toBe(true);
    expect(first.Messages?.[0]?.Attributes?.ApproximateReceiveCount).toBe('1');
    expect(again?.Attributes?.ApproximateReceiveCount).toBe('2');
    expect(again?.ReceiptHandle).not.toBe(first.Messages?.[0]?.ReceiptHandle);
  });

  it('uses the queue’s ReceiveMessageWaitTimeSeconds when the request names none', async () => {
    // Prepare
    const waitingUrl = await createQueue(sqs, 'waiting', { ReceiveMessageWaitTimeSeconds: '20' });
    const waiting = sqs.send(new ReceiveMessageCommand({ QueueUrl: waitingUrl }));
    await pause(100);

    // Act
    await sqs.send(new SendMessageCommand({ QueueUrl: waitingUrl, MessageBody: 'arrived' }));
    const poll = await settlesEarly(waiting);

    // Assess
    expect(poll.value?.Messages?.map((m) => m.Body)).toEqual(['arrived']);
  });

  it('answers a waiting poll with QueueDoesNotExist when its queue is deleted', async () => {
    // Prepare
    const waiting = rejection(
      sqs.send(new ReceiveMessageCommand({ QueueUrl: url, WaitTimeSeconds: 20 })),
    );
    await pause(100);

    // Act
    await sqs.send(new DeleteQueueCommand({ QueueUrl: url }));
    const poll = await settlesEarly(waiting);

    // Assess
    expect(poll.early).toBe(true);
    expect(poll.value?.name).toBe('QueueDoesNotExist');
  });

  it('answers a waiting poll, empty, when the sandbox closes', async () => {
    // Prepare
    const other = await startSandbox({ port: 0 });
    const client = sqsClient(other);
    const otherUrl = await createQueue(client, 'closing');
    const waiting = client.send(
      new ReceiveMessageCommand({ QueueUrl: otherUrl, WaitTimeSeconds: 20 }),
    );
    await pause(100);

    // Act
    const closed = settlesEarly(other.close());
    const poll = await settlesEarly(waiting);
    client.destroy();

    // Assess
    expect((await closed).early).toBe(true);
    expect(poll.early).toBe(true);
    expect(poll.value?.Messages).toBeUndefined();
  });
});
