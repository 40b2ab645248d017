import {
  BlockPublicAccess,
  Bucket,
  BucketEncryption,
  type BucketProps,
  type IBucket,
  ObjectOwnership,
} from 'aws-cdk-lib/aws-s3';
import { Duration, RemovalPolicy, Stack } from 'aws-cdk-lib/core';
import { Construct } from 'constructs';
import { defaultReportBucket, defaultTemplateBucket } from '../../controller/model/conventions.js';

/** Where scan reports live in the report bucket (`S3ReportStore`: `reports/<env>/<scanId>.*`). */
export const REPORTS_PREFIX = 'reports/';

/** Where rollouts upload templates in the template bucket (`templates/<stack>/<sha256>.json`). */
export const TEMPLATES_PREFIX = 'templates/';

/** What every bucket here shares: private, encrypted, TLS 1.2 or later only, kept on delete. */
const PRIVATE: BucketProps = {
  encryption: BucketEncryption.S3_MANAGED,
  blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
  objectOwnership: ObjectOwnership.BUCKET_OWNER_ENFORCED,
  enforceSSL: true,
  minimumTLSVersion: 1.2,
  removalPolicy: RemovalPolicy.RETAIN,
};

/**
 * The controller's buckets, named per account and region as the controller expects:
 * - reports (`defaultReportBucket`): every scan's report, kept 90 days; `latest.*` is rewritten by
 *   every scan, so versioning keeps earlier copies, for 30 days;
 * - templates (`defaultTemplateBucket`): platform templates over CloudFormation's 51,200-byte inline
 *   limit, which a change set reads once; kept 30 days;
 * - access logs: S3 server access logs of both, kept 90 days.
 */
export class ControllerBuckets extends Construct {
  readonly reports: Bucket;
  readonly templates: Bucket;
  readonly accessLogs: Bucket;

  constructor(scope: Construct, id: string) {
    super(scope, id);
    const { account, region } = Stack.of(this);
    this.accessLogs = new Bucket(this, 'AccessLogs', {
      ...PRIVATE,
      lifecycleRules: [{ id: 'expire-logs', expiration: Duration.days(90) }],
    });
    // Asserted: class and interface disagree on `isWebsite?` under exactOptionalPropertyTypes.
    const logs = this.accessLogs as IBucket;
    this.reports = new Bucket(this, 'Reports', {
      ...PRIVATE,
      bucketName: defaultReportBucket(account, region),
      versioned: true,
      serverAccessLogsBucket: logs,
      serverAccessLogsPrefix: 'reports-bucket/',
      lifecycleRules: [
        {
          id: 'expire-reports',
          prefix: REPORTS_PREFIX,
          expiration: Duration.days(90),
          noncurrentVersionExpiration: Duration.days(30),
        },
        { id: 'abort-uploads', abortIncompleteMultipartUploadAfter: Duration.days(7) },
      ],
    });
    this.templates = new Bucket(this, 'Templates', {
      ...PRIVATE,
      bucketName: defaultTemplateBucket(account, region),
      serverAccessLogsBucket: logs,
      serverAccessLogsPrefix: 'templates-bucket/',
      lifecycleRules: [
        {
          id: 'expire-templates',
          expiration: Duration.days(30),
          abortIncompleteMultipartUploadAfter: Duration.days(1),
        },
      ],
    });
  }
}
