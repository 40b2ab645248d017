import { createHash } from 'node:crypto';
import { Readable } from 'node:stream';
import {
  CreateBucketCommand,
  DeleteObjectCommand,
  GetObjectCommand,
  HeadBucketCommand,
  HeadObjectCommand,
  ListBucketsCommand,
  ListObjectsV2Command,
  NoSuchBucket,
  NoSuchKey,
  PutObjectCommand,
  S3Client,
} from '@aws-sdk/client-s3';
import { type Sandbox, startSandbox } from '../../../sandbox/index.js';
import { readS3Object } from '../../../sandbox/s3/operations.js';
import { StateStore } from '../../../sandbox/state-store.js';
import { authorization, REGION, temporaryDirectory } from '../helpers.js';

const BUCKET = 'plumbline-templates';
const TEMPLATE = '{"Resources":{"Queue":{"Type":"AWS::SQS::Queue"}}}';

function s3Client(sandbox: Sandbox): S3Client {
  return new S3Client({
    endpoint: sandbox.url,
    region: REGION,
    forcePathStyle: true,
    credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
    maxAttempts: 1,
  });
}

function rawS3(sandbox: Sandbox, method: string, path: string, init: RequestInit = {}) {
  return fetch(`${sandbox.url}${path}`, {
    method,
    ...init,
    headers: { authorization: authorization('s3'), ...(init.headers ?? {}) },
  });
}

describe('sandbox S3', () => {
  let sandbox: Sandbox;
  let client: S3Client;
  let dataDir: { path: string; remove: () => Promise<void> } | undefined;

  async function start(options: { dataDir?: string } = {}): Promise<void> {
    sandbox = await startSandbox({ port: 0, ...options });
    client = s3Client(sandbox);
  }

  afterEach(async () => {
    client.destroy();
    await sandbox.close();
    await dataDir?.remove();
    dataDir = undefined;
  });

  it('refuses to create an existing bucket of the same account with BucketAlreadyOwnedByYou', async () => {
    // Prepare
    await start();
    await client.send(new CreateBucketCommand({ Bucket: BUCKET }));

    // Act
    const error = await client
      .send(new CreateBucketCommand({ Bucket: BUCKET }))
      .catch((caught: unknown) => caught);

    // Assess
    expect(error).toMatchObject({
      name: 'BucketAlreadyOwnedByYou',
      $metadata: { httpStatusCode: 409 },
    });
  });

  it('stores a string body sent with the default checksums and returns exactly its bytes', async () => {
    // Prepare
    await start();
    await client.send(new CreateBucketCommand({ Bucket: BUCKET }));

    // Act
    const put = await client.send(
      new PutObjectCommand({ Bucket: BUCKET, Key: 'stacks/api.json', Body: TEMPLATE }),
    );
    const got = await client.send(new GetObjectCommand({ Bucket: BUCKET, Key: 'stacks/api.json' }));
    const text = await got.Body?.transformToString();

    // Assess
    const md5 = createHash('md5').update(TEMPLATE).digest('hex');
    expect(text).toBe(TEMPLATE);
    expect(put.ETag).toBe(`"${md5}"`);
    expect(got).toMatchObject({ ETag: `"${md5}"`, ContentLength: TEMPLATE.length });
    expect(got.ChecksumCRC32).toBe(put.ChecksumCRC32);
  });

  it('unframes an aws-chunked streaming upload with a trailing checksum', async () => {
    // Prepare
    await start();
    await client.send(new CreateBucketCommand({ Bucket: BUCKET }));
    const parts = [Buffer.from('{"Resources":'), Buffer.from('{}}')];

    // Act
    await client.send(
      new PutObjectCommand({
        Bucket: BUCKET,
        Key: 'streamed.json',
        Body: Readable.from(parts),
        ContentLength: 16,
      }),
    );
    const got = await client.send(new GetObjectCommand({ Bucket: BUCKET, Key: 'streamed.json' }));

    // Assess
    expect(await got.Body?.transformToString()).toBe('{"Resources":{}}');
    expect(got.ChecksumCRC32).toBeDefined();
  });

  it('rejects an upload whose checksum does not match with BadDigest', async () => {
    // Prepare
    await start();
    await client.send(new CreateBucketCommand({ Bucket: BUCKET }));

    // Act
    const response = await rawS3(sandbox, 'PUT', `/${BUCKET}/bad.json`, {
      headers: { 'x-amz-checksum-crc32': 'AAAAAA==' },
      body: TEMPLATE,
    });

    // Assess
    expect(response.status).toBe(400);
    expect(await response.text()).toContain('<Code>BadDigest</Code>');
  });

  it('answers a missing key with a NoSuchKey error document', async () => {
    // Prepare
    await start();
    await client.send(new CreateBucketCommand({ Bucket: BUCKET }));

    // Act
    const error = await client
      .send(new GetObjectCommand({ Bucket: BUCKET, Key: 'missing.json' }))
      .catch((caught: unknown) => caught);
    const raw = await rawS3(sandbox, 'GET', `/${BUCKET}/missing.json`);

    // Assess
    expect(error).toBeInstanceOf(NoSuchKey);
    expect(error).toMatchObject({ Key: 'missing.json', $metadata: { httpStatusCode: 404 } });
    expect(await raw.text()).toMatch(
      /^<\?xml version="1.0" encoding="UTF-8"\?>\n<Error><Code>NoSuchKey<\/Code><Message>The specified key does not exist.<\/Message><Key>missing.json<\/Key><RequestId>[0-9A-F]{16}<\/RequestId><HostId>.+<\/HostId><\/Error>$/,
    );
  });

  it('answers a missing bucket with NoSuchBucket, and HEAD of it with NotFound', async () => {
    // Prepare
    await start();

    // Act
    const get = await client
      .send(new GetObjectCommand({ Bucket: BUCKET, Key: 'a.json' }))
      .catch((caught: unknown) => caught);
    const head = await client
      .send(new HeadBucketCommand({ Bucket: BUCKET }))
      .catch((caught: unknown) => caught);

    // Assess
    expect(get).toBeInstanceOf(NoSuchBucket);
    expect(head).toMatchObject({ name: 'NotFound', $metadata: { httpStatusCode: 404 } });
  });

  it('lists objects by prefix and delimiter, page by page', async () => {
    // Prepare
    await start();
    await client.send(new CreateBucketCommand({ Bucket: BUCKET }));
    for (const key of ['a.json', 'b.json', 'nested/c.json', 'nested/d.json']) {
      await client.send(new PutObjectCommand({ Bucket: BUCKET, Key: key, Body: key }));
    }

    // Act
    const grouped = await client.send(new ListObjectsV2Command({ Bucket: BUCKET, Delimiter: '/' }));
    const first = await client.send(new ListObjectsV2Command({ Bucket: BUCKET, MaxKeys: 3 }));
    const rest = await client.send(
      new ListObjectsV2Command({ Bucket: BUCKET, ContinuationToken: first.NextContinuationToken }),
    );

    // Assess
    expect(grouped.Contents?.map((object) => object.Key)).toEqual(['a.json', 'b.json']);
    expect(grouped.CommonPrefixes).toEqual([{ Prefix: 'nested/' }]);
    expect(grouped.Contents?.[0]).toMatchObject({ Size: 6, StorageClass: 'STANDARD' });
    expect(first).toMatchObject({ IsTruncated: true, KeyCount: 3 });
    expect(rest.Contents?.map((object) => object.Key)).toEqual(['nested/d.json']);
    expect(rest.IsTruncated).toBe(false);
  });

  it("lists the caller's buckets with their region", async () => {
    // Prepare
    await start();
    await client.send(new CreateBucketCommand({ Bucket: BUCKET }));

    // Act
    const listed = await client.send(new ListBucketsCommand({}));
    const head = await client.send(new HeadBucketCommand({ Bucket: BUCKET }));

    // Assess
    expect(listed.Buckets).toEqual([
      { Name: BUCKET, CreationDate: expect.any(Date), BucketRegion: REGION },
    ]);
    expect(head.BucketRegion).toBe(REGION);
  });

  it('heads an object with its length and deletes it', async () => {
    // Prepare
    await start();
    await client.send(new CreateBucketCommand({ Bucket: BUCKET }));
    await client.send(new PutObjectCommand({ Bucket: BUCKET, Key: 'api.json', Body: TEMPLATE }));

    // Act
    const head = await client.send(new HeadObjectCommand({ Bucket: BUCKET, Key: 'api.json' }));
    await client.send(new DeleteObjectCommand({ Bucket: BUCKET, Key: 'api.json' }));
    const gone = await client
      .send(new HeadObjectCommand({ Bucket: BUCKET, Key: 'api.json' }))
      .catch((caught: unknown) => caught);

    // Assess
    expect(head).toMatchObject({
      ContentLength: TEMPLATE.length,
      ContentType: 'application/octet-stream',
    });
    expect(gone).toMatchObject({ name: 'NotFound', $metadata: { httpStatusCode: 404 } });
  });

  it('keeps buckets and objects across a restart, readable with readS3Object', async () => {
    // Prepare
    const directory = await temporaryDirectory();
    dataDir = directory;
    await start({ dataDir: directory.path });
    await client.send(new CreateBucketCommand({ Bucket: BUCKET }));
    await client.send(new PutObjectCommand({ Bucket: BUCKET, Key: 'api.json', Body: TEMPLATE }));
    client.destroy();
    await sandbox.close();

    // Act
    await start({ dataDir: directory.path });
    const got = await client.send(new GetObjectCommand({ Bucket: BUCKET, Key: 'api.json' }));
    const stored = await StateStore.open(directory.path);

    // Assess
    expect(await got.Body?.transformToString()).toBe(TEMPLATE);
    expect(readS3Object(stored.state, BUCKET, 'api.json')).toBe(TEMPLATE);
    expect(readS3Object(stored.state, BUCKET, 'other.json')).toBeUndefined();
  });

  it('counts S3 operations and throttles them with SlowDown', async () => {
    // Prepare
    await start();
    await client.send(new CreateBucketCommand({ Bucket: BUCKET }));
    sandbox.setFaults({ throttleRate: 1, services: ['S3'], operations: ['PutObject'] });

    // Act
    const error = await client
      .send(new PutObjectCommand({ Bucket: BUCKET, Key: 'api.json', Body: TEMPLATE }))
      .catch((caught: unknown) => caught);

    // Assess
    expect(error).toMatchObject({ name: 'SlowDown', $metadata: { httpStatusCode: 503 } });
    expect(sandbox.stats().byService.S3).toEqual({ CreateBucket: 1, PutObject: 1 });
    expect(sandbox.stats().injected.throttled).toBe(1);
  });

  it('answers sub-resources it does not serve with NotImplemented', async () => {
    // Prepare
    await start();
    await client.send(new CreateBucketCommand({ Bucket: BUCKET }));
    await client.send(new PutObjectCommand({ Bucket: BUCKET, Key: 'api.json', Body: TEMPLATE }));

    // Act
    const response = await rawS3(sandbox, 'GET', `/${BUCKET}/api.json?tagging`);

    // Assess
    expect(response.status).toBe(501);
    expect(await response.text()).toContain('<Code>NotImplemented</Code>');
  });

  it('serves presigned GetObject URLs', async () => {
    // Prepare
    await start();
    await client.send(new CreateBucketCommand({ Bucket: BUCKET }));
    await client.send(new PutObjectCommand({ Bucket: BUCKET, Key: 'api.json', Body: TEMPLATE }));
    const query = new URLSearchParams({
      'X-Amz-Algorithm': 'AWS4-HMAC-SHA256',
      'X-Amz-Credential': `test/20260101/${REGION}/s3/aws4_request`,
      'X-Amz-Date': '20260101T000000Z',
      'X-Amz-Expires': '900',
      'X-Amz-SignedHeaders': 'host',
      'X-Amz-Signature': '00',
    });

    // Act
    const response = await fetch(`${sandbox.url}/${BUCKET}/api.json?${query}`);

    // Assess
    expect(response.status).toBe(200);
    expect(await response.text()).toBe(TEMPLATE);
  });
});
