import { Effect, type IGrantable, PolicyStatement, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { Key } from 'aws-cdk-lib/aws-kms';
import { Topic } from 'aws-cdk-lib/aws-sns';
import { ArnFormat, Stack } from 'aws-cdk-lib/core';
import { Construct } from 'constructs';
import { alertTopicName } from '../../controller/model/conventions.js';
import type { Priority } from '../../controller/model/manifest.js';
import { PRIORITIES } from '../../controller/model/vocabulary.js';

/**
 * The four alert topics, `plumbline-alerts-p0` .. `-p3` (`alertTopicName`), encrypted with one
 * customer-managed key and refusing requests without TLS.
 *
 * Two publishers: the reconcile function (drift and rollout alerts) and the CloudWatch alarms of
 * the platform stacks in this account and region, which name these topics by ARN. CloudWatch can
 * publish to an encrypted topic only when the key is customer-managed and its policy lets
 * CloudWatch use it (an AWS-managed key would drop every alarm notification silently); both grants
 * are limited to this account's `plumbline-*` alarms.
 */
export class AlertTopics extends Construct {
  readonly key: Key;
  readonly topics: Readonly<Record<Priority, Topic>>;

  constructor(scope: Construct, id: string) {
    super(scope, id);
    const stack = Stack.of(this);
    // Platform stacks are named plumbline-<env>; CloudFormation names their alarms after the stack.
    const platformAlarms = stack.formatArn({
      service: 'cloudwatch',
      resource: 'alarm',
      resourceName: 'plumbline-*',
      arnFormat: ArnFormat.COLON_RESOURCE_NAME,
    });
    const fromPlatformAlarms = {
      StringEquals: { 'aws:SourceAccount': stack.account },
      ArnLike: { 'aws:SourceArn': platformAlarms },
    };
    const cloudwatch = new ServicePrincipal('cloudwatch.amazonaws.com');

    this.key = new Key(this, 'Key', {
      alias: 'alias/plumbline-alerts',
      description: 'Encrypts the Plumbline alert topics',
      enableKeyRotation: true,
    });
    this.key.addToResourcePolicy(
      new PolicyStatement({
        sid: 'PlatformAlarmsPublish',
        effect: Effect.ALLOW,
        principals: [cloudwatch],
        actions: ['kms:Decrypt', 'kms:GenerateDataKey*'],
        // In a key policy, "*" is the key itself.
        resources: ['*'],
        conditions: fromPlatformAlarms,
      }),
    );

    const topics: Partial<Record<Priority, Topic>> = {};
    for (const priority of PRIORITIES) {
      const topic = new Topic(this, priority, {
        topicName: alertTopicName(priority),
        displayName: `Plumbline ${priority} alerts`,
        masterKey: this.key,
        enforceSSL: true,
      });
      topic.addToResourcePolicy(
        new PolicyStatement({
          sid: 'PlatformAlarmsPublish',
          principals: [cloudwatch],
          actions: ['sns:Publish'],
          resources: [topic.topicArn],
          conditions: fromPlatformAlarms,
        }),
      );
      topics[priority] = topic;
    }
    this.topics = topics as Record<Priority, Topic>;
  }

  /**
   * `arn:<partition>:sns:<region>:<account>:`: a topic's ARN is this prefix followed by its
   * `alertTopicName`, so a function finds all four from one variable.
   */
  get arnPrefix(): string {
    const stack = Stack.of(this);
    return `arn:${stack.partition}:sns:${stack.region}:${stack.account}:`;
  }

  /** Publish to every topic (with the key's data-key permissions). */
  grantPublish(grantee: IGrantable): void {
    for (const priority of PRIORITIES) this.topics[priority].grantPublish(grantee);
  }
}
