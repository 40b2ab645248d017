import { createHash } from 'node:crypto';
import {
  ChangeMessageVisibilityCommand,
  DeleteMessageBatchCommand,
  DeleteMessageCommand,
  GetQueueAttributesCommand,
  type MessageAttributeValue,
  ReceiveMessageCommand,
  type ReceiveMessageCommandInput,
  SendMessageBatchCommand,
  SendMessageCommand,
  type SQSClient,
} from '@aws-sdk/client-sqs';
import { type Sandbox, startSandbox } from '../../../sandbox/index.js';
import { createQueue, rejection, sqsClient } from './sqs-support.js';

const START = Date.parse('2026-05-01T08:30:00.000Z');

/**
 * MD5OfMessageAttributes as the SQS developer guide describes it: attributes sorted by name; for
 * each, name and data type as 4-byte big-endian length plus UTF-8 bytes, a transport byte (1 string,
 * 2 binary), then the value as length plus bytes; MD5 over the whole, in hex.
 */
function documentedAttributesMd5(attributes: Record<string, MessageAttributeValue>): string {
  const parts: Buffer[] = [];
  const lengthPrefixed = (bytes: Buffer) => {
    const length = Buffer.alloc(4);
    length.writeUInt32BE(bytes.length, 0);
    parts.push(length, bytes);
  };
  for (const name of Object.keys(attributes).sort()) {
    const value = attributes[name] as MessageAttributeValue;
    lengthPrefixed(Buffer.from(name));
    lengthPrefixed(Buffer.from(value.DataType ?? ''));
    if (value.BinaryValue === undefined) {
      parts.push(Buffer.from([1]));
      lengthPrefixed(Buffer.from(value.StringValue ?? ''));
    } else {
      parts.push(Buffer.from([2]));
      lengthPrefixed(Buffer.from(value.BinaryValue));
    }
  }
  return createHash('md5').update(Buffer.concat(parts)).digest('hex');
}

describe('SQS emulation: messages', () => {
  let sandbox: Sandbox;
  let sqs: SQSClient;
  let now = START;
  let url: string;

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
    url = await createQueue(sqs, 'work');
  });

  async function receive(input: Partial<ReceiveMessageCommandInput> = {}) {
    return (await sqs.send(new ReceiveMessageCommand({ QueueUrl: url, ...input }))).Messages ?? [];
  }

  async function counts(): Promise<Record<string, string>> {
    const out = await sqs.send(
      new GetQueueAttributesCommand({
        QueueUrl: url,
        AttributeNames: [
          'ApproximateNumberOfMessages',
          'ApproximateNumberOfMessagesNotVisible',
          'ApproximateNumberOfMessagesDelayed',
        ],
      }),
    );
    return out.Attributes ?? {};
  }

  it('sends, receives and deletes a message, with the MD5 digests SQS answers', async () => {
    // Prepare
    const attributes: Record<string, MessageAttributeValue> = {
      kind: { DataType: 'String', StringValue: 'push' },
      attempt: { DataType: 'Number', StringValue: '3' },
      blob: { DataType: 'Binary', BinaryValue: Uint8Array.from([0, 1, 2, 255]) },
    };

    // Act
    const sent = await sqs.send(
      new SendMessageCommand({
        QueueUrl: url,
        MessageBody: 'héllo',
        MessageAttributes: attributes,
      }),
    );
    const [message] = await receive({ MessageAttributeNames: ['All'] });
    await sqs.send(
      new DeleteMessageCommand({ QueueUrl: url, ReceiptHandle: message?.ReceiptHandle }),
    );
    const after = await counts();

    // Assess
    expect(sent.MD5OfMessageBody).toBe(createHash('md5').update('héllo').digest('hex'));
    expect(sent.MD5OfMessageAttributes).toBe(documentedAttributesMd5(attributes));
    expect(message).toMatchObject({
      MessageId: sent.MessageId,
      Body: 'héllo',
      MD5OfBody: sent.MD5OfMessageBody,
      MD5OfMessageAttributes: sent.MD5OfMessageAttributes,
      MessageAttributes: {
        kind: { DataType: 'String', StringValue: 'push' },
        attempt: { DataType: 'Number', StringValue: '3' },
        blob: { DataType: 'Binary', BinaryValue: Uint8Array.from([0, 1, 2, 255]) },
      },
    });
    expect(after).toEqual({
      ApproximateNumberOfMessages: '0',
      ApproximateNumberOfMessagesNotVisible: '0',
      ApproximateNumberOfMessagesDelayed: '0',
    });
  });

  it('returns only the message attributes and system attributes asked for', async () => {
    // Prepare
    await sqs.send(
      new SendMessageCommand({
        QueueUrl: url,
        MessageBody: 'x',
        MessageAttributes: {
          'trace.id': { DataType: 'String', StringValue: 't-1' },
          'trace.span': { DataType: 'String', StringValue: 's-1' },
          other: { DataType: 'String', StringValue: 'o' },
        },
      }),
    );

    // Act
    const [message] = await receive({
      MessageAttributeNames: ['trace.*'],
      MessageSystemAttributeNames: ['SentTimestamp', 'ApproximateReceiveCount'],
    });

    // Assess
    expect(Object.keys(message?.MessageAttributes ?? {}).sort()).toEqual([
      'trace.id',
      'trace.span',
    ]);
    expect(message?.Attributes).toEqual({
      SentTimestamp: String(START),
      ApproximateReceiveCount: '1',
    });
  });

  it('keeps a delayed message invisible until its delay is over', async () => {
    // Prepare
    await sqs.send(
      new SendMessageCommand({ QueueUrl: url, MessageBody: 'later', DelaySeconds: 10 }),
    );

    // Act
    const early = await receive();
    const delayed = await counts();
    now += 9_999;
    const almost = await receive();
    now += 1;
    const due = await receive();

    // Assess
    expect(early).toEqual([]);
    expect(delayed.ApproximateNumberOfMessagesDelayed).toBe('1');
    expect(almost).toEqual([]);
    expect(due.map((m) => m.Body)).toEqual(['later']);
  });

  it('applies the queue’s DelaySeconds when the message names none', async () => {
    // Prepare
    const delayedUrl = await createQueue(sqs, 'delayed', { DelaySeconds: '5' });
    await sqs.send(new SendMessageCommand({ QueueUrl: delayedUrl, MessageBody: 'x' }));

    // Act
    const early = await sqs.send(new ReceiveMessageCommand({ QueueUrl: delayedUrl }));
    now += 5_000;
    const due = await sqs.send(new ReceiveMessageCommand({ QueueUrl: delayedUrl }));

    // Assess
    expect(early.Messages).toBeUndefined();
    expect(due.Messages?.map((m) => m.Body)).toEqual(['x']);
  });

  it('redelivers a message whose visibility timeout ran out, with a new handle and a growing receive count', async () => {
    // Prepare
    await sqs.send(new SendMessageCommand({ QueueUrl: url, MessageBody: 'job' }));
    const system = { MessageSystemAttributeNames: ['All' as const] };

    // Act
    const [first] = await receive({ VisibilityTimeout: 20, ...system });
    const hidden = await receive();
    const inFlight = await counts();
    now += 20_000;
    const [second] = await receive(system);
    now += 30_000;
    const [third] = await receive(system);

    // Assess
    expect(hidden).toEqual([]);
    expect(inFlight.ApproximateNumberOfMessagesNotVisible).toBe('1');
    expect(first?.Attributes).toMatchObject({
      ApproximateReceiveCount: '1',
      ApproximateFirstReceiveTimestamp: String(START),
      SentTimestamp: String(START),
      SenderId: 'test',
    });
    expect(second?.Attributes).toMatchObject({
      ApproximateReceiveCount: '2',
      ApproximateFirstReceiveTimestamp: String(START),
    });
    expect(third?.Attributes?.ApproximateReceiveCount).toBe('3');
    expect(new Set([first?.ReceiptHandle, second?.ReceiptHandle, third?.ReceiptHandle]).size).toBe(
      3,
    );
    expect(second?.MessageId).toBe(first?.MessageId);
  });

  it('keeps a message deleted with a stale receipt handle; the latest handle deletes it', async () => {
    // Prepare
    await sqs.send(new SendMessageCommand({ QueueUrl: url, MessageBody: 'job' }));
    const [first] = await receive({ VisibilityTimeout: 1 });
    now += 1_000;
    const [second] = await receive({ VisibilityTimeout: 1 });

    // Act
    await sqs.send(
      new DeleteMessageCommand({ QueueUrl: url, ReceiptHandle: first?.ReceiptHandle }),
    );
    now += 1_000;
    const [third] = await receive();
    await sqs.send(
      new DeleteMessageCommand({ QueueUrl: url, ReceiptHandle: third?.ReceiptHandle }),
    );
    now += 60_000;
    const gone = await receive();
    const again = await sqs.send(
      new DeleteMessageCommand({ QueueUrl: url, ReceiptHandle: third?.ReceiptHandle }),
    );
    const invalid = await rejection(
      sqs.send(new DeleteMessageCommand({ QueueUrl: url, ReceiptHandle: 'not-a-handle' })),
    );

    // Assess
    expect(second?.MessageId).toBe(first?.MessageId);
    expect(third?.MessageId).toBe(first?.MessageId);
    expect(gone).toEqual([]);
    expect(again.$metadata.httpStatusCode).toBe(200);
    expect(invalid).toMatchObject({ name: 'ReceiptHandleIsInvalid', status: 404 });
  });

  it('changes a message’s visibility: 0 shows it at once, a longer timeout hides it longer', async () => {
    // Prepare
    await sqs.send(new SendMessageCommand({ QueueUrl: url, MessageBody: 'job' }));
    const [first] = await receive({ VisibilityTimeout: 30 });

    // Act
    await sqs.send(
      new ChangeMessageVisibilityCommand({
        QueueUrl: url,
        ReceiptHandle: first?.ReceiptHandle,
        VisibilityTimeout: 0,
      }),
    );
    const [second] = await receive({ VisibilityTimeout: 10 });
    await sqs.send(
      new ChangeMessageVisibilityCommand({
        QueueUrl: url,
        ReceiptHandle: second?.ReceiptHandle,
        VisibilityTimeout: 100,
      }),
    );
    now += 99_000;
    const stillHidden = await receive();
    now += 1_000;
    const visible = await receive();

    // Assess
    expect(second?.MessageId).toBe(first?.MessageId);
    expect(stillHidden).toEqual([]);
    expect(visible.map((m) => m.Body)).toEqual(['job']);
  });

  it('answers ChangeMessageVisibility errors as documented', async () => {
    // Prepare
    await sqs.send(new SendMessageCommand({ QueueUrl: url, MessageBody: 'job' }));
    const [first] = await receive({ VisibilityTimeout: 30 });
    const change = (handle: string | undefined, timeout: number) =>
      sqs.send(
        new ChangeMessageVisibilityCommand({
          QueueUrl: url,
          ReceiptHandle: handle,
          VisibilityTimeout: timeout,
        }),
      );

    // Act
    const tooLong = await rejection(change(first?.ReceiptHandle, 43_201));
    now += 30_000;
    const expired = await rejection(change(first?.ReceiptHandle, 10));
    const [second] = await receive({ VisibilityTimeout: 30 });
    const stale = await rejection(change(first?.ReceiptHandle, 10));
    const invalid = await rejection(change('not-a-handle', 10));
    await sqs.send(
      new DeleteMessageCommand({ QueueUrl: url, ReceiptHandle: second?.ReceiptHandle }),
    );
    const deleted = await rejection(change(second?.ReceiptHandle, 10));

    // Assess
    expect(tooLong).toMatchObject({ name: 'InvalidParameterValue', status: 400 });
    expect(expired).toMatchObject({
      name: 'MessageNotInflight',
      code: 'AWS.SimpleQueueService.MessageNotInflight',
    });
    expect(stale.name).toBe('MessageNotInflight');
    expect(invalid).toMatchObject({ name: 'ReceiptHandleIsInvalid', status: 404 });
    expect(deleted.name).toBe('ReceiptHandleIsInvalid');
  });

  it('refuses a visibility change reaching beyond 12 hours after the receive', async () => {
    // Prepare
    await sqs.send(new SendMessageCommand({ QueueUrl: url, MessageBody: 'job' }));
    const [message] = await receive({ VisibilityTimeout: 43_200 });
    now += 3_600_000;

    // Act
    const beyond = await rejection(
      sqs.send(
        new ChangeMessageVisibilityCommand({
          QueueUrl: url,
          ReceiptHandle: message?.ReceiptHandle,
          VisibilityTimeout: 39_601,
        }),
      ),
    );
    await sqs.send(
      new ChangeMessageVisibilityCommand({
        QueueUrl: url,
        ReceiptHandle: message?.ReceiptHandle,
        VisibilityTimeout: 39_600,
      }),
    );

    // Assess
    expect(beyond.name).toBe('InvalidParameterValue');
    expect(beyond.message).toContain('43200');
  });

  it('receives up to MaxNumberOfMessages, oldest first', async () => {
    // Prepare
    for (const body of ['a', 'b', 'c', 'd']) {
      await sqs.send(new SendMessageCommand({ QueueUrl: url, MessageBody: body }));
    }

    // Act
    const three = await receive({ MaxNumberOfMessages: 3 });
    const rest = await receive({ MaxNumberOfMessages: 10 });
    const tooMany = await rejection(receive({ MaxNumberOfMessages: 11 }));
    const tooLongWait = await rejection(receive({ WaitTimeSeconds: 21 }));
    const badVisibility = await rejection(receive({ VisibilityTimeout: -1 }));

    // Assess
    expect(three.map((m) => m.Body)).toEqual(['a', 'b', 'c']);
    expect(rest.map((m) => m.Body)).toEqual(['d']);
    expect(tooMany).toMatchObject({ name: 'InvalidParameterValue', status: 400 });
    expect(tooMany.message).toContain('MaxNumberOfMessages');
    expect(tooLongWait.message).toContain('WaitTimeSeconds');
    expect(badVisibility.name).toBe('InvalidParameterValue');
  });

  it('refuses messages as SQS does: delay out of range, empty body, bad characters, too long', async () => {
    // Prepare
    const smallUrl = await createQueue(sqs, 'small', { MaximumMessageSize: '262144' });
    const send = (input: { QueueUrl?: string; MessageBody?: string; DelaySeconds?: number }) =>
      sqs.send(new SendMessageCommand({ QueueUrl: url, MessageBody: 'x', ...input }));

    // Act
    const delay = await rejection(send({ DelaySeconds: 901 }));
    const negative = await rejection(send({ DelaySeconds: -1 }));
    const empty = await rejection(send({ MessageBody: '' }));
    const control = await rejection(send({ MessageBody: 'bell\u0007' }));
    const tooLong = await rejection(send({ QueueUrl: smallUrl, MessageBody: 'x'.repeat(262_145) }));
    const exact = await send({ QueueUrl: smallUrl, MessageBody: 'x'.repeat(262_144) });
    const overDefault = await rejection(send({ MessageBody: 'x'.repeat(1_048_577) }));
    const maxDelay = await send({ DelaySeconds: 900 });

    // Assess
    expect(delay).toMatchObject({
      name: 'InvalidParameterValue',
      message:
        'Value 901 for parameter DelaySeconds is invalid. Reason: DelaySeconds must be >= 0 and <= 900.',
    });
    expect(negative.name).toBe('InvalidParameterValue');
    expect(empty).toMatchObject({
      name: 'MissingParameter',
      message: 'The request must contain the parameter MessageBody.',
    });
    expect(control.name).toBe('InvalidMessageContents');
    expect(tooLong).toMatchObject({
      name: 'InvalidParameterValue',
      message:
        'One or more parameters are invalid. Reason: Message must be shorter than 262144 bytes.',
    });
    expect(exact.MessageId).toEqual(expect.any(String));
    expect(overDefault.message).toContain('1048576 bytes');
    expect(maxDelay.MessageId).toEqual(expect.any(String));
  });

  it('counts attributes against the size limit and refuses malformed ones', async () => {
    // Prepare
    const smallUrl = await createQueue(sqs, 'small', { MaximumMessageSize: '1024' });
    const send = (attributes: Record<string, MessageAttributeValue>, queue = url) =>
      sqs.send(
        new SendMessageCommand({
          QueueUrl: queue,
          MessageBody: 'x',
          MessageAttributes: attributes,
        }),
      );
    const eleven = Object.fromEntries(
      Array.from({ length: 11 }, (_, i) => [`a${i}`, { DataType: 'String', StringValue: 'v' }]),
    );

    // Act
    const oversize = await rejection(
      send({ big: { DataType: 'String', StringValue: 'y'.repeat(1_020) } }, smallUrl),
    );
    const tooMany = await rejection(send(eleven));
    const type = await rejection(send({ a: { DataType: 'Date', StringValue: 'today' } }));
    const empty = await rejection(send({ a: { DataType: 'String', StringValue: '' } }));
    const number = await rejection(send({ a: { DataType: 'Number', StringValue: 'twelve' } }));
    const reserved = await rejection(
      send({ 'AWS.trace': { DataType: 'String', StringValue: 'x' } }),
    );

    // Assess
    expect(oversize.message).toContain('shorter than 1024 bytes');
    expect(tooMany.message).toBe(
      'Number of message attributes [11] exceeds the allowed maximum [10].',
    );
    for (const failure of [type, empty, number, reserved]) {
      expect(failure.name).toBe('InvalidParameterValue');
    }
  });

  it('sends a batch, reporting refused entries apart', async () => {
    // Act
    const out = await sqs.send(
      new SendMessageBatchCommand({
        QueueUrl: url,
        Entries: [
          { Id: 'one', MessageBody: 'first' },
          { Id: 'two', MessageBody: 'second', DelaySeconds: 901 },
          { Id: 'three', MessageBody: 'third' },
        ],
      }),
    );
    const received = await receive({ MaxNumberOfMessages: 10 });
    const empty = await rejection(
      sqs.send(new SendMessageBatchCommand({ QueueUrl: url, Entries: [] })),
    );
    const repeated = await rejection(
      sqs.send(
        new SendMessageBatchCommand({
          QueueUrl: url,
          Entries: [
            { Id: 'same', MessageBody: 'a' },
            { Id: 'same', MessageBody: 'b' },
          ],
        }),
      ),
    );
    const eleven = await rejection(
      sqs.send(
        new SendMessageBatchCommand({
          QueueUrl: url,
          Entries: Array.from({ length: 11 }, (_, i) => ({ Id: `m${i}`, MessageBody: 'x' })),
        }),
      ),
    );

    // Assess
    expect(out.Successful?.map((entry) => entry.Id)).toEqual(['one', 'three']);
    expect(out.Successful?.[0]?.MD5OfMessageBody).toBe(
      createHash('md5').update('first').digest('hex'),
    );
    expect(out.Failed).toEqual([
      {
        Id: 'two',
        SenderFault: true,
        Code: 'InvalidParameterValue',
        Message: expect.stringContaining('DelaySeconds'),
      },
    ]);
    expect(received.map((m) => m.Body)).toEqual(['first', 'third']);
    expect(empty).toMatchObject({
      name: 'EmptyBatchRequest',
      code: 'AWS.SimpleQueueService.EmptyBatchRequest',
    });
    expect(repeated.name).toBe('BatchEntryIdsNotDistinct');
    expect(eleven.name).toBe('TooManyEntriesInBatchRequest');
  });

  it('deletes a batch by receipt handles, reporting invalid handles apart', async () => {
    // Prepare
    await sqs.send(new SendMessageCommand({ QueueUrl: url, MessageBody: 'a' }));
    await sqs.send(new SendMessageCommand({ QueueUrl: url, MessageBody: 'b' }));
    const [a, b] = await receive({ MaxNumberOfMessages: 2, VisibilityTimeout: 0 });

    // Act
    const out = await sqs.send(
      new DeleteMessageBatchCommand({
        QueueUrl: url,
        Entries: [
          { Id: 'a', ReceiptHandle: a?.ReceiptHandle },
          { Id: 'b', ReceiptHandle: b?.ReceiptHandle },
          { Id: 'bad', ReceiptHandle: 'nope' },
        ],
      }),
    );
    const left = await receive();

    // Assess
    expect(out.Successful).toEqual([{ Id: 'a' }, { Id: 'b' }]);
    expect(out.Failed).toEqual([
      expect.objectContaining({ Id: 'bad', SenderFault: true, Code: 'ReceiptHandleIsInvalid' }),
    ]);
    expect(left).toEqual([]);
  });

  it('drops messages older than the retention period', async () => {
    // Prepare
    const shortUrl = await createQueue(sqs, 'short', { MessageRetentionPeriod: '60' });
    await sqs.send(new SendMessageCommand({ QueueUrl: shortUrl, MessageBody: 'old' }));

    // Act
    now += 60_000;
    const received = await sqs.send(new ReceiveMessageCommand({ QueueUrl: shortUrl }));

    // Assess
    expect(received.Messages).toBeUndefined();
  });
});
