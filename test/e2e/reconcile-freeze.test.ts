import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { SQSClient } from '@aws-sdk/client-sqs';
import { resolveConfig } from '../../bin/config.js';
import { lazyCdkSynthesizer } from '../../bin/lazy-cdk-synthesizer.js';
import { DEFAULT_CONTINUATION, reconcileWiring } from '../../bin/reconcile-wiring.js';
import { ensureReconcileQueue } from '../../bin/serve/reconcile-queue.js';
import { Wiring } from '../../bin/wiring.js';
import { ensureLockTable } from '../../controller/adapters/aws/lock-table.js';
import { SqsReconcileQueue } from '../../controller/adapters/aws/sqs-reconcile-queue.js';
import { silentLogger } from '../../controller/adapters/logging/powertools-logger.js';
import { reconcile } from '../../controller/flows/reconcile/reconcile.js';
import type { ReconcileDeps } from '../../controller/flows/reconcile/reconcile-deps.js';
import type { ReconcileRequest } from '../../controller/model/reconcile-request.js';
import { type Sandbox, startSandbox } from '../../sandbox/index.js';
import { PlatformRepo, REPOSITORY, statusesOf, TOKEN } from './serve-harness.js';

const client = {
  region: 'eu-west-1',
  credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
};
let sandbox: Sandbox;
let repo: PlatformRepo;
let wiring: Wiring;
let deps: ReconcileDeps;
let base: string;
/** Saturday 5 December 2026, 13:00 in Berlin: inside prod's weekend freeze. */
let now = Date.parse('2026-12-05T12:00:00Z');
const sent: { request: ReconcileRequest; delaySeconds: number }[] = [];
const saved = { ...process.env };

beforeAll(async () => {
  repo = new PlatformRepo({ keepFreeze: true });
  base = repo.commit('The platform').sha;
  sandbox = await startSandbox({
    port: 0,
    stepDelayMs: 1,
    repoDir: repo.dir,
    githubRepository: REPOSITORY,
    githubToken: TOKEN,
  });
  const dynamodb = new DynamoDBClient({ ...client, endpoint: sandbox.url });
  await ensureLockTable(dynamodb, 'plumbline-state');
  dynamodb.destroy();
  const sqs = new SQSClient({ ...client, endpoint: sandbox.url });
  const queue = new SqsReconcileQueue({ client: sqs, queueUrl: await ensureReconcileQueue(sqs) });
  wiring = new Wiring(resolveConfig({ endpoint: sandbox.url }, process.env), lazyCdkSynthesizer);
  const real = await reconcileWiring(wiring, {
    github: { repository: REPOSITORY, apiUrl: `${sandbox.url}/github`, token: TOKEN },
    queue: {
      send: async (request, options = {}) => {
        sent.push({ request, delaySeconds: options.delaySeconds ?? 0 });
        await queue.send(request, options);
      },
    },
    logger: silentLogger,
    continuation: DEFAULT_CONTINUATION,
    reportBucket: 'plumbline-reports-000000000000-eu-west-1',
  });
  // The freeze is judged by the reconciler's clock: injected, as the schedule's time would be.
  deps = { ...real, clock: { now: () => new Date(now) } };
}, 60_000);

afterAll(async () => {
  wiring?.close();
  Object.assign(process.env, saved);
  await sandbox?.close();
  repo?.remove();
});

/** Delivers what the reconciler queued, as SQS would, until nothing is left. */
async function drain(): Promise<void> {
  for (let next = sent.shift(); next; next = sent.shift()) await reconcile(deps, next.request);
}

describe('a rollout during a freeze window', () => {
  it('waits, says until when, and rolls out once the window is over', async () => {
    // Prepare: a prod change, approved, pushed on a Saturday
    repo.edit('desired-state/environments/prod.yaml', (doc) =>
      doc.setIn(['tags', 'owner'], 'payments'),
    );
    const change = repo.commit('prod: payments owns it');
    await reconcile(deps, {
      kind: 'push',
      deliveryId: 'freeze-1',
      sha: change.sha,
      before: base,
      branch: 'main',
      changedFiles: ['desired-state/environments/prod.yaml'],
      committedAt: change.timestamp,
      pusher: 'ada',
    });
    await deps.approvals.record({
      env: 'prod',
      sha: change.sha,
      by: 'ada',
      via: 'cli',
      at: new Date(now),
    });
    // Act 1
    const advance = sent.shift();
    expect(advance?.request).toEqual({ kind: 'advance', env: 'prod', sha: change.sha });
    await reconcile(deps, advance?.request as ReconcileRequest);
    // Assess 1: frozen until Monday 08:00 Berlin, a step queued for then (SQS's longest delay first)
    const frozen = await statusesOf(`${sandbox.url}/github`, change.sha, 'prod');
    expect(frozen.at(-1)).toEqual({
      state: 'pending',
      description: 'frozen until Mon 2026-12-07 08:00 Europe/Berlin (weekend freeze)',
    });
    expect(sent).toEqual([
      { request: { kind: 'advance', env: 'prod', sha: change.sha }, delaySeconds: 900 },
    ]);

    // Act 2: the step comes back while still frozen (Sunday), then after the window (Monday 08:00)
    now = Date.parse('2026-12-06T20:00:00Z');
    await reconcile(deps, sent.shift()?.request as ReconcileRequest);
    expect(sent.map((s) => s.delaySeconds)).toEqual([900]);
    now = Date.parse('2026-12-07T07:00:00Z');
    await drain();
    // Assess 2
    const after = await statusesOf(`${sandbox.url}/github`, change.sha, 'prod');
    expect(after.at(-1)?.state).toBe('success');
    expect(after.map((s) => s.description)).toContain('rolling out');
  }, 120_000);
});
