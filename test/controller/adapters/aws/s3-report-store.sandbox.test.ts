import { GetObjectCommand, S3Client } from '@aws-sdk/client-s3';
import {
  ensureReportBucket,
  S3ReportStore,
} from '../../../../controller/adapters/aws/s3-report-store.js';
import { defaultReportBucket } from '../../../../controller/model/conventions.js';
import { type Sandbox, startSandbox } from '../../../../sandbox/index.js';
import { authorization } from '../../../sandbox/helpers.js';

const BUCKET = defaultReportBucket('000000000000', 'eu-west-1');

describe('S3ReportStore on the sandbox', () => {
  let sandbox: Sandbox;
  let client: S3Client;

  beforeAll(async () => {
    sandbox = await startSandbox({ port: 0 });
    client = new S3Client({
      endpoint: sandbox.url,
      region: 'eu-west-1',
      forcePathStyle: true,
      credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
      maxAttempts: 1,
    });
  });

  afterAll(async () => {
    client.destroy();
    await sandbox.close();
  });

  async function read(key: string): Promise<{ body: string; contentType: string | undefined }> {
    const out = await client.send(new GetObjectCommand({ Bucket: BUCKET, Key: key }));
    return { body: (await out.Body?.transformToString()) ?? '', contentType: out.ContentType };
  }

  it('stores the scan and latest renderings and returns a URL that serves the scan page', async () => {
    // Prepare
    await ensureReportBucket(client, BUCKET);
    await ensureReportBucket(client, BUCKET);
    const store = new S3ReportStore({ client, bucket: BUCKET });
    const documents = { json: '{"status":"in-sync"}\n', markdown: '# dev\n', html: '<p>dev ✓</p>' };

    // Act
    const { url } = await store.put('dev', 'scan-1', documents);
    const page = await fetch(url, { headers: { authorization: authorization('s3') } });

    // Assess
    expect(url).toBe(`${sandbox.url}/${BUCKET}/reports/dev/scan-1.html`);
    expect(page.status).toBe(200);
    expect(await page.text()).toBe('<p>dev ✓</p>');
    expect(await read('reports/dev/scan-1.json')).toEqual({
      body: '{"status":"in-sync"}\n',
      contentType: 'application/json; charset=utf-8',
    });
    expect(await read('reports/dev/scan-1.md')).toEqual({
      body: '# dev\n',
      contentType: 'text/markdown; charset=utf-8',
    });
    expect(await read('reports/dev/latest.html')).toEqual({
      body: '<p>dev ✓</p>',
      contentType: 'text/html; charset=utf-8',
    });
  });

  it('replaces latest with the newest scan and keeps the older scan', async () => {
    // Prepare
    await ensureReportBucket(client, BUCKET);
    const store = new S3ReportStore({ client, bucket: BUCKET });
    await store.put('prod', 'scan-1', { json: '1', markdown: '1', html: 'one' });

    // Act
    await store.put('prod', 'scan-2', { json: '2', markdown: '2', html: 'two' });

    // Assess
    expect((await read('reports/prod/latest.json')).body).toBe('2');
    expect((await read('reports/prod/scan-1.html')).body).toBe('one');
    expect((await read('reports/prod/scan-2.html')).body).toBe('two');
  });
});
