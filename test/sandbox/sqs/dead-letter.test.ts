import {
  GetQueueAttributesCommand,
  ReceiveMessageCommand,
  SendMessageCommand,
  SetQueueAttributesCommand,
  type SQSClient,
} from '@aws-sdk/client-sqs';
import { type Sandbox, startSandbox } from '../../../sandbox/index.js';
import { ACCOUNT, REGION } from '../helpers.js';
import { createQueue, rejection, sqsClient } from './sqs-support.js';

const START = Date.parse('2026-05-01T08:30:00.000Z');
const DLQ_ARN = `arn:aws:sqs:${REGION}:${ACCOUNT}:reconcile-dlq`;

describe('SQS emulation: dead-letter queues', () => {
  let sandbox: Sandbox;
  let sqs: SQSClient;
  let now = START;

  beforeAll(async () => {
    sandbox = await startSandbox({ port: 0, clock: () => new Date(now) });
    sqs = sqsClient(sandbox);
  });

  afterAll(async () => {
    sqs.destroy();
    await sandbox.close();
  });

  beforeEach(async () => {
    now = START;
    await sandbox.reset();
  });

  function redrive(maxReceiveCount: number | string, target = DLQ_ARN): string {
    return JSON.stringify({ deadLetterTargetArn: target, maxReceiveCount });
  }

  it('moves a message to the dead-letter queue once it was received maxReceiveCount times', async () => {
    // Prepare
    const dlq = await createQueue(sqs, 'reconcile-dlq');
    const source = await createQueue(sqs, 'reconcile', {
      RedrivePolicy: redrive(2),
      VisibilityTimeout: '10',
    });
    const sent = await sqs.send(
      new SendMessageCommand({ QueueUrl: source, MessageBody: 'poison' }),
    );
    const receive = (url: string) =>
      sqs.send(new ReceiveMessageCommand({ QueueUrl: url, MessageSystemAttributeNames: ['All'] }));

    // Act
    const first = await receive(source);
    now += 10_000;
    const second = await receive(source);
    now += 10_000;
    const third = await receive(source);
    const moved = await receive(dlq);

    // Assess
    expect(first.Messages?.[0]?.Attributes?.ApproximateReceiveCount).toBe('1');
    expect(second.Messages?.[0]?.Attributes?.ApproximateReceiveCount).toBe('2');
    expect(third.Messages).toBeUndefined();
    expect(moved.Messages?.[0]).toMatchObject({
      MessageId: sent.MessageId,
      Body: 'poison',
      Attributes: expect.objectContaining({
        ApproximateReceiveCount: '3',
        SentTimestamp: String(START),
        DeadLetterQueueSourceArn: `arn:aws:sqs:${REGION}:${ACCOUNT}:reconcile`,
      }),
    });
  });

  it('keeps the redrive policy readable, and removes it when set to empty', async () => {
    // Prepare
    await createQueue(sqs, 'reconcile-dlq');
    const source = await createQueue(sqs, 'reconcile', { RedrivePolicy: redrive('5') });

    // Act
    const before = await sqs.send(
      new GetQueueAttributesCommand({ QueueUrl: source, AttributeNames: ['RedrivePolicy'] }),
    );
    await sqs.send(
      new SetQueueAttributesCommand({ QueueUrl: source, Attributes: { RedrivePolicy: '' } }),
    );
    const after = await sqs.send(
      new GetQueueAttributesCommand({ QueueUrl: source, AttributeNames: ['All'] }),
    );

    // Assess
    expect(JSON.parse(before.Attributes?.RedrivePolicy ?? '{}')).toEqual({
      deadLetterTargetArn: DLQ_ARN,
      maxReceiveCount: '5',
    });
    expect(after.Attributes?.RedrivePolicy).toBeUndefined();
  });

  it('refuses a redrive policy without an existing target or with a count out of range', async () => {
    // Prepare
    await createQueue(sqs, 'reconcile-dlq');

    // Act
    const missing = await rejection(
      createQueue(sqs, 'a', { RedrivePolicy: redrive(3, `arn:aws:sqs:${REGION}:${ACCOUNT}:nope`) }),
    );
    const zero = await rejection(createQueue(sqs, 'b', { RedrivePolicy: redrive(0) }));
    const huge = await rejection(createQueue(sqs, 'c', { RedrivePolicy: redrive(1001) }));
    const notJson = await rejection(createQueue(sqs, 'd', { RedrivePolicy: 'nope' }));

    // Assess
    expect(missing).toMatchObject({ name: 'InvalidParameterValue', status: 400 });
    expect(missing.message).toContain('Dead letter target does not exist.');
    expect(zero.message).toContain('maxReceiveCount');
    expect(huge.message).toContain('maxReceiveCount');
    expect(notJson.message).toContain('not a valid JSON map');
  });
});
