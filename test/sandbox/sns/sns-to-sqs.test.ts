import {
  CreateTopicCommand,
  GetSubscriptionAttributesCommand,
  PublishCommand,
  type PublishCommandInput,
  SetSubscriptionAttributesCommand,
  SNSClient,
  SubscribeCommand,
} from '@aws-sdk/client-sns';
import { type Message, ReceiveMessageCommand, type SQSClient } from '@aws-sdk/client-sqs';
import { type Sandbox, startSandbox } from '../../../sandbox/index.js';
import { ACCOUNT, REGION } from '../helpers.js';
import { createQueue, rejection, sqsClient } from '../sqs/sqs-support.js';

const NOW = new Date('2026-05-01T08:30:00.000Z');

interface Envelope {
  Type: string;
  MessageId: string;
  TopicArn: string;
  Subject?: string;
  Message: string;
  Timestamp: string;
  SignatureVersion: string;
  Signature: string;
  SigningCertURL: string;
  UnsubscribeURL: string;
  MessageAttributes?: Record<string, { Type: string; Value: string }>;
}

describe('SNS delivery to SQS', () => {
  let sandbox: Sandbox;
  let sns: SNSClient;
  let sqs: SQSClient;
  let topicArn: string;
  let queueUrl: string;
  const queueArn = `arn:aws:sqs:${REGION}:${ACCOUNT}:alerts-queue`;

  beforeAll(async () => {
    sandbox = await startSandbox({ port: 0, clock: () => NOW });
    sns = new SNSClient({
      endpoint: sandbox.url,
      region: REGION,
      credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
      maxAttempts: 1,
    });
    sqs = sqsClient(sandbox);
  });

  afterAll(async () => {
    sns.destroy();
    sqs.destroy();
    await sandbox.close();
  });

  beforeEach(async () => {
    await sandbox.reset();
    topicArn = (await sns.send(new CreateTopicCommand({ Name: 'alerts' }))).TopicArn ?? '';
    queueUrl = await createQueue(sqs, 'alerts-queue');
  });

  async function subscribe(attributes: Record<string, string> = {}): Promise<string> {
    const out = await sns.send(
      new SubscribeCommand({
        TopicArn: topicArn,
        Protocol: 'sqs',
        Endpoint: queueArn,
        Attributes: attributes,
      }),
    );
    return out.SubscriptionArn ?? '';
  }

  async function publish(input: Partial<PublishCommandInput> = {}): Promise<string> {
    const out = await sns.send(
      new PublishCommand({ TopicArn: topicArn, Message: 'drift found', ...input }),
    );
    return out.MessageId ?? '';
  }

  async function delivered(): Promise<Message[]> {
    const out = await sqs.send(
      new ReceiveMessageCommand({
        QueueUrl: queueUrl,
        MaxNumberOfMessages: 10,
        MessageAttributeNames: ['All'],
      }),
    );
    return out.Messages ?? [];
  }

  it('delivers the JSON notification envelope to a subscribed queue', async () => {
    // Prepare
    const subscriptionArn = await subscribe();

    // Act
    const messageId = await publish({
      Subject: 'P0 drift',
      MessageAttributes: {
        priority: { DataType: 'String', StringValue: 'P0' },
        attempt: { DataType: 'Number', StringValue: '2' },
      },
    });
    const [message] = await delivered();
    const envelope = JSON.parse(message?.Body ?? '{}') as Envelope;

    // Assess
    expect(subscriptionArn).toMatch(new RegExp(`^${topicArn}:`));
    expect(message?.MessageAttributes).toBeUndefined();
    expect(envelope).toEqual({
      Type: 'Notification',
      MessageId: messageId,
      TopicArn: topicArn,
      Subject: 'P0 drift',
      Message: 'drift found',
      Timestamp: NOW.toISOString(),
      SignatureVersion: '1',
      Signature: expect.stringMatching(/^[A-Za-z0-9+/]+=*$/),
      SigningCertURL: expect.stringMatching(
        new RegExp(
          `^https://sns\\.${REGION}\\.amazonaws\\.com/SimpleNotificationService-.+\\.pem$`,
        ),
      ),
      UnsubscribeURL: `https://sns.${REGION}.amazonaws.com/?Action=Unsubscribe&SubscriptionArn=${subscriptionArn}`,
      MessageAttributes: {
        priority: { Type: 'String', Value: 'P0' },
        attempt: { Type: 'Number', Value: '2' },
      },
    });
  });

  it('leaves Subject and MessageAttributes out of the envelope when the publish had none', async () => {
    // Prepare
    await subscribe();

    // Act
    await publish();
    const [message] = await delivered();
    const envelope = JSON.parse(message?.Body ?? '{}') as Record<string, unknown>;

    // Assess
    expect(Object.keys(envelope).sort()).toEqual([
      'Message',
      'MessageId',
      'Signature',
      'SignatureVersion',
      'SigningCertURL',
      'Timestamp',
      'TopicArn',
      'Type',
      'UnsubscribeURL',
    ]);
  });

  it('delivers the raw message with its attributes when RawMessageDelivery is true', async () => {
    // Prepare
    const subscriptionArn = await subscribe();
    await sns.send(
      new SetSubscriptionAttributesCommand({
        SubscriptionArn: subscriptionArn,
        AttributeName: 'RawMessageDelivery',
        AttributeValue: 'true',
      }),
    );

    // Act
    await publish({
      Subject: 'ignored in raw mode',
      MessageAttributes: { priority: { DataType: 'String', StringValue: 'P1' } },
    });
    const [message] = await delivered();
    const attributes = await sns.send(
      new GetSubscriptionAttributesCommand({ SubscriptionArn: subscriptionArn }),
    );

    // Assess
    expect(message?.Body).toBe('drift found');
    expect(message?.MessageAttributes).toEqual({
      priority: { DataType: 'String', StringValue: 'P1' },
    });
    expect(attributes.Attributes).toMatchObject({
      RawMessageDelivery: 'true',
      Protocol: 'sqs',
      Endpoint: queueArn,
      PendingConfirmation: 'false',
    });
  });

  it('takes RawMessageDelivery from Subscribe attributes and refuses a value that is not a boolean', async () => {
    // Prepare
    await subscribe({ RawMessageDelivery: 'true' });

    // Act
    await publish();
    const [message] = await delivered();
    const refused = await rejection(
      sns.send(
        new SubscribeCommand({
          TopicArn: topicArn,
          Protocol: 'sqs',
          Endpoint: `arn:aws:sqs:${REGION}:${ACCOUNT}:other`,
          Attributes: { RawMessageDelivery: 'yes' },
        }),
      ),
    );

    // Assess
    expect(message?.Body).toBe('drift found');
    expect(refused.name).toBe('InvalidParameterException');
  });

  it('delivers only what passes the subscription’s filter policy', async () => {
    // Prepare
    await subscribe({
      RawMessageDelivery: 'true',
      FilterPolicy: JSON.stringify({ priority: ['P0', 'P1'], environment: [{ prefix: 'prod' }] }),
    });
    const attributes = (priority: string, environment: string) => ({
      priority: { DataType: 'String', StringValue: priority },
      environment: { DataType: 'String', StringValue: environment },
    });

    // Act
    await publish({ Message: 'kept', MessageAttributes: attributes('P0', 'prod-eu') });
    await publish({ Message: 'low priority', MessageAttributes: attributes('P3', 'prod-eu') });
    await publish({ Message: 'staging', MessageAttributes: attributes('P1', 'staging') });
    await publish({ Message: 'no attributes' });
    const bodies = (await delivered()).map((m) => m.Body);

    // Assess
    expect(bodies).toEqual(['kept']);
  });

  it('matches numeric, anything-but and exists conditions on attributes', async () => {
    // Prepare
    await subscribe({
      RawMessageDelivery: 'true',
      FilterPolicy: JSON.stringify({
        attempt: [{ numeric: ['>', 0, '<=', 3] }],
        environment: [{ 'anything-but': ['dev', 'test'] }],
        muted: [{ exists: false }],
      }),
    });
    const send = (message: string, attributes: Record<string, [string, string]>) =>
      publish({
        Message: message,
        MessageAttributes: Object.fromEntries(
          Object.entries(attributes).map(([name, [DataType, StringValue]]) => [
            name,
            { DataType, StringValue },
          ]),
        ),
      });

    // Act
    await send('kept', { attempt: ['Number', '2'], environment: ['String', 'prod'] });
    await send('too many attempts', { attempt: ['Number', '4'], environment: ['String', 'prod'] });
    await send('dev', { attempt: ['Number', '1'], environment: ['String', 'dev'] });
    await send('muted', {
      attempt: ['Number', '1'],
      environment: ['String', 'prod'],
      muted: ['String', 'yes'],
    });
    const bodies = (await delivered()).map((m) => m.Body);

    // Assess
    expect(bodies).toEqual(['kept']);
  });

  it('matches a MessageBody-scoped filter policy against the JSON message', async () => {
    // Prepare
    await subscribe({
      RawMessageDelivery: 'true',
      FilterPolicyScope: 'MessageBody',
      FilterPolicy: JSON.stringify({
        event_action: ['trigger'],
        payload: { severity: ['critical'] },
      }),
    });
    const event = (action: string, severity: string) =>
      JSON.stringify({ event_action: action, payload: { severity, summary: 's' } });

    // Act
    await publish({ Message: event('trigger', 'critical') });
    await publish({ Message: event('resolve', 'critical') });
    await publish({ Message: event('trigger', 'info') });
    await publish({ Message: 'not json' });
    const bodies = (await delivered()).map((m) => JSON.parse(m.Body ?? 'null'));

    // Assess
    expect(bodies).toEqual([
      { event_action: 'trigger', payload: { severity: 'critical', summary: 's' } },
    ]);
  });

  it('delivers the sqs entry of a MessageStructure=json message, else its default', async () => {
    // Prepare
    await subscribe({ RawMessageDelivery: 'true' });

    // Act
    await publish({
      MessageStructure: 'json',
      Message: JSON.stringify({ default: 'for everyone', sqs: 'for queues' }),
    });
    await publish({ MessageStructure: 'json', Message: JSON.stringify({ default: 'fallback' }) });
    const bodies = (await delivered()).map((m) => m.Body);

    // Assess
    expect(bodies).toEqual(['for queues', 'fallback']);
  });

  it('delivers to every subscribed queue, and to no queue that does not exist', async () => {
    // Prepare
    const secondUrl = await createQueue(sqs, 'audit');
    await subscribe();
    await sns.send(
      new SubscribeCommand({
        TopicArn: topicArn,
        Protocol: 'sqs',
        Endpoint: `arn:aws:sqs:${REGION}:${ACCOUNT}:audit`,
      }),
    );
    await sns.send(
      new SubscribeCommand({
        TopicArn: topicArn,
        Protocol: 'sqs',
        Endpoint: `arn:aws:sqs:${REGION}:${ACCOUNT}:not-created`,
      }),
    );

    // Act
    const messageId = await publish();
    const first = await delivered();
    const second = await sqs.send(new ReceiveMessageCommand({ QueueUrl: secondUrl }));
    const published = (await (
      await fetch(`${sandbox.url}/_sandbox/sns/messages`)
    ).json()) as Array<{
      messageId: string;
    }>;

    // Assess
    expect(first).toHaveLength(1);
    expect(second.Messages).toHaveLength(1);
    expect(JSON.parse(second.Messages?.[0]?.Body ?? '{}').MessageId).toBe(messageId);
    expect(published.map((m) => m.messageId)).toEqual([messageId]);
  });

  it('delivers nothing to a queue of another topic', async () => {
    // Prepare
    await subscribe();
    const other = (await sns.send(new CreateTopicCommand({ Name: 'other' }))).TopicArn;

    // Act
    await sns.send(new PublishCommand({ TopicArn: other, Message: 'elsewhere' }));
    const messages = await delivered();

    // Assess
    expect(messages).toEqual([]);
  });
});
