import { readdir } from 'node:fs/promises';
import { crc32 } from 'node:zlib';
import {
  ConditionalCheckFailedException,
  CreateTableCommand,
  DynamoDBClient,
  GetItemCommand,
  InternalServerError,
  ListTablesCommand,
  PutItemCommand,
  ThrottlingException,
} from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { DynamoDbDataInUseError } from '../../../sandbox/dynamodb/data-lock.js';
import { type Sandbox, type Stats, startSandbox } from '../../../sandbox/index.js';
import { authorization, REGION, temporaryDirectory } from '../helpers.js';

const TABLE = 'locks';

function dynamoDbClient(sandbox: Sandbox): DynamoDBClient {
  return new DynamoDBClient({
    endpoint: sandbox.url,
    region: REGION,
    credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
    maxAttempts: 1,
  });
}

async function createTable(client: DynamoDBClient, name = TABLE): Promise<void> {
  await client.send(
    new CreateTableCommand({
      TableName: name,
      KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }],
      AttributeDefinitions: [{ AttributeName: 'pk', AttributeType: 'S' }],
      BillingMode: 'PAY_PER_REQUEST',
    }),
  );
}

function putLock(owner: string): PutItemCommand {
  return new PutItemCommand({
    TableName: TABLE,
    Item: { pk: { S: 'env#prod' }, owner: { S: owner } },
    ConditionExpression: 'attribute_not_exists(pk)',
  });
}

describe('sandbox DynamoDB', () => {
  let sandbox: Sandbox;
  let client: DynamoDBClient;
  let dataDir: { path: string; remove: () => Promise<void> } | undefined;

  afterEach(async () => {
    client.destroy();
    await sandbox.close();
    await dataDir?.remove();
    dataDir = undefined;
  });

  it('creates a table, puts an item and gets it back through the real client', async () => {
    // Prepare
    sandbox = await startSandbox({ port: 0 });
    client = dynamoDbClient(sandbox);
    await createTable(client);

    // Act
    await client.send(putLock('run-1'));
    const read = await client.send(
      new GetItemCommand({ TableName: TABLE, Key: { pk: { S: 'env#prod' } } }),
    );

    // Assess
    expect(read.Item).toEqual({ pk: { S: 'env#prod' }, owner: { S: 'run-1' } });
  });

  it('rejects a second attribute_not_exists put with ConditionalCheckFailedException', async () => {
    // Prepare
    sandbox = await startSandbox({ port: 0 });
    client = dynamoDbClient(sandbox);
    await createTable(client);
    await client.send(putLock('run-1'));

    // Act
    const error = await client.send(putLock('run-2')).catch((caught: unknown) => caught);

    // Assess
    expect(error).toBeInstanceOf(ConditionalCheckFailedException);
    expect(error).toMatchObject({ $metadata: { httpStatusCode: 400 } });
  });

  it('adds to a counter with UpdateItem and answers ALL_NEW through the document client', async () => {
    // Prepare
    sandbox = await startSandbox({ port: 0 });
    client = dynamoDbClient(sandbox);
    const documents = DynamoDBDocumentClient.from(client);
    await createTable(client);
    const update = new UpdateCommand({
      TableName: TABLE,
      Key: { pk: 'env#prod' },
      UpdateExpression: 'SET #owner = :owner ADD fencing :one',
      ExpressionAttributeNames: { '#owner': 'owner' },
      ExpressionAttributeValues: { ':owner': 'run-4', ':one': 1 },
      ReturnValues: 'ALL_NEW',
    });
    await documents.send(update);

    // Act
    const second = await documents.send(update);

    // Assess
    expect(second.Attributes).toEqual({ pk: 'env#prod', owner: 'run-4', fencing: 2 });
  });

  it('answers with the response headers of the embedded DynamoDB', async () => {
    // Prepare
    sandbox = await startSandbox({ port: 0 });
    client = dynamoDbClient(sandbox);

    // Act
    const response = await fetch(`${sandbox.url}/`, {
      method: 'POST',
      headers: {
        'content-type': 'application/x-amz-json-1.0',
        'x-amz-target': 'DynamoDB_20120810.ListTables',
        'x-amz-date': '20261121T000000Z',
        authorization: authorization('dynamodb'),
      },
      body: '{}',
    });
    const body = await response.text();

    // Assess
    expect(response.status).toBe(200);
    expect(JSON.parse(body)).toEqual({ TableNames: [] });
    expect(response.headers.get('x-amz-crc32')).toBe(String(crc32(body)));
    expect(response.headers.get('x-amzn-requestid')).toMatch(/^[A-Z0-9]{52}$/);
  });

  it('counts requests as service DynamoDB with the operation of X-Amz-Target', async () => {
    // Prepare
    sandbox = await startSandbox({ port: 0 });
    client = dynamoDbClient(sandbox);
    await createTable(client);

    // Act
    await client.send(putLock('run-1'));
    await client.send(putLock('run-2')).catch(() => undefined);
    const stats = (await (await fetch(`${sandbox.url}/_sandbox/stats`)).json()) as Stats;

    // Assess
    expect(stats.byService.DynamoDB).toEqual({ CreateTable: 1, PutItem: 2 });
  });

  it('throttles with ThrottlingException (400) without reaching the table', async () => {
    // Prepare
    sandbox = await startSandbox({ port: 0 });
    client = dynamoDbClient(sandbox);
    await createTable(client);
    sandbox.setFaults({ throttleRate: 1, services: ['DynamoDB'], operations: ['PutItem'] });

    // Act
    const error = await client.send(putLock('run-1')).catch((caught: unknown) => caught);
    sandbox.setFaults({});
    const read = await client.send(
      new GetItemCommand({ TableName: TABLE, Key: { pk: { S: 'env#prod' } } }),
    );

    // Assess
    expect(error).toBeInstanceOf(ThrottlingException);
    expect(error).toMatchObject({ $metadata: { httpStatusCode: 400, attempts: 1 } });
    expect(read.Item).toBeUndefined();
    expect(sandbox.stats().injected.throttled).toBe(1);
  });

  it('injects errors as DynamoDB InternalServerError', async () => {
    // Prepare
    sandbox = await startSandbox({ port: 0 });
    client = dynamoDbClient(sandbox);
    sandbox.setFaults({ errorRate: 1, services: ['dynamodb'] });

    // Act
    const error = await client.send(new ListTablesCommand({})).catch((caught: unknown) => caught);

    // Assess
    expect(error).toBeInstanceOf(InternalServerError);
    expect(error).toMatchObject({ $metadata: { httpStatusCode: 500 } });
  });

  it('deletes every table on POST /_sandbox/reset', async () => {
    // Prepare
    sandbox = await startSandbox({ port: 0 });
    client = dynamoDbClient(sandbox);
    await createTable(client);
    await createTable(client, 'leases');
    await client.send(putLock('run-1'));

    // Act
    await fetch(`${sandbox.url}/_sandbox/reset`, { method: 'POST' });
    const listed = await client.send(new ListTablesCommand({}));
    await createTable(client);
    const read = await client.send(
      new GetItemCommand({ TableName: TABLE, Key: { pk: { S: 'env#prod' } } }),
    );

    // Assess
    expect(listed.TableNames).toEqual([]);
    expect(read.Item).toBeUndefined();
  });

  it('keeps tables and items across a restart on the same data directory', async () => {
    // Prepare
    const directory = await temporaryDirectory();
    dataDir = directory;
    sandbox = await startSandbox({ port: 0, dataDir: directory.path });
    client = dynamoDbClient(sandbox);
    await createTable(client);
    await client.send(putLock('run-1'));
    client.destroy();
    await sandbox.close();

    // Act
    sandbox = await startSandbox({ port: 0, dataDir: directory.path });
    client = dynamoDbClient(sandbox);
    const read = await client.send(
      new GetItemCommand({ TableName: TABLE, Key: { pk: { S: 'env#prod' } } }),
    );

    // Assess
    expect(read.Item).toEqual({ pk: { S: 'env#prod' }, owner: { S: 'run-1' } });
  });

  it('refuses to start a second sandbox on a data directory whose DynamoDB is in use', async () => {
    // Prepare
    const directory = await temporaryDirectory();
    dataDir = directory;
    sandbox = await startSandbox({ port: 0, dataDir: directory.path });
    client = dynamoDbClient(sandbox);
    await createTable(client);

    // Act
    const error = await startSandbox({ port: 0, dataDir: directory.path }).catch(
      (caught: unknown) => caught,
    );

    // Assess
    expect(error).toBeInstanceOf(DynamoDbDataInUseError);
  });

  it('creates dynamodb/ in the data directory only once DynamoDB is used', async () => {
    // Prepare
    const directory = await temporaryDirectory();
    dataDir = directory;
    sandbox = await startSandbox({ port: 0, dataDir: directory.path });
    client = dynamoDbClient(sandbox);
    await fetch(`${sandbox.url}/_sandbox/reset`, { method: 'POST' });
    const before = await readdir(directory.path);

    // Act
    await client.send(new ListTablesCommand({}));
    const after = await readdir(directory.path);

    // Assess
    expect(before).toEqual(['state.json']);
    expect(after).toContain('dynamodb');
  });
});
