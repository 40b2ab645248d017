import { setTimeout } from 'node:timers/promises';
import {
  DescribeServicesCommand,
  DescribeTaskDefinitionCommand,
  ECSClient,
  RegisterTaskDefinitionCommand,
} from '@aws-sdk/client-ecs';
import { AwsClientCache } from '../../../../controller/adapters/aws/client-cache.js';
import { createAwsClients } from '../../../../controller/adapters/aws/clients.js';
import { attachPacing } from '../../../../controller/adapters/aws/pacing-middleware.js';
import { AwsRateLimiter } from '../../../../controller/adapters/aws/rate-limiter.js';
import { type Sandbox, startSandbox } from '../../../../sandbox/index.js';

const T0 = Date.parse('2026-11-21T10:00:00Z');
const credentials = { accessKeyId: 'test', secretAccessKey: 'test' };

/** A limiter over one tiny group (1 token, 1 per second) whose clock stands still and sleeps are recorded. */
function recordingLimiter() {
  const slept: number[] = [];
  const limiter = new AwsRateLimiter({
    groups: [
      {
        id: 'test.service-read',
        service: 'ECS',
        operations: ['DescribeServices'],
        capacity: 1,
        refillPerSecond: 1,
      },
    ],
    now: () => T0,
    sleep: async (ms) => {
      slept.push(ms);
    },
  });
  return { limiter, slept };
}

/** One DescribeServices call; the sandbox has no cluster, so each answers ClusterNotFoundException. */
const describeServices = (ecs: ECSClient) =>
  ecs
    .send(new DescribeServicesCommand({ cluster: 'prod', services: ['api'] }))
    .catch(() => undefined);

describe('attachPacing', () => {
  let sandbox: Sandbox;

  beforeEach(async () => {
    sandbox = await startSandbox({ port: 0 });
  });

  afterEach(async () => {
    await sandbox.close();
  });

  it('sits between the retry middleware and signing', () => {
    // Prepare
    const ecs = new ECSClient({ endpoint: sandbox.url, region: 'eu-west-1', credentials });

    // Act
    attachPacing(ecs, { limiter: new AwsRateLimiter(), accountKey: 'default-credentials' });
    const order = ecs.middlewareStack.identify().map((entry) => entry.split(' ')[0]);
    ecs.destroy();

    // Assess
    const at = (name: string) => order.indexOf(name);
    expect(at('plumblinePacing')).toBe(at('retryMiddleware') + 1);
    expect(at('httpSigningMiddleware')).toBe(at('plumblinePacing') + 1);
  });

  it('waits for a token before every attempt, retries included', async () => {
    // Prepare
    const { limiter, slept } = recordingLimiter();
    const ecs = new ECSClient({
      endpoint: sandbox.url,
      region: 'eu-west-1',
      credentials,
      maxAttempts: 3,
      retryMode: 'standard',
    });
    attachPacing(ecs, { limiter, accountKey: 'default-credentials' });
    sandbox.setFaults({ errorRate: 1, services: ['ECS'], operations: ['DescribeServices'] });

    // Act
    await describeServices(ecs);
    ecs.destroy();

    // Assess: the first attempt takes the one token, the next two book 1 s and 2 s ahead.
    expect(slept).toEqual([1000, 2000]);
    expect(sandbox.stats().byService.ECS).toEqual({ DescribeServices: 3 });
  });

  it('draws the clients of one account and region from the same buckets', async () => {
    // Prepare
    const { limiter, slept } = recordingLimiter();
    const cache = new AwsClientCache({ endpoint: sandbox.url, limiter });
    const other = createAwsClients({
      endpoint: sandbox.url,
      region: 'eu-west-1',
      credentials,
      pacing: { limiter, accountKey: 'default-credentials' },
    });
    const elsewhere = createAwsClients({
      endpoint: sandbox.url,
      region: 'eu-west-1',
      credentials,
      pacing: { limiter, accountKey: '123456789012' },
    });

    // Act
    await describeServices(cache.forRegion('eu-west-1').ecs);
    await describeServices(other.ecs);
    await describeServices(cache.forRegion('us-east-1').ecs);
    await describeServices(elsewhere.ecs);
    cache.destroy();
    other.destroy();
    elsewhere.destroy();

    // Assess: only the second call found its account's and region's token taken.
    expect(slept).toEqual([1000]);
    expect(sandbox.stats().byService.ECS).toEqual({ DescribeServices: 4 });
  });
});

describe('pacing against the sandbox in quota mode', () => {
  it('keeps a burst over the documented bucket from being throttled', async () => {
    // Prepare: one clock for both sides, moved only by the client's waits; the sandbox's Task
    // definition read actions hold 50 tokens and refill 20 per second.
    let now = T0;
    let sentWhileWaiting = 0;
    const sandbox = await startSandbox({ port: 0, quotas: 'aws', clock: () => new Date(now) });
    const sent = () => sandbox.stats().byService.ECS?.DescribeTaskDefinition ?? 0;
    const limiter = new AwsRateLimiter({
      now: () => now,
      sleep: async (ms) => {
        const before = sent();
        await setTimeout(20);
        sentWhileWaiting += sent() - before;
        now += ms;
      },
    });
    const aws = createAwsClients({
      endpoint: sandbox.url,
      region: 'eu-west-1',
      credentials,
      maxAttempts: 1,
      pacing: { limiter, accountKey: 'default-credentials' },
    });
    const registered = await aws.ecs.send(
      new RegisterTaskDefinitionCommand({
        family: 'api',
        containerDefinitions: [{ name: 'api', image: 'ghcr.io/acme/api:1.0.0', memory: 512 }],
      }),
    );
    const taskDefinition = registered.taskDefinition?.taskDefinitionArn;

    // Act
    for (let i = 0; i < 60; i++) {
      await aws.ecs.send(new DescribeTaskDefinitionCommand({ taskDefinition }));
    }
    aws.destroy();
    await sandbox.close();

    // Assess: 45 calls from the burst (5 tokens kept for the delay spread), 15 paced 50 ms apart.
    expect(sandbox.stats().quota.throttled).toBe(0);
    expect(sent()).toBe(60);
    expect(sentWhileWaiting).toBe(0);
    expect(now - T0).toBe(15 * 50);
  });
});
