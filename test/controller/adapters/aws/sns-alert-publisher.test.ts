import {
  CreateTopicCommand,
  PublishCommand,
  SNSClient,
  SNSServiceException,
} from '@aws-sdk/client-sns';
import { mockClient } from 'aws-sdk-client-mock';
import {
  alertTopicArns,
  ensureAlertTopics,
  SnsAlertPublisher,
} from '../../../../controller/adapters/aws/sns-alert-publisher.js';
import type { AlertEvent } from '../../../../controller/model/alert.js';
import {
  AlertMessageInvalidError,
  AlertPublishError,
} from '../../../../controller/model/errors.js';

const snsMock = mockClient(SNSClient);
const client = new SNSClient({ region: 'eu-west-1' });
const ACCOUNT = '123456789012';
const REPORT = 'https://plumbline-reports.s3.eu-west-1.amazonaws.com/reports/prod/scan-1.html';

function event(overrides: Partial<AlertEvent> = {}): AlertEvent {
  return {
    action: 'trigger',
    dedupKey: 'plumbline/prod/ecs-service/prod-api/services.api.image',
    priority: 'P1',
    environment: 'prod',
    summary: 'prod: services.api.image is task-api:1.4.1, declared task-api:1.4.2',
    subject: '[P1] prod: services.api.image is task-api:1.4.1, declared task-api:1.4.2',
    source: 'prod/ecs-service/prod-api',
    timestamp: '2025-03-01T12:00:00.000Z',
    details: {
      path: 'services.api.image',
      declared: 'task-api:1.4.2',
      live: 'task-api:1.4.1',
      report: REPORT,
    },
    ...overrides,
  };
}

async function rejection(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error('expected a rejection');
}

describe('SnsAlertPublisher', () => {
  afterEach(() => {
    snsMock.reset();
  });

  it('publishes a PagerDuty v2 event to the priority topic of the account and client region, with filterable attributes', async () => {
    // Prepare
    snsMock.on(PublishCommand).resolves({ MessageId: 'm-1' });
    const publisher = new SnsAlertPublisher({ client, topics: { account: ACCOUNT } });

    // Act
    await publisher.publish(event());

    // Assess
    expect(snsMock).toHaveReceivedCommandWith(PublishCommand, {
      TopicArn: `arn:aws:sns:eu-west-1:${ACCOUNT}:plumbline-alerts-p1`,
    });
    const input = snsMock.commandCalls(PublishCommand)[0]?.args[0].input;
    expect(input).toEqual({
      TopicArn: `arn:aws:sns:eu-west-1:${ACCOUNT}:plumbline-alerts-p1`,
      Subject: '[P1] prod: services.api.image is task-api:1.4.1, declared task-api:1.4.2',
      Message: expect.any(String),
      MessageAttributes: {
        priority: { DataType: 'String', StringValue: 'P1' },
        environment: { DataType: 'String', StringValue: 'prod' },
        event_action: { DataType: 'String', StringValue: 'trigger' },
      },
    });
    expect(JSON.parse(input?.Message ?? '')).toEqual({
      event_action: 'trigger',
      dedup_key: 'plumbline/prod/ecs-service/prod-api/services.api.image',
      payload: {
        summary: 'prod: services.api.image is task-api:1.4.1, declared task-api:1.4.2',
        source: 'prod/ecs-service/prod-api',
        severity: 'error',
        timestamp: '2025-03-01T12:00:00.000Z',
        custom_details: {
          path: 'services.api.image',
          declared: 'task-api:1.4.2',
          live: 'task-api:1.4.1',
          report: REPORT,
        },
      },
      client: 'plumbline',
      client_url: REPORT,
    });
  });

  it('sends a resolve on the given topic map with its severity and without a client URL when no report was stored', async () => {
    // Prepare
    snsMock.on(PublishCommand).resolves({ MessageId: 'm-2' });
    const arns = {
      P0: 'arn:aws:sns:eu-west-1:1:page',
      P1: 'arn:aws:sns:eu-west-1:1:urgent',
      P2: 'arn:aws:sns:eu-west-1:1:ticket',
      P3: 'arn:aws:sns:eu-west-1:1:watch',
    };
    const publisher = new SnsAlertPublisher({ client, topics: { arns } });

    // Act
    await publisher.publish(
      event({
        action: 'resolve',
        priority: 'P3',
        subject: '[resolved] resolved: prod: desiredCount is 2',
        summary: 'resolved: prod: desiredCount is 2',
        details: { openedAt: '2025-03-01T10:00:00.000Z' },
      }),
    );

    // Assess
    const input = snsMock.commandCalls(PublishCommand)[0]?.args[0].input;
    expect(input?.TopicArn).toBe('arn:aws:sns:eu-west-1:1:watch');
    expect(input?.MessageAttributes?.event_action).toEqual({
      DataType: 'String',
      StringValue: 'resolve',
    });
    expect(JSON.parse(input?.Message ?? '')).toEqual({
      event_action: 'resolve',
      dedup_key: 'plumbline/prod/ecs-service/prod-api/services.api.image',
      payload: {
        summary: 'resolved: prod: desiredCount is 2',
        source: 'prod/ecs-service/prod-api',
        severity: 'info',
        timestamp: '2025-03-01T12:00:00.000Z',
        custom_details: { openedAt: '2025-03-01T10:00:00.000Z' },
      },
      client: 'plumbline',
    });
  });

  it('maps every priority onto its PagerDuty severity', async () => {
    // Prepare
    snsMock.on(PublishCommand).resolves({});
    const publisher = new SnsAlertPublisher({ client, topics: { account: ACCOUNT } });

    // Act
    for (const priority of ['P0', 'P1', 'P2', 'P3'] as const) {
      await publisher.publish(event({ priority }));
    }

    // Assess
    const sent = snsMock.commandCalls(PublishCommand).map((c) => {
      const body = JSON.parse(c.args[0].input.Message ?? '');
      return [c.args[0].input.TopicArn, body.payload.severity];
    });
    expect(sent).toEqual([
      [`arn:aws:sns:eu-west-1:${ACCOUNT}:plumbline-alerts-p0`, 'critical'],
      [`arn:aws:sns:eu-west-1:${ACCOUNT}:plumbline-alerts-p1`, 'error'],
      [`arn:aws:sns:eu-west-1:${ACCOUNT}:plumbline-alerts-p2`, 'warning'],
      [`arn:aws:sns:eu-west-1:${ACCOUNT}:plumbline-alerts-p3`, 'info'],
    ]);
  });

  it('refuses a message over 262,144 bytes with its attributes before calling SNS', async () => {
    // Prepare
    const publisher = new SnsAlertPublisher({ client, topics: { account: ACCOUNT } });
    const big = event({ details: { live: 'x'.repeat(262_144) } });

    // Act
    const error = await rejection(publisher.publish(big));

    // Assess
    expect(error).toBeInstanceOf(AlertMessageInvalidError);
    expect(error).toMatchObject({ field: 'Message', terminal: true });
    expect((error as Error).message).toMatch(
      /^alert plumbline\/prod\/ecs-service\/prod-api\/services\.api\.image: Message is 262\d{3} bytes with its attributes, over SNS's 262144$/,
    );
    expect(snsMock).toHaveReceivedCommandTimes(PublishCommand, 0);
  });

  it('publishes a message of exactly 262,144 bytes with its attributes and refuses one byte more', async () => {
    // Prepare: what SNS counts besides the body are the attributes' names, types and values.
    snsMock.on(PublishCommand).resolves({});
    const publisher = new SnsAlertPublisher({ client, topics: { account: ACCOUNT } });
    const attributeBytes = Buffer.byteLength(
      'priorityStringP1environmentStringprodevent_actionStringtrigger',
    );
    const emptyBody = JSON.stringify({
      event_action: 'trigger',
      dedup_key: 'plumbline/prod/ecs-service/prod-api/services.api.image',
      payload: {
        summary: 'prod: services.api.image is task-api:1.4.1, declared task-api:1.4.2',
        source: 'prod/ecs-service/prod-api',
        severity: 'error',
        timestamp: '2025-03-01T12:00:00.000Z',
        custom_details: { live: '' },
      },
      client: 'plumbline',
    });
    const room = 262_144 - attributeBytes - Buffer.byteLength(emptyBody);

    // Act
    await publisher.publish(event({ details: { live: 'x'.repeat(room) } }));
    const over = await rejection(
      publisher.publish(event({ details: { live: 'x'.repeat(room + 1) } })),
    );

    // Assess
    const sent = snsMock.commandCalls(PublishCommand)[0]?.args[0].input.Message ?? '';
    expect(Buffer.byteLength(sent) + attributeBytes).toBe(262_144);
    expect(snsMock).toHaveReceivedCommandTimes(PublishCommand, 1);
    expect(over).toMatchObject({
      field: 'Message',
      message:
        "alert plumbline/prod/ecs-service/prod-api/services.api.image: Message is 262145 bytes with its attributes, over SNS's 262144",
    });
  });

  it('refuses a Subject of 100 characters or one with a line break', async () => {
    // Prepare
    const publisher = new SnsAlertPublisher({ client, topics: { account: ACCOUNT } });

    // Act
    const long = await rejection(publisher.publish(event({ subject: 's'.repeat(100) })));
    const broken = await rejection(publisher.publish(event({ subject: 'two\nlines' })));

    // Assess
    expect(long).toBeInstanceOf(AlertMessageInvalidError);
    expect((long as Error).message).toBe(
      'alert plumbline/prod/ecs-service/prod-api/services.api.image: Subject must be 1 to 99 characters, got 100',
    );
    expect(broken).toMatchObject({
      field: 'Subject',
      message:
        'alert plumbline/prod/ecs-service/prod-api/services.api.image: Subject must not contain line breaks or control characters',
    });
    expect(snsMock).toHaveReceivedCommandTimes(PublishCommand, 0);
  });

  it('accepts a 99-character Subject ending in an ellipsis, as the core clips it', async () => {
    // Prepare
    snsMock.on(PublishCommand).resolves({});
    const publisher = new SnsAlertPublisher({ client, topics: { account: ACCOUNT } });
    const subject = `${'s'.repeat(98)}…`;

    // Act
    await publisher.publish(event({ subject }));

    // Assess
    expect(snsMock).toHaveReceivedCommandWith(PublishCommand, { Subject: subject });
  });

  it('wraps an SNS failure in an AlertPublishError naming the alert and topic', async () => {
    // Prepare
    snsMock.on(PublishCommand).rejects(
      new SNSServiceException({
        name: 'NotFoundException',
        $fault: 'client',
        $metadata: { httpStatusCode: 404 },
        message: 'Topic does not exist',
      }),
    );
    const publisher = new SnsAlertPublisher({ client, topics: { account: ACCOUNT } });

    // Act
    const error = await rejection(publisher.publish(event({ priority: 'P0' })));

    // Assess
    expect(error).toBeInstanceOf(AlertPublishError);
    expect(error).toMatchObject({
      topicArn: `arn:aws:sns:eu-west-1:${ACCOUNT}:plumbline-alerts-p0`,
      message: `alert plumbline/prod/ecs-service/prod-api/services.api.image not published to arn:aws:sns:eu-west-1:${ACCOUNT}:plumbline-alerts-p0: NotFoundException: Topic does not exist`,
    });
  });
});

describe('alertTopicArns', () => {
  it('names the topics in the partition of the region', () => {
    // Act
    const china = alertTopicArns(ACCOUNT, 'cn-north-1');
    const gov = alertTopicArns(ACCOUNT, 'us-gov-west-1');

    // Assess
    expect(china.P2).toBe(`arn:aws-cn:sns:cn-north-1:${ACCOUNT}:plumbline-alerts-p2`);
    expect(gov.P3).toBe(`arn:aws-us-gov:sns:us-gov-west-1:${ACCOUNT}:plumbline-alerts-p3`);
  });
});

describe('ensureAlertTopics', () => {
  afterEach(() => {
    snsMock.reset();
  });

  it('creates the four priority topics and returns their ARNs', async () => {
    // Prepare
    snsMock.on(CreateTopicCommand).callsFake((input: { Name: string }) => ({
      TopicArn: `arn:aws:sns:eu-west-1:1:${input.Name}`,
    }));

    // Act
    const arns = await ensureAlertTopics(client);

    // Assess
    expect(arns).toEqual({
      P0: 'arn:aws:sns:eu-west-1:1:plumbline-alerts-p0',
      P1: 'arn:aws:sns:eu-west-1:1:plumbline-alerts-p1',
      P2: 'arn:aws:sns:eu-west-1:1:plumbline-alerts-p2',
      P3: 'arn:aws:sns:eu-west-1:1:plumbline-alerts-p3',
    });
    expect(snsMock.commandCalls(CreateTopicCommand).map((c) => c.args[0].input)).toEqual([
      { Name: 'plumbline-alerts-p0' },
      { Name: 'plumbline-alerts-p1' },
      { Name: 'plumbline-alerts-p2' },
      { Name: 'plumbline-alerts-p3' },
    ]);
  });
});
