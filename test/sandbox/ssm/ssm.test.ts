import { CreateTableCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { CreateBucketCommand, S3Client } from '@aws-sdk/client-s3';
import { type Sandbox, type Stats, startSandbox } from '../../../sandbox/index.js';
import { getParameterValue } from '../../../sandbox/ssm/parameters.js';
import { StateStore } from '../../../sandbox/state-store.js';
import { REGION, temporaryDirectory } from '../helpers.js';

const CREDENTIALS = { accessKeyId: 'test', secretAccessKey: 'test' };

/** A raw awsJson1_1 SSM call, signed-looking for `region`. */
async function ssm(
  sandbox: Sandbox,
  operation: string,
  body: unknown,
  region = REGION,
): Promise<{ status: number; body: Record<string, unknown> }> {
  const response = await fetch(`${sandbox.url}/`, {
    method: 'POST',
    headers: {
      'content-type': 'application/x-amz-json-1.1',
      'x-amz-target': `AmazonSSM.${operation}`,
      authorization: `AWS4-HMAC-SHA256 Credential=test/20260101/${region}/ssm/aws4_request, SignedHeaders=host;x-amz-date, Signature=0000`,
    },
    body: JSON.stringify(body),
  });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

describe('sandbox SSM Parameter Store', () => {
  let sandbox: Sandbox;

  beforeEach(async () => {
    sandbox = await startSandbox({ port: 0 });
  });

  afterEach(async () => {
    await sandbox.close();
  });

  it('creates a String parameter at version 1 and reads it back', async () => {
    // Prepare
    await ssm(sandbox, 'PutParameter', { Name: '/app/url', Value: 'https://a', Type: 'String' });

    // Act
    const read = await ssm(sandbox, 'GetParameter', { Name: '/app/url' });

    // Assess
    expect(read.status).toBe(200);
    expect(read.body.Parameter).toEqual({
      Name: '/app/url',
      Type: 'String',
      Value: 'https://a',
      Version: 1,
      LastModifiedDate: expect.any(Number),
      ARN: 'arn:aws:ssm:eu-west-1:000000000000:parameter/app/url',
      DataType: 'text',
    });
  });

  it('refuses to replace a parameter without Overwrite and makes a new version with it', async () => {
    // Prepare
    await ssm(sandbox, 'PutParameter', { Name: 'image', Value: 'v1', Type: 'String' });

    // Act
    const refused = await ssm(sandbox, 'PutParameter', { Name: 'image', Value: 'v2' });
    const replaced = await ssm(sandbox, 'PutParameter', {
      Name: 'image',
      Value: 'v2',
      Overwrite: true,
    });
    const current = await ssm(sandbox, 'GetParameter', { Name: 'image' });
    const first = await ssm(sandbox, 'GetParameter', { Name: 'image:1' });

    // Assess
    expect(refused).toMatchObject({ status: 400, body: { __type: 'ParameterAlreadyExists' } });
    expect(replaced.body).toEqual({ Version: 2, Tier: 'Standard' });
    expect(current.body.Parameter).toMatchObject({ Value: 'v2', Version: 2, Type: 'String' });
    expect(first.body.Parameter).toMatchObject({ Value: 'v1', Version: 1, Selector: ':1' });
  });

  it('answers a missing parameter with ParameterNotFound (400)', async () => {
    // Act
    const read = await ssm(sandbox, 'GetParameter', { Name: '/missing' });

    // Assess
    expect(read).toMatchObject({ status: 400, body: { __type: 'ParameterNotFound' } });
  });

  it('hides SecureString values unless asked WithDecryption', async () => {
    // Prepare
    await ssm(sandbox, 'PutParameter', { Name: '/db/pw', Value: 's3cret', Type: 'SecureString' });

    // Act
    const hidden = await ssm(sandbox, 'GetParameter', { Name: '/db/pw' });
    const shown = await ssm(sandbox, 'GetParameter', { Name: '/db/pw', WithDecryption: true });

    // Assess
    expect(hidden.body.Parameter).toMatchObject({ Type: 'SecureString' });
    expect(JSON.stringify(hidden.body)).not.toContain('s3cret');
    expect(shown.body.Parameter).toMatchObject({ Value: 's3cret' });
  });

  it('answers GetParameters with the found parameters and the invalid names', async () => {
    // Prepare
    await ssm(sandbox, 'PutParameter', { Name: '/a', Value: 'x,y', Type: 'StringList' });

    // Act
    const read = await ssm(sandbox, 'GetParameters', { Names: ['/a', '/b'] });

    // Assess
    expect(read.body).toMatchObject({
      Parameters: [{ Name: '/a', Type: 'StringList', Value: 'x,y' }],
      InvalidParameters: ['/b'],
    });
  });

  it('deletes a parameter, and a second delete finds nothing', async () => {
    // Prepare
    await ssm(sandbox, 'PutParameter', { Name: '/a', Value: '1', Type: 'String' });

    // Act
    const deleted = await ssm(sandbox, 'DeleteParameter', { Name: '/a' });
    const again = await ssm(sandbox, 'DeleteParameter', { Name: '/a' });
    const read = await ssm(sandbox, 'GetParameter', { Name: '/a' });

    // Assess
    expect(deleted).toEqual({ status: 200, body: {} });
    expect(again.body.__type).toBe('ParameterNotFound');
    expect(read.body.__type).toBe('ParameterNotFound');
  });

  it('describes the parameters under a path, without their values', async () => {
    // Prepare
    for (const name of ['/app/a', '/app/b', '/app/deep/c', '/other']) {
      await ssm(sandbox, 'PutParameter', { Name: name, Value: 'v', Type: 'String' });
    }

    // Act
    const described = await ssm(sandbox, 'DescribeParameters', {
      ParameterFilters: [{ Key: 'Path', Option: 'OneLevel', Values: ['/app'] }],
    });

    // Assess
    const parameters = described.body.Parameters as Record<string, unknown>[];
    expect(parameters.map((parameter) => parameter.Name)).toEqual(['/app/a', '/app/b']);
    expect(parameters[0]).toMatchObject({ Type: 'String', Version: 1, Tier: 'Standard' });
    expect(parameters[0]).not.toHaveProperty('Value');
  });

  it('keeps parameters of each region apart', async () => {
    // Prepare
    await ssm(sandbox, 'PutParameter', { Name: '/a', Value: 'eu', Type: 'String' });

    // Act
    const elsewhere = await ssm(sandbox, 'GetParameter', { Name: '/a' }, 'us-east-1');

    // Assess
    expect(elsewhere.body.__type).toBe('ParameterNotFound');
  });

  it('resolves values and versions for dynamic references with getParameterValue', async () => {
    // Prepare
    const directory = await temporaryDirectory();
    await sandbox.close();
    sandbox = await startSandbox({ port: 0, dataDir: directory.path });
    await ssm(sandbox, 'PutParameter', { Name: '/db/pw', Value: 'one', Type: 'SecureString' });
    await ssm(sandbox, 'PutParameter', { Name: '/db/pw', Value: 'two', Overwrite: true });

    // Act
    const { state } = await StateStore.open(directory.path);
    const scope = { accountId: '000000000000', region: REGION };

    // Assess
    expect(getParameterValue(state, '/db/pw')).toBe('two');
    expect(getParameterValue(state, '/db/pw:1', scope)).toBe('one');
    expect(getParameterValue(state, '/db/pw', { ...scope, region: 'us-east-1' })).toBeUndefined();
    expect(getParameterValue(state, '/db/pw:3')).toBeUndefined();
    await directory.remove();
  });

  it('counts DynamoDB, S3 and SSM requests in GET /_sandbox/stats', async () => {
    // Prepare
    const config = { endpoint: sandbox.url, region: REGION, credentials: CREDENTIALS };
    const dynamodb = new DynamoDBClient(config);
    const s3 = new S3Client({ ...config, forcePathStyle: true });

    // Act
    await dynamodb.send(
      new CreateTableCommand({
        TableName: 'locks',
        KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }],
        AttributeDefinitions: [{ AttributeName: 'pk', AttributeType: 'S' }],
        BillingMode: 'PAY_PER_REQUEST',
      }),
    );
    await s3.send(new CreateBucketCommand({ Bucket: 'templates' }));
    await ssm(sandbox, 'GetParameter', { Name: '/missing' });
    const stats = (await (await fetch(`${sandbox.url}/_sandbox/stats`)).json()) as Stats;
    dynamodb.destroy();
    s3.destroy();

    // Assess
    expect(stats.byService).toMatchObject({
      DynamoDB: { CreateTable: 1 },
      S3: { CreateBucket: 1 },
      SSM: { GetParameter: 1 },
    });
  });
});
