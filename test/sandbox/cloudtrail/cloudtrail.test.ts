import {
  CloudTrailClient,
  type Event,
  LookupEventsCommand,
  type LookupEventsCommandInput,
} from '@aws-sdk/client-cloudtrail';
import { CreateTableCommand, DynamoDBClient, PutItemCommand } from '@aws-sdk/client-dynamodb';
import {
  CreateClusterCommand,
  CreateServiceCommand,
  DescribeServicesCommand,
  ECSClient,
  RegisterTaskDefinitionCommand,
  UpdateServiceCommand,
} from '@aws-sdk/client-ecs';
import { CreateBucketCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { CreateTopicCommand, PublishCommand, SNSClient } from '@aws-sdk/client-sns';
import { isReadOnlyOperation } from '../../../sandbox/cloudtrail/record.js';
import { type Sandbox, startSandbox } from '../../../sandbox/index.js';
import { createAndExecuteChangeSet } from '../cloudformation/helpers.js';
import { fargateTaskDefinition, NETWORK, REGION, temporaryDirectory } from '../helpers.js';

const ALICE = 'AKIAEXAMPLEALICE';
const SETUP = 'AKIAEXAMPLESETUP';

function credentials(accessKeyId: string) {
  return { accessKeyId, secretAccessKey: 'secret' };
}

/** Clients of the real SDK signed with `accessKeyId`, pointed at the sandbox. */
function clients(sandbox: Sandbox, accessKeyId: string, region = REGION) {
  const config = {
    endpoint: sandbox.url,
    region,
    credentials: credentials(accessKeyId),
    maxAttempts: 1,
  };
  return {
    ecs: new ECSClient(config),
    trail: new CloudTrailClient(config),
    sns: new SNSClient(config),
    s3: new S3Client({ ...config, forcePathStyle: true }),
    dynamodb: new DynamoDBClient(config),
  };
}

/** The CloudTrail record of an event, parsed. */
function record(event: Event | undefined): Record<string, unknown> {
  return JSON.parse(event?.CloudTrailEvent ?? '{}') as Record<string, unknown>;
}

describe('CloudTrail LookupEvents', () => {
  let sandbox: Sandbox;
  let now: Date;

  beforeAll(async () => {
    now = new Date('2026-06-01T09:00:00.000Z');
    sandbox = await startSandbox({ port: 0, clock: () => now });
  });

  afterAll(async () => {
    await sandbox.close();
  });

  beforeEach(async () => {
    now = new Date('2026-06-01T09:00:00.000Z');
    await sandbox.reset();
  });

  async function lookup(input: LookupEventsCommandInput = {}, accessKeyId = SETUP) {
    return clients(sandbox, accessKeyId).trail.send(new LookupEventsCommand(input));
  }

  async function createService(): Promise<void> {
    const { ecs } = clients(sandbox, SETUP);
    await ecs.send(new CreateClusterCommand({ clusterName: 'prod' }));
    await ecs.send(new RegisterTaskDefinitionCommand(fargateTaskDefinition('api')));
    await ecs.send(
      new CreateServiceCommand({
        cluster: 'prod',
        serviceName: 'api',
        taskDefinition: 'api',
        desiredCount: 2,
        launchType: 'FARGATE',
        networkConfiguration: NETWORK,
      }),
    );
  }

  it("finds a hand-made UpdateService by the service's name, with who made it and when", async () => {
    // Prepare
    await createService();
    now = new Date('2026-06-01T09:15:30.000Z');
    const { ecs } = clients(sandbox, ALICE);

    // Act
    await ecs.send(new UpdateServiceCommand({ cluster: 'prod', service: 'api', desiredCount: 5 }));
    now = new Date('2026-06-01T09:20:00.000Z');
    const found = await lookup({
      LookupAttributes: [{ AttributeKey: 'ResourceName', AttributeValue: 'api' }],
    });

    // Assess
    expect(found.Events?.map((e) => [e.EventName, e.Username])).toEqual([
      ['UpdateService', ALICE],
      ['CreateService', SETUP],
      ['RegisterTaskDefinition', SETUP],
    ]);
    const [update] = found.Events ?? [];
    expect(update).toMatchObject({
      EventName: 'UpdateService',
      EventSource: 'ecs.amazonaws.com',
      EventTime: new Date('2026-06-01T09:15:30.000Z'),
      Username: ALICE,
      AccessKeyId: ALICE,
      ReadOnly: 'false',
    });
    expect(update?.Resources).toEqual([
      { ResourceType: 'AWS::ECS::Cluster', ResourceName: 'prod' },
      { ResourceType: 'AWS::ECS::Service', ResourceName: 'api' },
    ]);
    expect(record(update)).toMatchObject({
      eventVersion: '1.09',
      userIdentity: {
        type: 'IAMUser',
        principalId: expect.stringMatching(/^AIDA[A-Z2-7]{17}$/),
        arn: `arn:aws:iam::000000000000:user/${ALICE}`,
        accountId: '000000000000',
        accessKeyId: ALICE,
        userName: ALICE,
      },
      eventTime: '2026-06-01T09:15:30Z',
      eventSource: 'ecs.amazonaws.com',
      eventName: 'UpdateService',
      awsRegion: REGION,
      requestParameters: { cluster: 'prod', service: 'api', desiredCount: 5 },
      readOnly: false,
      eventType: 'AwsApiCall',
      managementEvent: true,
      recipientAccountId: '000000000000',
      eventCategory: 'Management',
    });
  });

  it('records no read call and no lookup', async () => {
    // Prepare
    await createService();
    const { ecs } = clients(sandbox, ALICE);

    // Act
    await ecs.send(new DescribeServicesCommand({ cluster: 'prod', services: ['api'] }));
    await lookup();
    const found = await lookup({
      LookupAttributes: [{ AttributeKey: 'Username', AttributeValue: ALICE }],
    });

    // Assess
    expect(found.Events).toEqual([]);
  });

  it('records a failed write with its error code', async () => {
    // Prepare
    const { ecs } = clients(sandbox, ALICE);

    // Act
    await ecs
      .send(new UpdateServiceCommand({ cluster: 'nowhere', service: 'api', desiredCount: 1 }))
      .catch(() => undefined);
    const found = await lookup({
      LookupAttributes: [{ AttributeKey: 'EventName', AttributeValue: 'UpdateService' }],
    });

    // Assess
    expect(found.Events).toHaveLength(1);
    expect(record(found.Events?.[0])).toMatchObject({ errorCode: 'ClusterNotFoundException' });
  });

  it('filters by event name, event source, user name and read-only flag', async () => {
    // Prepare
    await createService();
    await clients(sandbox, ALICE).sns.send(new CreateTopicCommand({ Name: 'alerts' }));

    // Act
    const byName = await lookup({
      LookupAttributes: [{ AttributeKey: 'EventName', AttributeValue: 'CreateCluster' }],
    });
    const bySource = await lookup({
      LookupAttributes: [{ AttributeKey: 'EventSource', AttributeValue: 'sns.amazonaws.com' }],
    });
    const byUser = await lookup({
      LookupAttributes: [{ AttributeKey: 'Username', AttributeValue: SETUP }],
    });
    const readOnly = await lookup({
      LookupAttributes: [{ AttributeKey: 'ReadOnly', AttributeValue: 'true' }],
    });
    const topic = await lookup({
      LookupAttributes: [{ AttributeKey: 'ResourceName', AttributeValue: 'alerts' }],
    });

    // Assess
    expect(byName.Events?.map((e) => e.EventName)).toEqual(['CreateCluster']);
    expect(bySource.Events?.map((e) => [e.EventName, e.Username])).toEqual([
      ['CreateTopic', ALICE],
    ]);
    expect(byUser.Events?.map((e) => e.EventName)).toEqual([
      'CreateService',
      'RegisterTaskDefinition',
      'CreateCluster',
    ]);
    expect(readOnly.Events).toEqual([]);
    expect(topic.Events?.[0]?.Resources).toEqual([
      { ResourceType: 'AWS::SNS::Topic', ResourceName: 'alerts' },
    ]);
  });

  it('refuses more than one lookup attribute, an unknown key, MaxResults over 50 and an inverted time range', async () => {
    // Act
    const errors = await Promise.all(
      [
        {
          LookupAttributes: [
            { AttributeKey: 'EventName' as const, AttributeValue: 'a' },
            { AttributeKey: 'Username' as const, AttributeValue: 'b' },
          ],
        },
        { LookupAttributes: [{ AttributeKey: 'Colour' as never, AttributeValue: 'red' }] },
        { MaxResults: 51 },
        { StartTime: new Date('2026-06-01T10:00:00Z'), EndTime: new Date('2026-06-01T09:00:00Z') },
        { NextToken: 'not-a-token' },
      ].map((input) =>
        lookup(input).then(
          () => 'succeeded',
          (error: Error) => error.name,
        ),
      ),
    );

    // Assess
    expect(errors).toEqual([
      'InvalidLookupAttributesException',
      'InvalidLookupAttributesException',
      'InvalidMaxResultsException',
      'InvalidTimeRangeException',
      'InvalidNextTokenException',
    ]);
  });

  it('pages newest first, 50 by default, with a NextToken that survives new events', async () => {
    // Prepare
    const { sns } = clients(sandbox, ALICE);
    for (let i = 0; i < 60; i += 1) {
      now = new Date(Date.UTC(2026, 5, 1, 9, 0, i));
      await sns.send(new CreateTopicCommand({ Name: `topic-${i}` }));
    }

    // Act
    const first = await lookup();
    await sns.send(new CreateTopicCommand({ Name: 'late' }));
    const second = await lookup({ NextToken: first.NextToken });
    const small = await lookup({ MaxResults: 3 });

    // Assess
    expect(first.Events).toHaveLength(50);
    expect(first.Events?.[0]?.Resources?.[0]?.ResourceName).toBe('topic-59');
    expect(first.Events?.[49]?.Resources?.[0]?.ResourceName).toBe('topic-10');
    expect(second.Events?.map((e) => e.Resources?.[0]?.ResourceName)).toEqual(
      Array.from({ length: 10 }, (_, i) => `topic-${9 - i}`),
    );
    expect(second.NextToken).toBeUndefined();
    expect(small.Events?.map((e) => e.Resources?.[0]?.ResourceName)).toEqual([
      'late',
      'topic-59',
      'topic-58',
    ]);
  });

  it('keeps to the StartTime..EndTime window', async () => {
    // Prepare
    const { sns } = clients(sandbox, ALICE);
    for (const minute of [0, 10, 20]) {
      now = new Date(Date.UTC(2026, 5, 1, 9, minute));
      await sns.send(new CreateTopicCommand({ Name: `at-${minute}` }));
    }

    // Act
    const found = await lookup({
      StartTime: new Date(Date.UTC(2026, 5, 1, 9, 5)),
      EndTime: new Date(Date.UTC(2026, 5, 1, 9, 10)),
    });

    // Assess
    expect(found.Events?.map((e) => e.Resources?.[0]?.ResourceName)).toEqual(['at-10']);
  });

  it('keeps events apart per account and region', async () => {
    // Prepare
    await clients(sandbox, '111111111111').sns.send(new CreateTopicCommand({ Name: 'theirs' }));
    await clients(sandbox, ALICE, 'us-east-1').sns.send(new CreateTopicCommand({ Name: 'far' }));

    // Act
    const mine = await lookup();
    const theirs = await lookup({}, '111111111111');

    // Assess
    expect(mine.Events).toEqual([]);
    expect(theirs.Events?.map((e) => record(e).userIdentity)).toEqual([
      expect.objectContaining({ arn: 'arn:aws:iam::111111111111:user/111111111111' }),
    ]);
  });

  it('records bucket and table management calls but not publishes, objects or items (data events)', async () => {
    // Prepare
    const { sns, s3, dynamodb } = clients(sandbox, ALICE);
    const { TopicArn } = await sns.send(new CreateTopicCommand({ Name: 'alerts' }));

    // Act
    await sns.send(new PublishCommand({ TopicArn, Message: 'm' }));
    await s3.send(new CreateBucketCommand({ Bucket: 'artifacts' }));
    await s3.send(new PutObjectCommand({ Bucket: 'artifacts', Key: 'a.txt', Body: 'a' }));
    await dynamodb.send(
      new CreateTableCommand({
        TableName: 'locks',
        AttributeDefinitions: [{ AttributeName: 'id', AttributeType: 'S' }],
        KeySchema: [{ AttributeName: 'id', KeyType: 'HASH' }],
        BillingMode: 'PAY_PER_REQUEST',
      }),
    );
    await dynamodb.send(new PutItemCommand({ TableName: 'locks', Item: { id: { S: 'x' } } }));
    const found = await lookup();

    // Assess
    expect(found.Events?.map((e) => [e.EventName, e.EventSource, e.Resources])).toEqual([
      [
        'CreateTable',
        'dynamodb.amazonaws.com',
        [{ ResourceType: 'AWS::DynamoDB::Table', ResourceName: 'locks' }],
      ],
      [
        'CreateBucket',
        's3.amazonaws.com',
        [{ ResourceType: 'AWS::S3::Bucket', ResourceName: 'artifacts' }],
      ],
      [
        'CreateTopic',
        'sns.amazonaws.com',
        [{ ResourceType: 'AWS::SNS::Topic', ResourceName: 'alerts' }],
      ],
    ]);
  });

  it('records the calls CloudFormation makes for a stack as invoked by cloudformation.amazonaws.com', async () => {
    // Prepare
    const template = {
      Resources: { Cluster: { Type: 'AWS::ECS::Cluster', Properties: { ClusterName: 'staging' } } },
    };

    // Act
    await createAndExecuteChangeSet(sandbox, {
      StackName: 'platform',
      ChangeSetName: 'initial',
      ChangeSetType: 'CREATE',
      TemplateBody: JSON.stringify(template),
    });
    const found = await lookup({
      LookupAttributes: [{ AttributeKey: 'ResourceName', AttributeValue: 'staging' }],
    });

    // Assess
    expect(found.Events?.map((e) => [e.EventName, e.Username])).toEqual([
      ['CreateCluster', 'cloudformation.amazonaws.com'],
    ]);
    expect(record(found.Events?.[0])).toMatchObject({
      userIdentity: { type: 'AWSService', invokedBy: 'cloudformation.amazonaws.com' },
      sourceIPAddress: 'cloudformation.amazonaws.com',
      requestParameters: { clusterName: 'staging' },
    });
  });

  it('hides secret values in the recorded request parameters', async () => {
    // Prepare
    const template = {
      Resources: {
        Secret: {
          Type: 'AWS::SecretsManager::Secret',
          Properties: { Name: 'db', SecretString: 'hunter2' },
        },
      },
    };

    // Act
    await createAndExecuteChangeSet(sandbox, {
      StackName: 'secrets',
      ChangeSetName: 'initial',
      ChangeSetType: 'CREATE',
      TemplateBody: JSON.stringify(template),
    });
    const found = await lookup({
      LookupAttributes: [{ AttributeKey: 'EventName', AttributeValue: 'CreateSecret' }],
    });

    // Assess
    expect(record(found.Events?.[0])).toMatchObject({
      requestParameters: { name: 'db', secretString: 'HIDDEN_DUE_TO_SECURITY_REASONS' },
    });
  });
});

describe('CloudTrail across a restart', () => {
  it('keeps the recorded events in the data directory', async () => {
    // Prepare
    const dataDir = await temporaryDirectory();
    const first = await startSandbox({ port: 0, dataDir: dataDir.path });
    await clients(first, ALICE).ecs.send(new CreateClusterCommand({ clusterName: 'prod' }));
    await first.close();

    // Act
    const second = await startSandbox({ port: 0, dataDir: dataDir.path });
    const found = await clients(second, SETUP).trail.send(
      new LookupEventsCommand({
        LookupAttributes: [{ AttributeKey: 'ResourceName', AttributeValue: 'prod' }],
      }),
    );
    await second.close();
    await dataDir.remove();

    // Assess
    expect(found.Events?.map((e) => [e.EventName, e.Username])).toEqual([['CreateCluster', ALICE]]);
  });
});

describe('isReadOnlyOperation', () => {
  it.each([
    ['DescribeServices', true],
    ['ListTopics', true],
    ['GetTopicAttributes', true],
    ['BatchGetSecretValue', true],
    ['HeadBucket', true],
    ['LookupEvents', true],
    ['ValidateTemplate', true],
    ['UpdateService', false],
    ['Publish', false],
    ['ExecuteChangeSet', false],
  ])('classes %s as read-only: %s', (operation, expected) => {
    // Act
    const readOnly = isReadOnlyOperation(operation);

    // Assess
    expect(readOnly).toBe(expected);
  });
});
