import { Rule, RuleTargetInput, Schedule } from 'aws-cdk-lib/aws-events';
import { SqsQueue } from 'aws-cdk-lib/aws-events-targets';
import { PolicyStatement } from 'aws-cdk-lib/aws-iam';
import { FunctionUrlAuthType } from 'aws-cdk-lib/aws-lambda';
import { SqsEventSource } from 'aws-cdk-lib/aws-lambda-event-sources';
import { Secret } from 'aws-cdk-lib/aws-secretsmanager';
import { CfnOutput, Duration, Stack, type StackProps } from 'aws-cdk-lib/core';
import type { Construct } from 'constructs';
import type { DesiredState } from '../controller/model/manifest.js';
import type { ScanRequest } from '../controller/model/reconcile-request.js';
import { PRIORITIES } from '../controller/model/vocabulary.js';
import { acknowledgeControllerFindings } from './controller/acknowledged-findings.js';
import { AlertTopics } from './controller/alert-topics.js';
import { ControllerBuckets, REPORTS_PREFIX } from './controller/buckets.js';
import { ControllerFunction } from './controller/controller-function.js';
import { EnvironmentAccess } from './controller/environment-access.js';
import { environmentIssues } from './controller/environments.js';
import { ReconcileQueue } from './controller/reconcile-queue.js';
import type { ControllerSettings } from './controller/settings.js';
import { stateTable } from './controller/state-table.js';

/** The controller's stack: `cdk deploy plumbline-controller`. */
export const CONTROLLER_STACK_NAME = 'plumbline-controller';

/** GitHub expects an answer to a delivery within 10 seconds. */
export const WEBHOOK_TIMEOUT = Duration.seconds(10);

/** Lambda's maximum: a rollout waits for CloudFormation, and continues in a later invocation. */
export const RECONCILE_TIMEOUT = Duration.minutes(15);

/** What the schedule puts on the reconcile queue: scan every environment at main's head. */
export const SCHEDULED_SCAN = { kind: 'scan', source: 'schedule' } as const satisfies ScanRequest;

/** The handlers' entry files, relative to the directory `cdk` runs in. */
export interface HandlerEntries {
  /** @default 'lambdas/webhook.ts' */
  readonly webhook?: string;
  /** @default 'lambdas/reconcile.ts' */
  readonly reconcile?: string;
}

/** Props of {@link ControllerStack}. */
export interface ControllerStackProps extends Omit<StackProps, 'stackName'> {
  readonly settings: ControllerSettings;
  /** Every environment the controller manages, from its manifest. */
  readonly environments: readonly DesiredState[];
  /** @default - the handlers in `lambdas/` */
  readonly handlers?: HandlerEntries;
}

/**
 * The controller itself: the webhook behind a function URL and the reconciler behind the
 * `plumbline-reconcile` queue, which the webhook, the schedule and the reconciler itself feed;
 * the state table; the alert topics; the report and template buckets; the GitHub secrets.
 *
 * Environment-agnostic: deploy it with the credentials of the account and region it should live
 * in. Its Lambda code is a file asset, so the account needs `cdk bootstrap` once.
 *
 * @example
 * new ControllerStack(app, CONTROLLER_STACK_NAME, { settings, environments });
 */
export class ControllerStack extends Stack {
  constructor(scope: Construct, id: string, props: ControllerStackProps) {
    const { settings, environments, handlers, ...stackProps } = props;
    super(scope, id, {
      ...stackProps,
      stackName: CONTROLLER_STACK_NAME,
      description: 'Plumbline controller: webhook, reconciler, schedule, state, alerts, reports',
    });
    const issues = environmentIssues(environments);
    if (issues.length > 0) throw new Error(issues.join('\n'));
    // S3 server access logs are delivered under a bucket policy rather than the legacy ACL, here only.
    this.node.setContext('@aws-cdk/aws-s3:serverAccessLogsUseBucketPolicy', true);

    const table = stateTable(this, 'StateTable');
    const { queue, deadLetterQueue } = new ReconcileQueue(this, 'ReconcileQueue', {
      consumerTimeout: RECONCILE_TIMEOUT,
    });
    const alerts = new AlertTopics(this, 'Alerts');
    const buckets = new ControllerBuckets(this, 'Buckets');
    const webhookSecret = new Secret(this, 'WebhookSecret', {
      secretName: 'plumbline/github-webhook-secret',
      description: 'Secret of the GitHub webhook: set the same value in the webhook on GitHub',
      generateSecretString: { passwordLength: 40, excludePunctuation: true },
    });
    const tokenSecret = new Secret(this, 'GitHubTokenSecret', {
      secretName: 'plumbline/github-token',
      description:
        'GitHub token of the reconciler (contents read, commit statuses write): put it after deploy',
      // A random value until the operator puts the token: no credential in the template.
      generateSecretString: { passwordLength: 40, excludePunctuation: true },
    });

    const webhook = new ControllerFunction(this, 'Webhook', {
      entry: handlers?.webhook ?? 'lambdas/webhook.ts',
      description: 'the Plumbline webhook: verifies GitHub deliveries, enqueues reconcile requests',
      timeout: WEBHOOK_TIMEOUT,
      memorySize: 256,
      // A public endpoint: a flood of unsigned requests is refused at this many at once.
      ...(settings.webhookReservedConcurrency === undefined
        ? {}
        : { reservedConcurrentExecutions: settings.webhookReservedConcurrency }),
      environment: {
        GITHUB_WEBHOOK_SECRET_ARN: webhookSecret.secretArn,
        GITHUB_REPOSITORY: settings.githubRepository,
        MAIN_BRANCH: settings.mainBranch,
        STATE_TABLE: table.tableName,
        RECONCILE_QUEUE_URL: queue.queueUrl,
      },
    });
    // Delivery ids: claimed with a conditional put, forgotten when the request could not be queued.
    table.grant(webhook.role, 'dynamodb:PutItem', 'dynamodb:DeleteItem');
    queue.grant(webhook.role, 'sqs:SendMessage');
    webhookSecret.grantRead(webhook.role);
    // No AWS authentication: GitHub cannot sign with AWS credentials. It signs every delivery with
    // the webhook secret (X-Hub-Signature-256, HMAC-SHA256), and the handler verifies that
    // signature before it reads anything else of the request.
    const url = webhook.function.addFunctionUrl({ authType: FunctionUrlAuthType.NONE });

    const reconcile = new ControllerFunction(this, 'Reconcile', {
      entry: handlers?.reconcile ?? 'lambdas/reconcile.ts',
      description: 'the Plumbline reconciler: rollouts, approvals and scans from the queue',
      timeout: RECONCILE_TIMEOUT,
      // Platform templates are synthesized in process (CDK); CPU grows with memory.
      memorySize: 1024,
      environment: {
        STATE_TABLE: table.tableName,
        REPORT_BUCKET: buckets.reports.bucketName,
        GITHUB_REPOSITORY: settings.githubRepository,
        GITHUB_API_URL: settings.githubApiUrl,
        GITHUB_TOKEN_SECRET_ARN: tokenSecret.secretArn,
        MAIN_BRANCH: settings.mainBranch,
        ALERT_TOPIC_ARN_PREFIX: alerts.arnPrefix,
        RECONCILE_QUEUE_URL: queue.queueUrl,
      },
    });
    reconcile.function.addEventSource(
      new SqsEventSource(queue, {
        batchSize: 1,
        reportBatchItemFailures: true,
        maxConcurrency: settings.reconcileMaxConcurrency,
      }),
    );
    table.grantReadWriteData(reconcile.role);
    // It enqueues its own follow-ups (the next environment, a rollout that continues).
    queue.grant(reconcile.role, 'sqs:SendMessage');
    // Reports only: CDK's bucket grants would add List*, DeleteObject* and other wildcard actions.
    reconcile.role.addToPrincipalPolicy(
      new PolicyStatement({
        sid: 'Reports',
        actions: ['s3:GetObject', 's3:PutObject'],
        resources: [buckets.reports.arnForObjects(`${REPORTS_PREFIX}*`)],
      }),
    );
    alerts.grantPublish(reconcile.role);
    tokenSecret.grantRead(reconcile.role);
    const access = new EnvironmentAccess(this, 'EnvironmentAccess', {
      environments,
      reconciler: reconcile.role,
    });
    if (access.executionRole)
      reconcile.function.addEnvironment('CFN_EXECUTION_ROLE_ARN', access.executionRole.roleArn);

    new Rule(this, 'ScanSchedule', {
      description: `Scans every environment each ${settings.scanRateMinutes} minutes`,
      schedule: Schedule.rate(Duration.minutes(settings.scanRateMinutes)),
      targets: [
        new SqsQueue(queue, {
          message: RuleTargetInput.fromObject(SCHEDULED_SCAN),
          // A scan that could not be delivered before the next one is due is superseded by it.
          maxEventAge: Duration.minutes(settings.scanRateMinutes),
        }),
      ],
    });

    acknowledgeControllerFindings({
      reconciler: reconcile.role,
      reports: buckets.reports,
      secrets: [webhookSecret, tokenSecret],
    });

    const output = (id: string, value: string, description: string) =>
      new CfnOutput(this, id, { value, description });
    output('WebhookUrl', url.url, 'Payload URL of the GitHub webhook (application/json)');
    output('WebhookSecretArn', webhookSecret.secretArn, 'The webhook secret to paste into GitHub');
    output('GitHubTokenSecretArn', tokenSecret.secretArn, 'Put the GitHub token here');
    output(
      'ReconcilerRoleArn',
      reconcile.role.roleArn,
      'Trust it in the role each environment declares (environment.roleArn)',
    );
    output('ReconcileQueueUrl', queue.queueUrl, 'Reconcile requests');
    output('DeadLetterQueueUrl', deadLetterQueue.queueUrl, 'Requests that failed 5 times');
    output('StateTableName', table.tableName, 'Leases, alerts, runs, deliveries');
    output('ReportBucketName', buckets.reports.bucketName, 'Scan reports');
    output('TemplateBucketName', buckets.templates.bucketName, 'Large platform templates');
    for (const priority of PRIORITIES)
      output(`AlertTopic${priority}Arn`, alerts.topics[priority].topicArn, `${priority} alerts`);
  }
}
