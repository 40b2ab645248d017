import {
  CreateBucketCommand,
  PutObjectCommand,
  type PutObjectCommandInput,
  S3Client,
  S3ServiceException,
} from '@aws-sdk/client-s3';
import { mockClient } from 'aws-sdk-client-mock';
import {
  ensureReportBucket,
  S3ReportStore,
} from '../../../../controller/adapters/aws/s3-report-store.js';
import { ReportStoreError } from '../../../../controller/model/errors.js';

const s3Mock = mockClient(S3Client);
const BUCKET = 'plumbline-reports-123456789012-eu-west-1';
const DOCUMENTS = {
  json: '{"status":"drift"}\n',
  markdown: '# dev: drift\n',
  html: '<h1>dev</h1>',
};

function accessDenied(): S3ServiceException {
  return new S3ServiceException({
    name: 'AccessDenied',
    $fault: 'client',
    $metadata: { httpStatusCode: 403 },
    message: 'Access Denied',
  });
}

function putInputs(): PutObjectCommandInput[] {
  return s3Mock.commandCalls(PutObjectCommand).map((call) => call.args[0].input);
}

describe('S3ReportStore', () => {
  afterEach(() => {
    s3Mock.reset();
  });

  it('writes the scan and latest renderings with their content types and returns the virtual-hosted page URL', async () => {
    // Prepare
    s3Mock.on(PutObjectCommand).resolves({});
    const store = new S3ReportStore({
      client: new S3Client({ region: 'eu-west-1' }),
      bucket: BUCKET,
    });

    // Act
    const stored = await store.put('dev', 'scan-20250301T120000Z', DOCUMENTS);

    // Assess
    expect(stored).toEqual({
      url: `https://${BUCKET}.s3.eu-west-1.amazonaws.com/reports/dev/scan-20250301T120000Z.html`,
    });
    expect(s3Mock).toHaveReceivedCommandTimes(PutObjectCommand, 6);
    expect(s3Mock).toHaveReceivedCommandWith(PutObjectCommand, {
      Bucket: BUCKET,
      Key: 'reports/dev/latest.html',
      Body: '<h1>dev</h1>',
      ContentType: 'text/html; charset=utf-8',
      CacheControl: 'no-cache',
    });
    expect(putInputs()).toEqual([
      {
        Bucket: BUCKET,
        Key: 'reports/dev/scan-20250301T120000Z.json',
        Body: '{"status":"drift"}\n',
        ContentType: 'application/json; charset=utf-8',
      },
      {
        Bucket: BUCKET,
        Key: 'reports/dev/scan-20250301T120000Z.md',
        Body: '# dev: drift\n',
        ContentType: 'text/markdown; charset=utf-8',
      },
      {
        Bucket: BUCKET,
        Key: 'reports/dev/scan-20250301T120000Z.html',
        Body: '<h1>dev</h1>',
        ContentType: 'text/html; charset=utf-8',
      },
      {
        Bucket: BUCKET,
        Key: 'reports/dev/latest.json',
        Body: '{"status":"drift"}\n',
        ContentType: 'application/json; charset=utf-8',
        CacheControl: 'no-cache',
      },
      {
        Bucket: BUCKET,
        Key: 'reports/dev/latest.md',
        Body: '# dev: drift\n',
        ContentType: 'text/markdown; charset=utf-8',
        CacheControl: 'no-cache',
      },
      {
        Bucket: BUCKET,
        Key: 'reports/dev/latest.html',
        Body: '<h1>dev</h1>',
        ContentType: 'text/html; charset=utf-8',
        CacheControl: 'no-cache',
      },
    ]);
  });

  it('returns a path-style URL under a custom endpoint', async () => {
    // Prepare
    s3Mock.on(PutObjectCommand).resolves({});
    const client = new S3Client({
      region: 'eu-west-1',
      endpoint: 'http://127.0.0.1:4566',
      forcePathStyle: true,
    });
    const store = new S3ReportStore({ client, bucket: BUCKET });

    // Act
    const stored = await store.put('staging', 'scan-1', DOCUMENTS);

    // Assess
    expect(stored.url).toBe(`http://127.0.0.1:4566/${BUCKET}/reports/staging/scan-1.html`);
  });

  it('returns a path-style URL under an endpoint from AWS_ENDPOINT_URL', async () => {
    // Prepare
    s3Mock.on(PutObjectCommand).resolves({});
    process.env.AWS_ENDPOINT_URL = 'http://localhost:4566';
    try {
      const store = new S3ReportStore({
        client: new S3Client({ region: 'eu-west-1' }),
        bucket: BUCKET,
      });

      // Act
      const stored = await store.put('dev', 'scan-2', DOCUMENTS);

      // Assess
      expect(stored.url).toBe(`http://localhost:4566/${BUCKET}/reports/dev/scan-2.html`);
    } finally {
      delete process.env.AWS_ENDPOINT_URL;
    }
  });

  it('returns a URL under the public base URL when one is given, encoding the key', async () => {
    // Prepare
    s3Mock.on(PutObjectCommand).resolves({});
    const store = new S3ReportStore({
      client: new S3Client({ region: 'eu-west-1' }),
      bucket: BUCKET,
      publicBaseUrl: 'https://reports.example.com/plumbline/',
    });

    // Act
    const stored = await store.put('prod', 'scan 2025+1', DOCUMENTS);

    // Assess
    expect(stored.url).toBe(
      'https://reports.example.com/plumbline/reports/prod/scan%202025%2B1.html',
    );
  });

  it('fails with a ReportStoreError naming the object and leaves latest alone when a scan object is refused', async () => {
    // Prepare
    s3Mock.on(PutObjectCommand).resolves({});
    s3Mock.on(PutObjectCommand, { Key: 'reports/dev/scan-3.md' }).rejects(accessDenied());
    const store = new S3ReportStore({
      client: new S3Client({ region: 'eu-west-1' }),
      bucket: BUCKET,
    });

    // Act
    const error = await store.put('dev', 'scan-3', DOCUMENTS).catch((caught: unknown) => caught);

    // Assess
    expect(error).toBeInstanceOf(ReportStoreError);
    expect(error).toMatchObject({
      bucket: BUCKET,
      key: 'reports/dev/scan-3.md',
      message: `report s3://${BUCKET}/reports/dev/scan-3.md not stored: AccessDenied: Access Denied`,
    });
    expect(putInputs().map((input) => input.Key)).not.toContain('reports/dev/latest.html');
  });
});

describe('ensureReportBucket', () => {
  afterEach(() => {
    s3Mock.reset();
  });

  it('creates the bucket in the client region', async () => {
    // Prepare
    s3Mock.on(CreateBucketCommand).resolves({});

    // Act
    await ensureReportBucket(new S3Client({ region: 'eu-west-1' }), BUCKET);

    // Assess
    expect(s3Mock.commandCalls(CreateBucketCommand).map((c) => c.args[0].input)).toEqual([
      { Bucket: BUCKET, CreateBucketConfiguration: { LocationConstraint: 'eu-west-1' } },
    ]);
  });

  it('names no location in us-east-1, where S3 refuses one', async () => {
    // Prepare
    s3Mock.on(CreateBucketCommand).resolves({});

    // Act
    await ensureReportBucket(new S3Client({ region: 'us-east-1' }), 'reports');

    // Assess
    expect(s3Mock.commandCalls(CreateBucketCommand).map((c) => c.args[0].input)).toEqual([
      { Bucket: 'reports' },
    ]);
  });

  it('accepts a bucket it already owns and rethrows anything else', async () => {
    // Prepare
    const client = new S3Client({ region: 'eu-west-1' });
    const owned = new S3ServiceException({
      name: 'BucketAlreadyOwnedByYou',
      $fault: 'client',
      $metadata: { httpStatusCode: 409 },
    });
    s3Mock.on(CreateBucketCommand).rejectsOnce(owned).rejectsOnce(accessDenied());

    // Act
    const first = await ensureReportBucket(client, BUCKET);
    const second = await ensureReportBucket(client, BUCKET).catch((caught: unknown) => caught);

    // Assess
    expect(first).toBeUndefined();
    expect(second).toMatchObject({ name: 'AccessDenied' });
  });
});
