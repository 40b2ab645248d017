import { SNSClient } from '@aws-sdk/client-sns';
import {
  alertTopicArns,
  ensureAlertTopics,
  SnsAlertPublisher,
} from '../../../../controller/adapters/aws/sns-alert-publisher.js';
import type { AlertEvent } from '../../../../controller/model/alert.js';
import { AlertPublishError } from '../../../../controller/model/errors.js';
import { type Sandbox, startSandbox } from '../../../../sandbox/index.js';
import { admin } from '../../../e2e/sandbox-admin.js';

const ACCOUNT = '000000000000';

interface PublishedMessage {
  topicArn: string;
  subject?: string;
  message: string;
  messageAttributes: Record<string, { DataType: string; StringValue?: string }>;
}

const TRIGGER: AlertEvent = {
  action: 'trigger',
  dedupKey: 'plumbline/staging/rds-instance/staging-db/database.multiAz',
  priority: 'P0',
  environment: 'staging',
  summary: 'staging: database.multiAz is false, declared true',
  subject: '[P0] staging: database.multiAz is false, declared true',
  source: 'staging/rds-instance/staging-db',
  timestamp: '2025-03-01T12:00:00.000Z',
  details: { path: 'database.multiAz', declared: true, live: false, changedBy: null },
};

describe('SnsAlertPublisher on the sandbox', () => {
  let sandbox: Sandbox;
  let client: SNSClient;

  beforeAll(async () => {
    sandbox = await startSandbox({ port: 0 });
    client = new SNSClient({
      endpoint: sandbox.url,
      region: 'eu-west-1',
      credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
      maxAttempts: 1,
    });
  });

  afterAll(async () => {
    client.destroy();
    await sandbox.close();
  });

  it('publishes to the topics ensureAlertTopics created, under the names the account and region give', async () => {
    // Prepare
    const created = await ensureAlertTopics(client);
    const again = await ensureAlertTopics(client);
    const publisher = new SnsAlertPublisher({ client, topics: { account: ACCOUNT } });

    // Act
    await publisher.publish(TRIGGER);
    const messages = (await admin(
      sandbox.url,
      `sns/messages?topicArn=${encodeURIComponent(created.P0)}`,
    )) as PublishedMessage[];

    // Assess
    expect(created).toEqual(alertTopicArns(ACCOUNT, 'eu-west-1'));
    expect(again).toEqual(created);
    expect(messages).toHaveLength(1);
    expect(messages[0]).toMatchObject({
      topicArn: `arn:aws:sns:eu-west-1:${ACCOUNT}:plumbline-alerts-p0`,
      subject: '[P0] staging: database.multiAz is false, declared true',
      messageAttributes: {
        priority: { DataType: 'String', StringValue: 'P0' },
        environment: { DataType: 'String', StringValue: 'staging' },
        event_action: { DataType: 'String', StringValue: 'trigger' },
      },
    });
    expect(JSON.parse(messages[0]?.message ?? '')).toEqual({
      event_action: 'trigger',
      dedup_key: 'plumbline/staging/rds-instance/staging-db/database.multiAz',
      payload: {
        summary: 'staging: database.multiAz is false, declared true',
        source: 'staging/rds-instance/staging-db',
        severity: 'critical',
        timestamp: '2025-03-01T12:00:00.000Z',
        custom_details: {
          path: 'database.multiAz',
          declared: true,
          live: false,
          changedBy: null,
        },
      },
      client: 'plumbline',
    });
  });

  it('fails with an AlertPublishError when the topic does not exist', async () => {
    // Prepare
    const publisher = new SnsAlertPublisher({ client, topics: { account: '111111111111' } });

    // Act
    const error = await publisher.publish(TRIGGER).catch((caught: unknown) => caught);

    // Assess
    expect(error).toBeInstanceOf(AlertPublishError);
    expect(error).toMatchObject({
      topicArn: 'arn:aws:sns:eu-west-1:111111111111:plumbline-alerts-p0',
      message:
        'alert plumbline/staging/rds-instance/staging-db/database.multiAz not published to arn:aws:sns:eu-west-1:111111111111:plumbline-alerts-p0: NotFoundException: Topic does not exist',
    });
  });
});
