import {
  CreateTopicCommand,
  DeleteTopicCommand,
  GetTopicAttributesCommand,
  ListSubscriptionsByTopicCommand,
  ListTopicsCommand,
  PublishCommand,
  type PublishCommandInput,
  SNSClient,
  SubscribeCommand,
} from '@aws-sdk/client-sns';
import { type Sandbox, startSandbox } from '../../../sandbox/index.js';
import { REGION, temporaryDirectory } from '../helpers.js';

const NOW = new Date('2026-05-01T08:30:00.000Z');
const ARN = `arn:aws:sns:${REGION}:000000000000`;

function snsClient(sandbox: Sandbox): SNSClient {
  return new SNSClient({
    endpoint: sandbox.url,
    region: REGION,
    credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
    maxAttempts: 1,
  });
}

/** The error an SNS call fails with: its name, message and HTTP status. */
async function rejection(call: Promise<unknown>): Promise<Record<string, unknown>> {
  try {
    await call;
  } catch (error) {
    const failure = error as Error & { $metadata: { httpStatusCode?: number }; Code?: string };
    return {
      name: failure.name,
      message: failure.message,
      status: failure.$metadata.httpStatusCode,
    };
  }
  throw new Error('the call succeeded');
}

async function messages(sandbox: Sandbox): Promise<unknown> {
  return (await fetch(`${sandbox.url}/_sandbox/sns/messages`)).json();
}

describe('SNS emulation', () => {
  let sandbox: Sandbox;
  let sns: SNSClient;

  beforeAll(async () => {
    sandbox = await startSandbox({ port: 0, clock: () => NOW });
    sns = snsClient(sandbox);
  });

  afterAll(async () => {
    sns.destroy();
    await sandbox.close();
  });

  beforeEach(async () => {
    await sandbox.reset();
  });

  async function topic(name = 'alerts'): Promise<string> {
    const created = await sns.send(new CreateTopicCommand({ Name: name }));
    return created.TopicArn ?? '';
  }

  it('creates a topic idempotently by name, with its attributes and tags', async () => {
    // Act
    const first = await sns.send(
      new CreateTopicCommand({
        Name: 'alerts',
        Attributes: { DisplayName: 'Plumbline alerts' },
        Tags: [{ Key: 'team', Value: 'platform' }],
      }),
    );
    const again = await sns.send(new CreateTopicCommand({ Name: 'alerts' }));
    const attributes = await sns.send(new GetTopicAttributesCommand({ TopicArn: first.TopicArn }));
    const conflict = await rejection(
      sns.send(
        new CreateTopicCommand({ Name: 'alerts', Attributes: { DisplayName: 'Something else' } }),
      ),
    );

    // Assess
    expect(first.TopicArn).toBe(`${ARN}:alerts`);
    expect(again.TopicArn).toBe(`${ARN}:alerts`);
    expect(attributes.Attributes).toMatchObject({
      TopicArn: `${ARN}:alerts`,
      Owner: '000000000000',
      DisplayName: 'Plumbline alerts',
      SubscriptionsConfirmed: '0',
      SubscriptionsPending: '0',
      SubscriptionsDeleted: '0',
    });
    expect(JSON.parse(attributes.Attributes?.Policy ?? '{}')).toMatchObject({
      Statement: [{ Resource: `${ARN}:alerts` }],
    });
    expect(conflict).toEqual({
      name: 'InvalidParameterException',
      message:
        'Invalid parameter: Attributes Reason: Topic already exists with different attributes',
      status: 400,
    });
  });

  it('refuses an invalid topic name and an unknown attribute', async () => {
    // Act
    const name = await rejection(sns.send(new CreateTopicCommand({ Name: 'no spaces' })));
    const attribute = await rejection(
      sns.send(new CreateTopicCommand({ Name: 'ok', Attributes: { Colour: 'blue' } })),
    );

    // Assess
    expect(name).toEqual({
      name: 'InvalidParameterException',
      message: 'Invalid parameter: Topic Name',
      status: 400,
    });
    expect(attribute).toMatchObject({ message: 'Invalid parameter: AttributeName' });
  });

  it('answers NotFound for the attributes of a topic that does not exist', async () => {
    // Act
    const missing = await rejection(
      sns.send(new GetTopicAttributesCommand({ TopicArn: `${ARN}:gone` })),
    );

    // Assess
    expect(missing).toEqual({
      name: 'NotFoundException',
      message: 'Topic does not exist',
      status: 404,
    });
  });

  it('lists topics 100 per page with a NextToken', async () => {
    // Prepare
    const names = Array.from({ length: 130 }, (_, i) => `topic-${String(i).padStart(3, '0')}`);
    for (const name of names) await topic(name);

    // Act
    const first = await sns.send(new ListTopicsCommand({}));
    const second = await sns.send(new ListTopicsCommand({ NextToken: first.NextToken }));
    const bad = await rejection(sns.send(new ListTopicsCommand({ NextToken: 'garbage' })));

    // Assess
    expect(first.Topics).toHaveLength(100);
    expect(first.Topics?.[0]?.TopicArn).toBe(`${ARN}:topic-000`);
    expect(first.NextToken).toEqual(expect.any(String));
    expect(second.Topics?.map((t) => t.TopicArn)).toEqual(
      names.slice(100).map((name) => `${ARN}:${name}`),
    );
    expect(second.NextToken).toBeUndefined();
    expect(bad).toMatchObject({ name: 'InvalidParameterException', status: 400 });
  });

  it('subscribes: queues are confirmed at once, email and https endpoints are pending confirmation', async () => {
    // Prepare
    const arn = await topic();

    // Act
    const queue = await sns.send(
      new SubscribeCommand({
        TopicArn: arn,
        Protocol: 'sqs',
        Endpoint: `arn:aws:sqs:${REGION}:000000000000:alerts-queue`,
      }),
    );
    const email = await sns.send(
      new SubscribeCommand({ TopicArn: arn, Protocol: 'email', Endpoint: 'oncall@example.com' }),
    );
    const https = await sns.send(
      new SubscribeCommand({
        TopicArn: arn,
        Protocol: 'https',
        Endpoint: 'https://hooks.example.com/sns',
        ReturnSubscriptionArn: true,
      }),
    );
    const listed = await sns.send(new ListSubscriptionsByTopicCommand({ TopicArn: arn }));
    const attributes = await sns.send(new GetTopicAttributesCommand({ TopicArn: arn }));

    // Assess
    expect(queue.SubscriptionArn).toMatch(new RegExp(`^${arn}:[0-9a-f-]{36}$`));
    expect(email.SubscriptionArn).toBe('pending confirmation');
    expect(https.SubscriptionArn).toMatch(new RegExp(`^${arn}:[0-9a-f-]{36}$`));
    expect(listed.Subscriptions?.map((s) => [s.Protocol, s.Endpoint, s.SubscriptionArn])).toEqual([
      ['sqs', `arn:aws:sqs:${REGION}:000000000000:alerts-queue`, queue.SubscriptionArn],
      ['email', 'oncall@example.com', 'PendingConfirmation'],
      ['https', 'https://hooks.example.com/sns', 'PendingConfirmation'],
    ]);
    expect(attributes.Attributes).toMatchObject({
      SubscriptionsConfirmed: '1',
      SubscriptionsPending: '2',
    });
  });

  it('refuses a protocol SNS does not know and an endpoint that does not fit the protocol', async () => {
    // Prepare
    const arn = await topic();

    // Act
    const protocol = await rejection(
      sns.send(new SubscribeCommand({ TopicArn: arn, Protocol: 'pigeon', Endpoint: 'x' })),
    );
    const endpoint = await rejection(
      sns.send(new SubscribeCommand({ TopicArn: arn, Protocol: 'sqs', Endpoint: 'my-queue' })),
    );

    // Assess
    expect(protocol).toEqual({
      name: 'InvalidParameterException',
      message: 'Invalid parameter: Amazon SNS does not support this protocol string: pigeon',
      status: 400,
    });
    expect(endpoint).toMatchObject({ message: 'Invalid parameter: SQS endpoint ARN' });
  });

  it('publishes with a subject and message attributes, readable at /_sandbox/sns/messages in order', async () => {
    // Prepare
    const arn = await topic();

    // Act
    const first = await sns.send(
      new PublishCommand({
        TopicArn: arn,
        Subject: 'P1: dev drifted',
        Message: 'services.api.desiredCount: 2 -> 3',
        MessageAttributes: {
          tier: { DataType: 'String', StringValue: 'P1' },
          drifts: { DataType: 'Number', StringValue: '1' },
          digest: { DataType: 'Binary', BinaryValue: new Uint8Array([1, 2, 3]) },
        },
      }),
    );
    const second = await sns.send(new PublishCommand({ TopicArn: arn, Message: 'in sync' }));
    const published = await messages(sandbox);

    // Assess
    expect(first.MessageId).toMatch(/^[0-9a-f-]{36}$/);
    expect(published).toEqual([
      {
        messageId: first.MessageId,
        topicArn: arn,
        subject: 'P1: dev drifted',
        message: 'services.api.desiredCount: 2 -> 3',
        messageAttributes: {
          tier: { DataType: 'String', StringValue: 'P1' },
          drifts: { DataType: 'Number', StringValue: '1' },
          digest: { DataType: 'Binary', BinaryValue: 'AQID' },
        },
        timestamp: '2026-05-01T08:30:00.000Z',
      },
      {
        messageId: second.MessageId,
        topicArn: arn,
        message: 'in sync',
        messageAttributes: {},
        timestamp: '2026-05-01T08:30:00.000Z',
      },
    ]);
  });

  it('filters the published messages by topic', async () => {
    // Prepare
    const alerts = await topic('alerts');
    const audit = await topic('audit');
    await sns.send(new PublishCommand({ TopicArn: alerts, Message: 'a' }));
    await sns.send(new PublishCommand({ TopicArn: audit, Message: 'b' }));

    // Act
    const response = await fetch(
      `${sandbox.url}/_sandbox/sns/messages?topicArn=${encodeURIComponent(audit)}`,
    );

    // Assess
    expect(((await response.json()) as Array<{ message: string }>).map((m) => m.message)).toEqual([
      'b',
    ]);
  });

  it.each([
    ['100 characters', 'x'.repeat(100)],
    ['a line break', 'drift\nin dev'],
    ['a leading space', ' drift'],
    ['nothing', ''],
  ])('refuses a subject of %s with InvalidParameter', async (_what, subject) => {
    // Prepare
    const arn = await topic();

    // Act
    const refused = await rejection(
      sns.send(new PublishCommand({ TopicArn: arn, Message: 'm', Subject: subject })),
    );

    // Assess
    expect(refused).toEqual({
      name: 'InvalidParameterException',
      message: 'Invalid parameter: Subject',
      status: 400,
    });
    expect(await messages(sandbox)).toEqual([]);
  });

  it('accepts a subject of 99 characters', async () => {
    // Prepare
    const arn = await topic();

    // Act
    const published = await sns.send(
      new PublishCommand({ TopicArn: arn, Message: 'm', Subject: 'x'.repeat(99) }),
    );

    // Assess
    expect(published.MessageId).toEqual(expect.any(String));
  });

  it('refuses a message over 262,144 bytes, attributes included, and accepts one of exactly that size', async () => {
    // Prepare
    const arn = await topic();
    const publish = (input: Omit<PublishCommandInput, 'TopicArn'>) =>
      sns.send(new PublishCommand({ TopicArn: arn, ...input }));

    // Act
    const largest = await publish({ Message: 'x'.repeat(262_144) });
    const tooLong = await rejection(publish({ Message: 'x'.repeat(262_145) }));
    // 'é' is two bytes in UTF-8: 131,073 of them are 262,146 bytes.
    const tooManyBytes = await rejection(publish({ Message: 'é'.repeat(131_073) }));
    // 262,136 + 'k' (1) + 'String' (6) + 'v' (1) = 262,144 bytes; one more byte is too many.
    const withAttributes = await rejection(
      publish({
        Message: 'x'.repeat(262_137),
        MessageAttributes: { k: { DataType: 'String', StringValue: 'v' } },
      }),
    );

    // Assess
    expect(largest.MessageId).toEqual(expect.any(String));
    const expected = {
      name: 'InvalidParameterException',
      message: 'Invalid parameter: Message too long',
      status: 400,
    };
    expect(tooLong).toEqual(expected);
    expect(tooManyBytes).toEqual(expected);
    expect(withAttributes).toEqual(expected);
  });

  it('refuses an empty message and malformed message attributes', async () => {
    // Prepare
    const arn = await topic();

    // Act
    const empty = await rejection(sns.send(new PublishCommand({ TopicArn: arn, Message: '' })));
    const notANumber = await rejection(
      sns.send(
        new PublishCommand({
          TopicArn: arn,
          Message: 'm',
          MessageAttributes: { count: { DataType: 'Number', StringValue: 'many' } },
        }),
      ),
    );
    const badType = await rejection(
      sns.send(
        new PublishCommand({
          TopicArn: arn,
          Message: 'm',
          MessageAttributes: { tier: { DataType: 'Text', StringValue: 'P1' } },
        }),
      ),
    );

    // Assess
    expect(empty).toEqual({
      name: 'InvalidParameterException',
      message: 'Invalid parameter: Empty message',
      status: 400,
    });
    expect(notANumber).toEqual({
      name: 'InvalidParameterValueException',
      message: "Could not cast message attribute 'count' value to number.",
      status: 400,
    });
    expect(badType).toMatchObject({
      name: 'InvalidParameterValueException',
      message:
        "The message attribute 'tier' has an invalid message attribute type, the set of supported type prefixes is Binary, Number, and String.",
    });
  });

  it('answers NotFound to a publish to a topic that does not exist', async () => {
    // Act
    const missing = await rejection(
      sns.send(new PublishCommand({ TopicArn: `${ARN}:gone`, Message: 'm' })),
    );
    const deleted = await topic('short-lived');
    await sns.send(new DeleteTopicCommand({ TopicArn: deleted }));
    const afterDelete = await rejection(
      sns.send(new PublishCommand({ TopicArn: deleted, Message: 'm' })),
    );

    // Assess
    expect(missing).toEqual({
      name: 'NotFoundException',
      message: 'Topic does not exist',
      status: 404,
    });
    expect(afterDelete).toMatchObject({ name: 'NotFoundException', status: 404 });
  });

  it('keeps topics apart per region', async () => {
    // Prepare
    await topic('alerts');
    const elsewhere = new SNSClient({
      endpoint: sandbox.url,
      region: 'us-east-1',
      credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
      maxAttempts: 1,
    });

    // Act
    const listed = await elsewhere.send(new ListTopicsCommand({}));
    elsewhere.destroy();

    // Assess
    expect(listed.Topics).toEqual([]);
  });

  it('clears the published messages on POST /_sandbox/reset', async () => {
    // Prepare
    const arn = await topic();
    await sns.send(new PublishCommand({ TopicArn: arn, Message: 'm' }));

    // Act
    await fetch(`${sandbox.url}/_sandbox/reset`, { method: 'POST' });

    // Assess
    expect(await messages(sandbox)).toEqual([]);
  });

  it('counts SNS calls in the stats', async () => {
    // Prepare
    const arn = await topic();

    // Act
    await sns.send(new PublishCommand({ TopicArn: arn, Message: 'm' }));

    // Assess
    expect(sandbox.stats().byService.SNS).toEqual({ CreateTopic: 1, Publish: 1 });
  });
});

describe('SNS across a restart', () => {
  it('keeps topics, subscriptions and published messages in the data directory', async () => {
    // Prepare
    const dataDir = await temporaryDirectory();
    const first = await startSandbox({ port: 0, dataDir: dataDir.path });
    const before = snsClient(first);
    const { TopicArn } = await before.send(new CreateTopicCommand({ Name: 'alerts' }));
    await before.send(
      new SubscribeCommand({ TopicArn, Protocol: 'email', Endpoint: 'oncall@example.com' }),
    );
    await before.send(new PublishCommand({ TopicArn, Message: 'kept', Subject: 'P2' }));
    before.destroy();
    await first.close();

    // Act
    const second = await startSandbox({ port: 0, dataDir: dataDir.path });
    const after = snsClient(second);
    const listed = await after.send(new ListTopicsCommand({}));
    const subscriptions = await after.send(new ListSubscriptionsByTopicCommand({ TopicArn }));
    const published = (await messages(second)) as Array<{ message: string; subject: string }>;
    after.destroy();
    await second.close();
    await dataDir.remove();

    // Assess
    expect(listed.Topics).toEqual([{ TopicArn: `${ARN}:alerts` }]);
    expect(subscriptions.Subscriptions?.map((s) => s.Endpoint)).toEqual(['oncall@example.com']);
    expect(published.map((m) => [m.subject, m.message])).toEqual([['P2', 'kept']]);
  });
});
