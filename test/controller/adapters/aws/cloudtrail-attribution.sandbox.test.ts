import { CloudTrailClient } from '@aws-sdk/client-cloudtrail';
import { CreateClusterCommand, DeleteClusterCommand, ECSClient } from '@aws-sdk/client-ecs';
import {
  CLOUDTRAIL_RATE_LIMITS,
  CloudTrailAttribution,
} from '../../../../controller/adapters/aws/cloudtrail-attribution.js';
import { AwsRateLimiter } from '../../../../controller/adapters/aws/rate-limiter.js';
import { type Sandbox, startSandbox } from '../../../../sandbox/index.js';

const T1 = Date.parse('2025-03-01T09:00:00.000Z');
const T2 = Date.parse('2025-03-01T11:30:00.000Z');

function ecsAs(sandbox: Sandbox, accessKeyId: string): ECSClient {
  return new ECSClient({
    endpoint: sandbox.url,
    region: 'eu-west-1',
    credentials: { accessKeyId, secretAccessKey: 'test' },
    maxAttempts: 1,
  });
}

describe('CloudTrailAttribution on the sandbox', () => {
  let sandbox: Sandbox;
  let now = T1;
  let trail: CloudTrailClient;
  const clients: { destroy(): void }[] = [];

  beforeAll(async () => {
    sandbox = await startSandbox({ port: 0, clock: () => new Date(now) });
    trail = new CloudTrailClient({
      endpoint: sandbox.url,
      region: 'eu-west-1',
      credentials: { accessKeyId: 'plumbline', secretAccessKey: 'test' },
      maxAttempts: 1,
    });
    const alice = ecsAs(sandbox, 'alice');
    const bob = ecsAs(sandbox, 'bob');
    clients.push(trail, alice, bob);
    now = T1;
    await alice.send(new CreateClusterCommand({ clusterName: 'attr-cluster' }));
    now = T2;
    await bob.send(new DeleteClusterCommand({ cluster: 'attr-cluster' }));
    now = T2 + 60_000;
  });

  afterAll(async () => {
    for (const client of clients) client.destroy();
    await sandbox.close();
  });

  /** A reader whose pacing never waits in real time: these lookups are few and far apart. */
  function reader(): CloudTrailAttribution {
    const limiter = new AwsRateLimiter({
      groups: CLOUDTRAIL_RATE_LIMITS,
      now: () => 0,
      sleep: async () => {},
    });
    return new CloudTrailAttribution({ client: trail, limiter });
  }

  it('names the newest writer of a resource by the caller ARN CloudTrail recorded', async () => {
    // Act
    const who = await reader().lastWrite('attr-cluster', new Date(T1 - 60_000));

    // Assess
    expect(who).toEqual({
      principal: 'arn:aws:iam::000000000000:user/bob',
      eventName: 'DeleteCluster',
      eventTime: '2025-03-01T11:30:00.000Z',
    });
  });

  it('finds nobody when every write happened before the given time', async () => {
    // Act
    const who = await reader().lastWrite('attr-cluster', new Date(T2 + 1_000));

    // Assess
    expect(who).toBeUndefined();
  });

  it('finds nobody for a resource no write named', async () => {
    // Act
    const who = await reader().lastWrite('never-touched', new Date(T1 - 60_000));

    // Assess
    expect(who).toBeUndefined();
  });
});
