import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Match } from 'aws-cdk-lib/assertions';
import { reconcileRequestSchema } from '../../controller/model/reconcile-request.js';
import { RECONCILE_TIMEOUT, WEBHOOK_TIMEOUT } from '../../stacks/controller-stack.js';
import { type BuiltController, buildController, logicalIdOf } from './controller-fixtures.js';

type Resources = Record<
  string,
  { Properties: Record<string, unknown>; DeletionPolicy?: string; UpdateReplacePolicy?: string }
>;

/** One synthesis with the default context (esbuild bundles the stub once), shared by the tests. */
let built: BuiltController;
beforeAll(() => {
  built = buildController();
});
afterAll(() => built.dispose());

/** The properties of the one resource at `path`. */
function propertiesAt(path: string): Record<string, unknown> {
  const id = logicalIdOf(built, path);
  const resource = built.template.toJSON().Resources[id] as Resources[string] | undefined;
  if (!resource) throw new Error(`no resource ${id}`);
  return resource.Properties;
}

function resourceAt(path: string): Resources[string] {
  return built.template.toJSON().Resources[logicalIdOf(built, path)];
}

const ref = (path: string) => ({ Ref: logicalIdOf(built, path) });
const arnOf = (path: string) => ({ 'Fn::GetAtt': [logicalIdOf(built, path), 'Arn'] });

describe('the controller stack: handlers', () => {
  it.each([
    ['Webhook', WEBHOOK_TIMEOUT.toSeconds(), 256],
    ['Reconcile', RECONCILE_TIMEOUT.toSeconds(), 1024],
  ])(
    'runs the %s handler on Node.js 24 and arm64 with its timeout and memory',
    (name, timeout, memory) => {
      // Act
      const fn = propertiesAt(`${name}/Function`);
      // Assess
      expect(fn).toMatchObject({
        Runtime: 'nodejs24.x',
        Architectures: ['arm64'],
        Handler: 'index.handler',
        Timeout: timeout,
        MemorySize: memory,
        Role: arnOf(`${name}/Role`),
        LoggingConfig: { LogGroup: ref(`${name}/Logs`) },
      });
    },
  );

  it('gives the webhook 10 seconds, as GitHub waits, and the reconciler Lambda’s 15 minutes', () => {
    // Assess
    expect(WEBHOOK_TIMEOUT.toSeconds()).toBe(10);
    expect(RECONCILE_TIMEOUT.toSeconds()).toBe(900);
  });

  it.each(['Webhook', 'Reconcile'])(
    'bundles the %s handler into a file asset with esbuild',
    (name) => {
      // Prepare
      const code = propertiesAt(`${name}/Function`).Code as { S3Key: string };
      const hash = code.S3Key.replace(/\.zip$/, '');
      const manifest = JSON.parse(
        readFileSync(join(built.outdir, `${built.stack.artifactId}.assets.json`), 'utf8'),
      ) as { files: Record<string, { source: { path: string; packaging: string } }> };
      // Act
      const asset = manifest.files[hash]?.source;
      const bundle = join(built.outdir, asset?.path ?? 'missing', 'index.js');
      // Assess
      expect(asset?.packaging).toBe('zip');
      expect(existsSync(bundle)).toBe(true);
      expect(existsSync(`${bundle}.map`)).toBe(true);
      const text = readFileSync(bundle, 'utf8');
      expect(text).toMatch(/module\.exports/); // CommonJS
      expect(text.split('\n').length).toBeLessThan(10); // minified
    },
  );

  it('keeps each handler’s logs three months in a log group of its own', () => {
    // Act
    const groups = built.template.findResources('AWS::Logs::LogGroup') as Resources;
    // Assess
    expect(Object.keys(groups).sort()).toEqual(
      [logicalIdOf(built, 'Webhook/Logs'), logicalIdOf(built, 'Reconcile/Logs')].sort(),
    );
    for (const group of Object.values(groups)) expect(group.Properties.RetentionInDays).toBe(90);
  });

  it('sets exactly the variables the webhook handler reads', () => {
    // Act
    const variables = (propertiesAt('Webhook/Function').Environment as { Variables: object })
      .Variables;
    // Assess
    expect(variables).toEqual({
      GITHUB_WEBHOOK_SECRET_ARN: ref('WebhookSecret'),
      GITHUB_REPOSITORY: 'acme/platform',
      MAIN_BRANCH: 'main',
      STATE_TABLE: ref('StateTable'),
      RECONCILE_QUEUE_URL: ref('ReconcileQueue/Queue'),
      POWERTOOLS_SERVICE_NAME: 'plumbline',
      POWERTOOLS_LOG_LEVEL: 'INFO',
      NODE_OPTIONS: '--enable-source-maps',
    });
  });

  it('sets exactly the variables the reconcile handler reads', () => {
    // Act
    const variables = (propertiesAt('Reconcile/Function').Environment as { Variables: object })
      .Variables;
    // Assess
    expect(variables).toEqual({
      STATE_TABLE: ref('StateTable'),
      REPORT_BUCKET: ref('Buckets/Reports'),
      GITHUB_REPOSITORY: 'acme/platform',
      GITHUB_API_URL: 'https://api.github.com',
      GITHUB_TOKEN_SECRET_ARN: ref('GitHubTokenSecret'),
      MAIN_BRANCH: 'main',
      ALERT_TOPIC_ARN_PREFIX: {
        'Fn::Join': [
          '',
          [
            'arn:',
            { Ref: 'AWS::Partition' },
            ':sns:',
            { Ref: 'AWS::Region' },
            ':',
            { Ref: 'AWS::AccountId' },
            ':',
          ],
        ],
      },
      RECONCILE_QUEUE_URL: ref('ReconcileQueue/Queue'),
      CFN_EXECUTION_ROLE_ARN: arnOf('EnvironmentAccess/CloudFormationExecutionRole'),
      POWERTOOLS_SERVICE_NAME: 'plumbline',
      POWERTOOLS_LOG_LEVEL: 'INFO',
      NODE_OPTIONS: '--enable-source-maps',
    });
  });

  it('caps the public webhook with reserved concurrency, and not the reconciler', () => {
    // Assess
    expect(propertiesAt('Webhook/Function').ReservedConcurrentExecutions).toBe(10);
    expect(propertiesAt('Reconcile/Function')).not.toHaveProperty('ReservedConcurrentExecutions');
  });
});

describe('the controller stack: webhook endpoint', () => {
  it('serves the webhook at a function URL without AWS authentication', () => {
    // Assess
    built.template.hasResourceProperties('AWS::Lambda::Url', {
      AuthType: 'NONE',
      TargetFunctionArn: arnOf('Webhook/Function'),
    });
    built.template.resourceCountIs('AWS::Lambda::Url', 1);
  });

  it('lets anyone invoke the webhook through its URL, and only through it', () => {
    // Act
    const permissions = Object.values(
      built.template.findResources('AWS::Lambda::Permission') as Resources,
    ).map((p) => p.Properties);
    // Assess
    expect(permissions).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          Action: 'lambda:InvokeFunctionUrl',
          FunctionUrlAuthType: 'NONE',
          Principal: '*',
          FunctionName: arnOf('Webhook/Function'),
        }),
        expect.objectContaining({
          Action: 'lambda:InvokeFunction',
          InvokedViaFunctionUrl: true,
          Principal: '*',
          FunctionName: arnOf('Webhook/Function'),
        }),
      ]),
    );
    expect(permissions).toHaveLength(2);
  });
});

describe('the controller stack: reconcile queue', () => {
  it('feeds the reconciler one message at a time, with partial batch failures and bounded concurrency', () => {
    // Assess
    built.template.hasResourceProperties('AWS::Lambda::EventSourceMapping', {
      EventSourceArn: arnOf('ReconcileQueue/Queue'),
      FunctionName: ref('Reconcile/Function'),
      BatchSize: 1,
      FunctionResponseTypes: ['ReportBatchItemFailures'],
      ScalingConfig: { MaximumConcurrency: 5 },
    });
  });

  it('keeps a message invisible six times the reconciler’s timeout, within SQS’s 12 hours', () => {
    // Act
    const queue = propertiesAt('ReconcileQueue/Queue');
    // Assess
    expect(queue.QueueName).toBe('plumbline-reconcile');
    expect(queue.VisibilityTimeout).toBe(6 * 900);
    expect(queue.VisibilityTimeout).toBeLessThanOrEqual(12 * 3600);
  });

  it('moves a message that failed five times to a dead-letter queue kept 14 days', () => {
    // Act
    const queue = propertiesAt('ReconcileQueue/Queue');
    const dlq = propertiesAt('ReconcileQueue/DeadLetterQueue');
    // Assess
    expect(queue.RedrivePolicy).toEqual({
      deadLetterTargetArn: arnOf('ReconcileQueue/DeadLetterQueue'),
      maxReceiveCount: 5,
    });
    expect(dlq).toMatchObject({
      QueueName: 'plumbline-reconcile-dlq',
      MessageRetentionPeriod: 14 * 24 * 3600,
    });
  });

  it.each(['Queue', 'DeadLetterQueue'])(
    'encrypts the %s with SQS-managed keys and refuses plain HTTP',
    (name) => {
      // Act
      const queue = propertiesAt(`ReconcileQueue/${name}`);
      // Assess
      expect(queue.SqsManagedSseEnabled).toBe(true);
      expect(queue).not.toHaveProperty('KmsMasterKeyId');
      built.template.hasResourceProperties('AWS::SQS::QueuePolicy', {
        Queues: [ref(`ReconcileQueue/${name}`)],
        PolicyDocument: {
          Statement: Match.arrayWith([
            Match.objectLike({
              Effect: 'Deny',
              Principal: { AWS: '*' },
              Action: 'sqs:*',
              Condition: { Bool: { 'aws:SecureTransport': 'false' } },
            }),
          ]),
        },
      });
    },
  );
});

describe('the controller stack: schedule', () => {
  it('puts a scan request on the reconcile queue every 15 minutes', () => {
    // Act
    const rule = propertiesAt('ScanSchedule') as {
      ScheduleExpression: string;
      Targets: { Arn: unknown; Input: string; RetryPolicy: object }[];
    };
    // Assess
    expect(rule.ScheduleExpression).toBe('rate(15 minutes)');
    expect(rule.Targets).toHaveLength(1);
    const [target] = rule.Targets;
    expect(target?.Arn).toEqual(arnOf('ReconcileQueue/Queue'));
    expect(JSON.parse(target?.Input ?? '')).toEqual({ kind: 'scan', source: 'schedule' });
    expect(reconcileRequestSchema.safeParse(JSON.parse(target?.Input ?? '')).success).toBe(true);
    expect(target?.RetryPolicy).toEqual({ MaximumEventAgeInSeconds: 15 * 60 });
  });

  it('lets only its own rule send to the queue on EventBridge’s behalf', () => {
    // Assess
    built.template.hasResourceProperties('AWS::SQS::QueuePolicy', {
      Queues: [ref('ReconcileQueue/Queue')],
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({
            Effect: 'Allow',
            Principal: { Service: 'events.amazonaws.com' },
            Action: Match.arrayWith(['sqs:SendMessage']),
            Condition: { ArnEquals: { 'aws:SourceArn': arnOf('ScanSchedule') } },
          }),
        ]),
      },
    });
  });
});

describe('the controller stack: state table', () => {
  it('keys plumbline-state by the string pk alone, on demand, with TTL on ttl', () => {
    // Act
    const table = propertiesAt('StateTable');
    // Assess
    expect(table).toMatchObject({
      TableName: 'plumbline-state',
      KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }],
      AttributeDefinitions: [{ AttributeName: 'pk', AttributeType: 'S' }],
      BillingMode: 'PAY_PER_REQUEST',
      TimeToLiveSpecification: { AttributeName: 'ttl', Enabled: true },
    });
  });

  it('keeps the table: point-in-time recovery, deletion protection, retained on stack removal', () => {
    // Act
    const table = resourceAt('StateTable');
    // Assess
    expect(table.Properties.PointInTimeRecoverySpecification).toEqual({
      PointInTimeRecoveryEnabled: true,
    });
    expect(table.Properties.DeletionProtectionEnabled).toBe(true);
    expect(table.DeletionPolicy).toBe('Retain');
    expect(table.UpdateReplacePolicy).toBe('Retain');
  });
});

describe('the controller stack: alert topics', () => {
  it('creates plumbline-alerts-p0 .. -p3, encrypted with the rotating alert key', () => {
    // Act
    const topics = Object.values(built.template.findResources('AWS::SNS::Topic') as Resources);
    // Assess
    expect(topics.map((t) => t.Properties.TopicName).sort()).toEqual([
      'plumbline-alerts-p0',
      'plumbline-alerts-p1',
      'plumbline-alerts-p2',
      'plumbline-alerts-p3',
    ]);
    for (const topic of topics)
      expect(topic.Properties.KmsMasterKeyId).toEqual(arnOf('Alerts/Key'));
    expect(propertiesAt('Alerts/Key').EnableKeyRotation).toBe(true);
  });

  it.each(['P0', 'P1', 'P2', 'P3'])(
    'refuses plain-HTTP publishing to %s and admits the account’s platform alarms',
    (priority) => {
      // Prepare
      const fromPlatformAlarms = {
        StringEquals: { 'aws:SourceAccount': { Ref: 'AWS::AccountId' } },
        ArnLike: { 'aws:SourceArn': Match.objectLike({}) },
      };
      // Assess
      built.template.hasResourceProperties('AWS::SNS::TopicPolicy', {
        Topics: [ref(`Alerts/${priority}`)],
        PolicyDocument: {
          Statement: [
            Match.objectLike({
              Effect: 'Deny',
              Action: 'sns:Publish',
              Condition: { Bool: { 'aws:SecureTransport': 'false' } },
            }),
            Match.objectLike({
              Effect: 'Allow',
              Principal: { Service: 'cloudwatch.amazonaws.com' },
              Action: 'sns:Publish',
              Condition: fromPlatformAlarms,
            }),
          ],
        },
      });
    },
  );

  it('lets CloudWatch use the key for plumbline-* alarms of this account only', () => {
    // Act
    const policy = propertiesAt('Alerts/Key').KeyPolicy as { Statement: Record<string, unknown>[] };
    const cloudwatch = policy.Statement.find((s) => s.Sid === 'PlatformAlarmsPublish');
    // Assess
    expect(cloudwatch).toMatchObject({
      Principal: { Service: 'cloudwatch.amazonaws.com' },
      Action: ['kms:Decrypt', 'kms:GenerateDataKey*'],
      Condition: { StringEquals: { 'aws:SourceAccount': { Ref: 'AWS::AccountId' } } },
    });
    expect(JSON.stringify(cloudwatch?.Condition)).toContain(':alarm:plumbline-*');
  });
});

describe('the controller stack: buckets', () => {
  const named = (prefix: string) => ({
    'Fn::Join': ['', [prefix, { Ref: 'AWS::AccountId' }, '-', { Ref: 'AWS::Region' }]],
  });

  it.each(['Reports', 'Templates', 'AccessLogs'])(
    'keeps the %s bucket private, encrypted and retained',
    (name) => {
      // Act
      const bucket = resourceAt(`Buckets/${name}`);
      // Assess
      expect(bucket.Properties).toMatchObject({
        BucketEncryption: {
          ServerSideEncryptionConfiguration: [
            { ServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } },
          ],
        },
        PublicAccessBlockConfiguration: {
          BlockPublicAcls: true,
          BlockPublicPolicy: true,
          IgnorePublicAcls: true,
          RestrictPublicBuckets: true,
        },
        OwnershipControls: { Rules: [{ ObjectOwnership: 'BucketOwnerEnforced' }] },
      });
      expect(bucket.DeletionPolicy).toBe('Retain');
      built.template.hasResourceProperties('AWS::S3::BucketPolicy', {
        Bucket: ref(`Buckets/${name}`),
        PolicyDocument: {
          Statement: Match.arrayWith([
            Match.objectLike({
              Effect: 'Deny',
              Action: 's3:*',
              Condition: { Bool: { 'aws:SecureTransport': 'false' } },
            }),
            Match.objectLike({
              Effect: 'Deny',
              Action: 's3:*',
              Condition: { NumericLessThan: { 's3:TlsVersion': 1.2 } },
            }),
          ]),
        },
      });
    },
  );

  it('names the report bucket per account and region, versions it and expires old reports', () => {
    // Act
    const reports = propertiesAt('Buckets/Reports');
    // Assess
    expect(reports.BucketName).toEqual(named('plumbline-reports-'));
    expect(reports.VersioningConfiguration).toEqual({ Status: 'Enabled' });
    expect(reports.LifecycleConfiguration).toEqual({
      Rules: expect.arrayContaining([
        {
          Id: 'expire-reports',
          Prefix: 'reports/',
          Status: 'Enabled',
          ExpirationInDays: 90,
          NoncurrentVersionExpiration: { NoncurrentDays: 30 },
        },
      ]),
    });
  });

  it('names the template bucket per account and region and expires templates after 30 days', () => {
    // Act
    const templates = propertiesAt('Buckets/Templates');
    // Assess
    expect(templates.BucketName).toEqual(named('plumbline-templates-'));
    expect(templates.LifecycleConfiguration).toEqual({
      Rules: [expect.objectContaining({ Id: 'expire-templates', ExpirationInDays: 30 })],
    });
  });

  it.each(['Reports', 'Templates'])(
    'logs requests to the %s bucket in the access-log bucket',
    (name) => {
      // Assess
      expect(propertiesAt(`Buckets/${name}`).LoggingConfiguration).toEqual({
        DestinationBucketName: ref('Buckets/AccessLogs'),
        LogFilePrefix: expect.stringMatching(/-bucket\/$/),
      });
      built.template.hasResourceProperties('AWS::S3::BucketPolicy', {
        Bucket: ref('Buckets/AccessLogs'),
        PolicyDocument: {
          Statement: Match.arrayWith([
            Match.objectLike({
              Effect: 'Allow',
              Principal: { Service: 'logging.s3.amazonaws.com' },
              Action: 's3:PutObject',
              Condition: Match.objectLike({
                ArnLike: { 'aws:SourceArn': arnOf(`Buckets/${name}`) },
              }),
            }),
          ]),
        },
      });
    },
  );
});

describe('the controller stack: secrets and outputs', () => {
  it('generates both GitHub secrets, so no secret value is in the template', () => {
    // Act
    const webhook = propertiesAt('WebhookSecret');
    const token = propertiesAt('GitHubTokenSecret');
    // Assess
    expect(webhook).toMatchObject({
      Name: 'plumbline/github-webhook-secret',
      GenerateSecretString: { PasswordLength: 40, ExcludePunctuation: true },
    });
    expect(token).toMatchObject({ Name: 'plumbline/github-token' });
    expect(token).toHaveProperty('GenerateSecretString');
    expect(webhook).not.toHaveProperty('SecretString');
    expect(token).not.toHaveProperty('SecretString');
    expect(webhook).not.toHaveProperty('RotationRules');
  });

  it('outputs what the operator needs after deploying', () => {
    // Act
    const outputs = built.template.toJSON().Outputs as Record<string, { Value: unknown }>;
    // Assess
    expect(outputs.WebhookUrl?.Value).toEqual({
      'Fn::GetAtt': [logicalIdOf(built, 'Webhook/Function/FunctionUrl'), 'FunctionUrl'],
    });
    expect(outputs.ReconcileQueueUrl?.Value).toEqual(ref('ReconcileQueue/Queue'));
    expect(outputs.StateTableName?.Value).toEqual(ref('StateTable'));
    expect(outputs.ReportBucketName?.Value).toEqual(ref('Buckets/Reports'));
    expect(outputs.WebhookSecretArn?.Value).toEqual(ref('WebhookSecret'));
    expect(outputs.GitHubTokenSecretArn?.Value).toEqual(ref('GitHubTokenSecret'));
    for (const p of ['P0', 'P1', 'P2', 'P3'])
      expect(outputs[`AlertTopic${p}Arn`]?.Value).toEqual(ref(`Alerts/${p}`));
  });
});
