import { CreateQueueCommand, ReceiveMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import {
  resolveQueueUrl,
  SqsReconcileQueue,
} from '../../../../controller/adapters/aws/sqs-reconcile-queue.js';
import { ReconcileQueueError } from '../../../../controller/model/errors.js';
import {
  type ReconcileRequest,
  reconcileRequestSchema,
} from '../../../../controller/model/reconcile-request.js';
import { type Sandbox, startSandbox } from '../../../../sandbox/index.js';

const ACCOUNT = '000000000000';
const START = Date.parse('2026-05-01T08:30:00.000Z');
const SHA = 'a'.repeat(40);
const ADVANCE: ReconcileRequest = { kind: 'advance', env: 'staging', sha: SHA };

describe('SqsReconcileQueue on the sandbox', () => {
  let sandbox: Sandbox;
  let client: SQSClient;
  let now = START;
  let queueUrl: string;

  beforeAll(async () => {
    sandbox = await startSandbox({ port: 0, clock: () => new Date(now) });
    client = new SQSClient({
      endpoint: sandbox.url,
      region: 'eu-west-1',
      credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
      maxAttempts: 1,
    });
  });

  afterAll(async () => {
    client.destroy();
    await sandbox.close();
  });

  beforeEach(async () => {
    now = START;
    await sandbox.reset();
    const created = await client.send(new CreateQueueCommand({ QueueName: 'plumbline-reconcile' }));
    queueUrl = created.QueueUrl ?? '';
  });

  async function receiveBodies(): Promise<unknown[]> {
    const out = await client.send(
      new ReceiveMessageCommand({ QueueUrl: queueUrl, MaxNumberOfMessages: 10 }),
    );
    return (out.Messages ?? []).map((message) => JSON.parse(message.Body ?? 'null'));
  }

  it('sends a request as a JSON message the consumer parses back', async () => {
    // Prepare
    const queue = new SqsReconcileQueue({ client, queueUrl });
    const scan: ReconcileRequest = {
      kind: 'scan',
      source: 'schedule',
      time: '2026-05-01T08:30:00Z',
    };

    // Act
    await queue.send(ADVANCE);
    await queue.send(scan);
    const bodies = await receiveBodies();

    // Assess
    expect(bodies).toEqual([ADVANCE, scan]);
    expect(bodies.map((body) => reconcileRequestSchema.parse(body))).toEqual([ADVANCE, scan]);
  });

  it('delays a request by delaySeconds', async () => {
    // Prepare
    const queue = new SqsReconcileQueue({ client, queueUrl });

    // Act
    await queue.send(ADVANCE, { delaySeconds: 60 });
    const early = await receiveBodies();
    now += 60_000;
    const due = await receiveBodies();

    // Assess
    expect(early).toEqual([]);
    expect(due).toEqual([ADVANCE]);
  });

  it('refuses a delay SQS would refuse, before any call', async () => {
    // Prepare
    const queue = new SqsReconcileQueue({ client, queueUrl });

    // Act
    const tooLong = queue.send(ADVANCE, { delaySeconds: 901 });
    const negative = queue.send(ADVANCE, { delaySeconds: -1 });
    const fraction = queue.send(ADVANCE, { delaySeconds: 1.5 });
    await queue.send(ADVANCE, { delaySeconds: 900 });
    now += 900_000;

    // Assess
    await expect(tooLong).rejects.toThrow(RangeError);
    await expect(negative).rejects.toThrow(RangeError);
    await expect(fraction).rejects.toThrow(RangeError);
    expect(sandbox.stats().byService.SQS?.SendMessage).toBe(1);
    expect(await receiveBodies()).toEqual([ADVANCE]);
  });

  it('wraps a failed send in ReconcileQueueError with the SDK error as cause', async () => {
    // Prepare
    const missing = `${sandbox.url}/${ACCOUNT}/no-such-queue`;
    const queue = new SqsReconcileQueue({ client, queueUrl: missing });

    // Act
    const failure = await queue.send(ADVANCE).catch((error: unknown) => error);

    // Assess
    expect(failure).toBeInstanceOf(ReconcileQueueError);
    expect(failure).toMatchObject({ operation: 'send', queue: missing, terminal: false });
    expect((failure as Error).message).toContain('QueueDoesNotExist');
    expect(((failure as Error).cause as Error).name).toBe('QueueDoesNotExist');
  });
});

describe('resolveQueueUrl on the sandbox', () => {
  let sandbox: Sandbox;
  let client: SQSClient;

  beforeAll(async () => {
    sandbox = await startSandbox({ port: 0 });
    client = new SQSClient({
      endpoint: sandbox.url,
      region: 'eu-west-1',
      credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
      maxAttempts: 1,
    });
    await client.send(new CreateQueueCommand({ QueueName: 'plumbline-reconcile' }));
  });

  afterAll(async () => {
    client.destroy();
    await sandbox.close();
  });

  it('asks SQS for the URL of a name', async () => {
    // Act
    const url = await resolveQueueUrl(client, 'plumbline-reconcile');

    // Assess
    expect(url).toBe(`${sandbox.url}/${ACCOUNT}/plumbline-reconcile`);
  });

  it('returns a URL as it is, without a call', async () => {
    // Prepare
    const before = sandbox.stats().total;

    // Act
    const url = await resolveQueueUrl(client, 'https://sqs.eu-west-1.amazonaws.com/1/q');

    // Assess
    expect(url).toBe('https://sqs.eu-west-1.amazonaws.com/1/q');
    expect(sandbox.stats().total).toBe(before);
  });

  it('wraps an unknown name in ReconcileQueueError', async () => {
    // Act
    const failure = await resolveQueueUrl(client, 'missing').catch((error: unknown) => error);

    // Assess
    expect(failure).toBeInstanceOf(ReconcileQueueError);
    expect(failure).toMatchObject({ operation: 'resolve', queue: 'missing' });
    expect(((failure as Error).cause as Error).name).toBe('QueueDoesNotExist');
  });
});
