import {
  DeleteQueueCommand,
  GetQueueAttributesCommand,
  GetQueueUrlCommand,
  ListQueuesCommand,
  PurgeQueueCommand,
  ReceiveMessageCommand,
  SendMessageCommand,
  SetQueueAttributesCommand,
  type SQSClient,
} from '@aws-sdk/client-sqs';
import { type Sandbox, startSandbox } from '../../../sandbox/index.js';
import { ACCOUNT, authorization, REGION, temporaryDirectory } from '../helpers.js';
import { createQueue, rejection, sqsClient } from './sqs-support.js';

const START = Date.parse('2026-05-01T08:30:00.000Z');

describe('SQS emulation: queues', () => {
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
    sandbox.setFaults({});
  });

  it('creates a queue at <sandbox>/<account>/<name>, idempotently for the same attributes', async () => {
    // Act
    const url = await createQueue(sqs, 'reconcile', { VisibilityTimeout: '60' });
    const again = await createQueue(sqs, 'reconcile', { VisibilityTimeout: '60' });
    const bare = await createQueue(sqs, 'reconcile');
    const looked = await sqs.send(new GetQueueUrlCommand({ QueueName: 'reconcile' }));

    // Assess
    expect(url).toBe(`${sandbox.url}/${ACCOUNT}/reconcile`);
    expect(again).toBe(url);
    expect(bare).toBe(url);
    expect(looked.QueueUrl).toBe(url);
  });

  it('refuses a queue of an existing name with a different attribute value (QueueNameExists)', async () => {
    // Prepare
    await createQueue(sqs, 'reconcile', { VisibilityTimeout: '60' });

    // Act
    const conflict = await rejection(createQueue(sqs, 'reconcile', { VisibilityTimeout: '30' }));

    // Assess
    expect(conflict).toMatchObject({
      name: 'QueueNameExists',
      code: 'QueueAlreadyExists',
      status: 400,
    });
    expect(conflict.message).toContain('VisibilityTimeout');
  });

  it('answers QueueDoesNotExist, with its awsQuery code, for an unknown queue', async () => {
    // Act
    const byName = await rejection(sqs.send(new GetQueueUrlCommand({ QueueName: 'missing' })));
    const byUrl = await rejection(
      sqs.send(
        new SendMessageCommand({
          QueueUrl: `${sandbox.url}/${ACCOUNT}/missing`,
          MessageBody: 'x',
        }),
      ),
    );
    const badUrl = await rejection(
      sqs.send(new SendMessageCommand({ QueueUrl: `${sandbox.url}/missing`, MessageBody: 'x' })),
    );

    // Assess
    const expected = {
      name: 'QueueDoesNotExist',
      code: 'AWS.SimpleQueueService.NonExistentQueue',
      status: 400,
      message: 'The specified queue does not exist.',
    };
    expect(byName).toEqual(expected);
    expect(byUrl).toEqual(expected);
    expect(badUrl).toMatchObject({ name: 'InvalidAddress', status: 404 });
  });

  it('answers errors in the JSON 1.0 shape with the x-amzn-query-error header', async () => {
    // Act
    const response = await fetch(`${sandbox.url}/`, {
      method: 'POST',
      headers: {
        'content-type': 'application/x-amz-json-1.0',
        'x-amz-target': 'AmazonSQS.GetQueueUrl',
        'x-amzn-query-mode': 'true',
        authorization: authorization('sqs'),
      },
      body: JSON.stringify({ QueueName: 'missing' }),
    });

    // Assess
    expect(response.status).toBe(400);
    expect(response.headers.get('content-type')).toBe('application/x-amz-json-1.0');
    expect(response.headers.get('x-amzn-query-error')).toBe(
      'AWS.SimpleQueueService.NonExistentQueue;Sender',
    );
    expect(await response.json()).toEqual({
      __type: 'com.amazonaws.sqs#QueueDoesNotExist',
      message: 'The specified queue does not exist.',
    });
  });

  it('refuses bad names, unknown attributes, values out of range and FIFO queues', async () => {
    // Act
    const name = await rejection(createQueue(sqs, 'no spaces'));
    const unknown = await rejection(createQueue(sqs, 'q', { Colour: 'blue' }));
    const range = await rejection(createQueue(sqs, 'q', { DelaySeconds: '901' }));
    const wait = await rejection(createQueue(sqs, 'q', { ReceiveMessageWaitTimeSeconds: '21' }));
    const policy = await rejection(createQueue(sqs, 'q', { Policy: 'not json' }));
    const fifoName = await rejection(createQueue(sqs, 'q.fifo', { FifoQueue: 'true' }));
    const fifoAttribute = await rejection(createQueue(sqs, 'q', { FifoQueue: 'true' }));

    // Assess
    expect(name).toMatchObject({ name: 'InvalidParameterValue', status: 400 });
    expect(unknown).toMatchObject({
      name: 'InvalidAttributeName',
      message: 'Unknown Attribute Colour.',
    });
    expect(range).toMatchObject({
      name: 'InvalidAttributeValue',
      message: 'Invalid value for the parameter DelaySeconds.',
    });
    expect(wait.name).toBe('InvalidAttributeValue');
    expect(policy.name).toBe('InvalidAttributeValue');
    expect(fifoName).toMatchObject({
      name: 'UnsupportedOperation',
      code: 'AWS.SimpleQueueService.UnsupportedOperation',
    });
    expect(fifoName.message).toMatch(/FIFO/);
    expect(fifoAttribute.name).toBe('UnsupportedOperation');
  });

  it('answers every attribute for All, and only the named ones otherwise', async () => {
    // Prepare
    const policy = JSON.stringify({ Version: '2012-10-17', Statement: [] });
    const url = await createQueue(sqs, 'reconcile', { DelaySeconds: '5', Policy: policy });

    // Act
    const all = await sqs.send(
      new GetQueueAttributesCommand({ QueueUrl: url, AttributeNames: ['All'] }),
    );
    const named = await sqs.send(
      new GetQueueAttributesCommand({
        QueueUrl: url,
        AttributeNames: ['QueueArn', 'DelaySeconds'],
      }),
    );
    const none = await sqs.send(new GetQueueAttributesCommand({ QueueUrl: url }));
    const unknown = await rejection(
      sqs.send(
        new GetQueueAttributesCommand({
          QueueUrl: url,
          AttributeNames: ['Colour' as 'All'],
        }),
      ),
    );

    // Assess
    const seconds = String(START / 1000);
    expect(all.Attributes).toEqual({
      QueueArn: `arn:aws:sqs:${REGION}:${ACCOUNT}:reconcile`,
      ApproximateNumberOfMessages: '0',
      ApproximateNumberOfMessagesNotVisible: '0',
      ApproximateNumberOfMessagesDelayed: '0',
      CreatedTimestamp: seconds,
      LastModifiedTimestamp: seconds,
      DelaySeconds: '5',
      MaximumMessageSize: '1048576',
      MessageRetentionPeriod: '345600',
      ReceiveMessageWaitTimeSeconds: '0',
      VisibilityTimeout: '30',
      SqsManagedSseEnabled: 'true',
      Policy: policy,
    });
    expect(named.Attributes).toEqual({
      QueueArn: `arn:aws:sqs:${REGION}:${ACCOUNT}:reconcile`,
      DelaySeconds: '5',
    });
    expect(none.Attributes).toBeUndefined();
    expect(unknown).toMatchObject({ name: 'InvalidAttributeName', status: 400 });
  });

  it('changes attributes with SetQueueAttributes, and removes a policy set to empty', async () => {
    // Prepare
    const url = await createQueue(sqs, 'reconcile', { Policy: '{"Statement":[]}' });
    now += 5_000;

    // Act
    await sqs.send(
      new SetQueueAttributesCommand({
        QueueUrl: url,
        Attributes: { VisibilityTimeout: '120', Policy: '' },
      }),
    );
    const after = await sqs.send(
      new GetQueueAttributesCommand({ QueueUrl: url, AttributeNames: ['All'] }),
    );
    const bad = await rejection(
      sqs.send(
        new SetQueueAttributesCommand({
          QueueUrl: url,
          Attributes: { VisibilityTimeout: '43201' },
        }),
      ),
    );

    // Assess
    expect(after.Attributes?.VisibilityTimeout).toBe('120');
    expect(after.Attributes?.Policy).toBeUndefined();
    expect(after.Attributes?.LastModifiedTimestamp).toBe(String((START + 5_000) / 1000));
    expect(bad.name).toBe('InvalidAttributeValue');
  });

  it('lists the caller’s queues in the region by prefix, in pages of MaxResults', async () => {
    // Prepare
    for (const name of ['alpha-1', 'alpha-2', 'alpha-3', 'beta']) await createQueue(sqs, name);
    const other = sqsClient(sandbox, '111111111111');
    const elsewhere = sqsClient(sandbox, 'test', 'us-east-1');
    await createQueue(other, 'alpha-other');
    await createQueue(elsewhere, 'alpha-east');

    // Act
    const all = await sqs.send(new ListQueuesCommand({}));
    const first = await sqs.send(
      new ListQueuesCommand({ QueueNamePrefix: 'alpha', MaxResults: 2 }),
    );
    const second = await sqs.send(
      new ListQueuesCommand({
        QueueNamePrefix: 'alpha',
        MaxResults: 2,
        NextToken: first.NextToken,
      }),
    );
    const none = await sqs.send(new ListQueuesCommand({ QueueNamePrefix: 'gamma' }));
    other.destroy();
    elsewhere.destroy();

    // Assess
    const url = (name: string) => `${sandbox.url}/${ACCOUNT}/${name}`;
    expect(all.QueueUrls).toEqual(['alpha-1', 'alpha-2', 'alpha-3', 'beta'].map(url));
    expect(all.NextToken).toBeUndefined();
    expect(first.QueueUrls).toEqual([url('alpha-1'), url('alpha-2')]);
    expect(first.NextToken).toEqual(expect.any(String));
    expect(second.QueueUrls).toEqual([url('alpha-3')]);
    expect(second.NextToken).toBeUndefined();
    expect(none.QueueUrls ?? []).toEqual([]);
  });

  it('keeps queues apart per account and region; a queue of another account is reached by its URL', async () => {
    // Prepare
    const other = sqsClient(sandbox, '111111111111');
    const url = await createQueue(other, 'shared');

    // Act
    const byName = await rejection(sqs.send(new GetQueueUrlCommand({ QueueName: 'shared' })));
    const byOwner = await sqs.send(
      new GetQueueUrlCommand({ QueueName: 'shared', QueueOwnerAWSAccountId: '111111111111' }),
    );
    await sqs.send(new SendMessageCommand({ QueueUrl: url, MessageBody: 'hello' }));
    const received = await other.send(new ReceiveMessageCommand({ QueueUrl: url }));
    other.destroy();

    // Assess
    expect(byName.name).toBe('QueueDoesNotExist');
    expect(byOwner.QueueUrl).toBe(`${sandbox.url}/111111111111/shared`);
    expect(received.Messages?.map((m) => m.Body)).toEqual(['hello']);
  });

  it('deletes a queue; its name is taken for 60 seconds (QueueDeletedRecently)', async () => {
    // Prepare
    const url = await createQueue(sqs, 'short-lived');

    // Act
    await sqs.send(new DeleteQueueCommand({ QueueUrl: url }));
    const send = await rejection(
      sqs.send(new SendMessageCommand({ QueueUrl: url, MessageBody: 'x' })),
    );
    const again = await rejection(createQueue(sqs, 'short-lived'));
    const twice = await rejection(sqs.send(new DeleteQueueCommand({ QueueUrl: url })));
    now += 60_000;
    const later = await createQueue(sqs, 'short-lived');

    // Assess
    expect(send.name).toBe('QueueDoesNotExist');
    expect(again).toMatchObject({
      name: 'QueueDeletedRecently',
      code: 'AWS.SimpleQueueService.QueueDeletedRecently',
    });
    expect(twice.name).toBe('QueueDoesNotExist');
    expect(later).toBe(url);
  });

  it('purges every message, once per 60 seconds (PurgeQueueInProgress)', async () => {
    // Prepare
    const url = await createQueue(sqs, 'purged');
    await sqs.send(new SendMessageCommand({ QueueUrl: url, MessageBody: 'one' }));
    await sqs.send(new SendMessageCommand({ QueueUrl: url, MessageBody: 'two', DelaySeconds: 30 }));

    // Act
    await sqs.send(new PurgeQueueCommand({ QueueUrl: url }));
    const counts = await sqs.send(
      new GetQueueAttributesCommand({
        QueueUrl: url,
        AttributeNames: ['ApproximateNumberOfMessages', 'ApproximateNumberOfMessagesDelayed'],
      }),
    );
    const soon = await rejection(sqs.send(new PurgeQueueCommand({ QueueUrl: url })));
    now += 60_000;
    await sqs.send(new PurgeQueueCommand({ QueueUrl: url }));

    // Assess
    expect(counts.Attributes).toEqual({
      ApproximateNumberOfMessages: '0',
      ApproximateNumberOfMessagesDelayed: '0',
    });
    expect(soon).toMatchObject({
      name: 'PurgeQueueInProgress',
      code: 'AWS.SimpleQueueService.PurgeQueueInProgress',
      status: 403,
    });
  });

  it('counts SQS calls in the stats and applies injected faults', async () => {
    // Prepare
    const url = await createQueue(sqs, 'counted');
    await sqs.send(new GetQueueUrlCommand({ QueueName: 'counted' }));
    sandbox.setFaults({ errorRate: 1, services: ['SQS'], operations: ['SendMessage'] });

    // Act
    const failed = await rejection(
      sqs.send(new SendMessageCommand({ QueueUrl: url, MessageBody: 'x' })),
    );
    const stats = (await (await fetch(`${sandbox.url}/_sandbox/stats`)).json()) as {
      byService: Record<string, Record<string, number>>;
    };

    // Assess
    expect(failed).toMatchObject({ name: 'InternalFailure', status: 500 });
    expect(stats.byService.SQS).toEqual({ CreateQueue: 1, GetQueueUrl: 1, SendMessage: 1 });
  });
});

describe('SQS emulation: persistence', () => {
  it('keeps queues and their messages in the data directory across a restart', async () => {
    // Prepare
    const dir = await temporaryDirectory();
    const first = await startSandbox({ port: 0, dataDir: dir.path });
    const before = sqsClient(first);
    const url = await createQueue(before, 'durable');
    await before.send(new SendMessageCommand({ QueueUrl: url, MessageBody: 'kept' }));
    before.destroy();
    await first.close();

    // Act
    const second = await startSandbox({ port: 0, dataDir: dir.path });
    const after = sqsClient(second);
    const received = await after.send(
      new ReceiveMessageCommand({ QueueUrl: `${second.url}/${ACCOUNT}/durable` }),
    );
    after.destroy();
    await second.close();
    await dir.remove();

    // Assess
    expect(received.Messages?.map((m) => m.Body)).toEqual(['kept']);
  });
});
