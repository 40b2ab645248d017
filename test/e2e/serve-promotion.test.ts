import type { Sandbox } from '../../sandbox/index.js';
import { commit, commitCommentEvent, pushEvent } from '../fixtures/webhook-payloads.js';
import { cli } from './cli-harness.js';
import { stats } from './sandbox-admin.js';
import {
  deliver,
  PlatformRepo,
  type Serving,
  startController,
  statusesOf,
  statusReaches,
  waitFor,
} from './serve-harness.js';

let sandbox: Sandbox;
let repo: PlatformRepo;
let serving: Serving;
let base: string;
const api = () => `${sandbox.url}/github`;
const saved = { ...process.env };

/** What each environment's rollout asked CloudFormation for, from the sandbox's counters. */
async function changeSetsExecuted(): Promise<number> {
  const s = await stats(sandbox.url);
  return s.byService.CloudFormation?.ExecuteChangeSet ?? 0;
}

/** A push of `commits` to main as GitHub sends it, from `before` to the last of `shas`. */
function push(before: string, shas: { sha: string; timestamp: string }[], files: string[]) {
  const commits = shas.map((c) => commit(c.sha, { modified: files }, c.timestamp));
  return pushEvent({ before, commits, repository: pushEvent().repository });
}

/** Waits until the newest `plumbline/<env>` description on `sha` matches. */
async function waitForDescription(sha: string, env: string, pattern: RegExp) {
  return waitFor(
    async () => {
      const last = (await statusesOf(api(), sha, env)).at(-1);
      return last && pattern.test(last.description) ? last : undefined;
    },
    { what: () => `plumbline/${env} on ${sha.slice(0, 7)} to match ${pattern}`, timeoutMs: 90_000 },
  );
}

beforeAll(async () => {
  repo = new PlatformRepo();
  base = repo.commit('The platform').sha;
  process.env.POWERTOOLS_LOG_LEVEL = 'WARN';
  ({ sandbox, serving } = await startController(repo, { stepDelayMs: 1 }));
  process.env.AWS_ENDPOINT_URL = sandbox.url;
}, 60_000);

afterAll(async () => {
  await serving?.stop();
  for (const key of Object.keys(process.env)) if (!(key in saved)) delete process.env[key];
  Object.assign(process.env, saved);
  await sandbox?.close();
  repo?.remove();
});

describe('plumbline serve: merge to main rolls out', () => {
  it('answers its health check with every part running', async () => {
    // Act
    const response = await fetch(`${serving.url}/healthz`);
    // Assess
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({
      status: 'ok',
      webhook: true,
      worker: true,
      schedule: true,
    });
  });

  it('rolls out dev alone for a push that changes dev.yaml, once for a repeated delivery', async () => {
    // Prepare
    repo.edit('desired-state/environments/dev.yaml', (doc) =>
      doc.setIn(['tags', 'owner'], 'payments'),
    );
    const change = repo.commit('dev: payments owns it');
    const payload = push(base, [change], ['desired-state/environments/dev.yaml']);
    const before = await changeSetsExecuted();
    // Act: GitHub delivers, then redelivers the same delivery
    const first = await deliver(serving.url, 'push', payload, 'delivery-dev-1');
    const again = await deliver(serving.url, 'push', payload, 'delivery-dev-1');
    // Assess
    expect(first).toEqual({
      status: 202,
      body: { accepted: 'push', deliveryId: 'delivery-dev-1' },
    });
    expect(again).toEqual({
      status: 202,
      body: { ignored: 'delivery delivery-dev-1 was already received' },
    });
    const dev = await statusReaches(api(), change.sha, 'dev', 'success', serving);
    expect(dev[0]).toEqual({ state: 'pending', description: 'queued' });
    expect(dev.at(-1)?.description).toMatch(/^rolled out/);
    expect(await statusesOf(api(), change.sha, 'staging')).toEqual([]);
    expect(await statusesOf(api(), change.sha, 'prod')).toEqual([]);
    expect((await changeSetsExecuted()) - before).toBe(1);
    base = change.sha;
  }, 120_000);

  it('rolls a stacks/ change out to dev, then staging, and holds prod for approval', async () => {
    // Prepare
    repo.write('stacks/README.md', 'platform stacks, second edition\n');
    const change = repo.commit('stacks: a second edition');
    const payload = push(base, [change], ['stacks/README.md']);
    // Act
    const accepted = await deliver(serving.url, 'push', payload, 'delivery-stacks-1');
    // Assess: every environment pending at once, then in promotion order
    expect(accepted.status).toBe(202);
    const staging = await statusReaches(api(), change.sha, 'staging', 'success', serving);
    expect(staging[0]).toEqual({ state: 'pending', description: 'waiting for dev' });
    const dev = await statusesOf(api(), change.sha, 'dev');
    expect(dev.map((s) => s.state)).toEqual(['pending', 'pending', 'success']);
    const prod = await statusReaches(api(), change.sha, 'prod', 'pending', serving);
    expect(prod[0]).toEqual({ state: 'pending', description: 'waiting for staging' });
    await waitForDescription(
      change.sha,
      'prod',
      /^awaiting approval: comment \/approve prod or run plumbline approve --env prod --ref [0-9a-f]{40}$/,
    );

    // Act: a person approves from the CLI
    const approval = await cli([
      'approve',
      '--env',
      'prod',
      '--ref',
      change.sha,
      '--endpoint',
      sandbox.url,
    ]);
    // Assess
    expect(approval.stderr).toBe('');
    expect(approval.code).toBe(0);
    expect(approval.stdout).toMatch(
      /^approved prod at [0-9a-f]{7} as arn:aws:iam::000000000000:\S+ \(.+\); the rollout continues\n$/,
    );
    const rolled = await statusReaches(api(), change.sha, 'prod', 'success', serving);
    expect(rolled.at(-1)?.description).toMatch(/^rolled out/);
    base = change.sha;
  }, 180_000);

  it('supersedes an older commit still waiting for prod, and rolls the newer one out on an /approve comment', async () => {
    // Prepare: commit A waits for prod's approval
    repo.write('service/README.md', 'the task API, v2\n');
    const older = repo.commit('service: v2');
    await deliver(serving.url, 'push', push(base, [older], ['service/README.md']), 'delivery-a');
    await waitForDescription(older.sha, 'prod', /^awaiting approval/);
    // Act 1: commit B, which changes the stacks too, arrives
    repo.write('stacks/README.md', 'platform stacks, third edition\n');
    const newer = repo.commit('stacks: a third edition');
    await deliver(
      serving.url,
      'push',
      push(older.sha, [newer], ['stacks/README.md']),
      'delivery-b',
    );
    // Assess 1: A's prod says it was superseded; B waits for its own approval
    const superseded = await statusReaches(api(), older.sha, 'prod', 'error', serving);
    expect(superseded.at(-1)?.description).toBe(
      `superseded by ${newer.sha.slice(0, 7)}: not rolled out`,
    );
    await waitForDescription(newer.sha, 'prod', /^awaiting approval/);

    // Act 2: someone who is not an approver comments, then octocat (prod's approver) does
    const comment = (login: string, id: string) =>
      deliver(
        serving.url,
        'commit_comment',
        commitCommentEvent('Ship it.\n/approve prod', { commitId: newer.sha, login }),
        id,
      );
    expect((await comment('mallory', 'delivery-c1')).status).toBe(202);
    expect((await comment('octocat', 'delivery-c2')).body).toEqual({
      accepted: 'approve',
      deliveryId: 'delivery-c2',
    });
    // Assess 2: rolled out once approved by octocat; A's prod never rolled out
    const rolled = await statusReaches(api(), newer.sha, 'prod', 'success', serving);
    expect(rolled.at(-1)?.description).toMatch(/^(rolled out|no changes)/);
    const olderProd = await statusesOf(api(), older.sha, 'prod');
    expect(olderProd.map((s) => s.state).filter((state) => state !== 'pending')).toEqual(['error']);
    base = newer.sha;
  }, 180_000);

  it('finds what a truncated push of 25 commits changed through the compare API', async () => {
    // Prepare: the 3rd of 25 commits changes dev.yaml; the payload lists the last 20 only
    const commits: { sha: string; timestamp: string }[] = [];
    for (let i = 1; i <= 25; i += 1) {
      if (i === 3)
        repo.edit('desired-state/environments/dev.yaml', (doc) =>
          doc.setIn(['tags', 'owner'], 'checkout'),
        );
      else repo.write(`docs/note-${i}.md`, `note ${i}\n`);
      commits.push(repo.commit(`change ${i}`));
    }
    const head = commits.at(-1) as { sha: string };
    const payload = push(base, commits.slice(-20), []);
    for (const [i, c] of payload.commits.entries()) c.added = [`docs/note-${i + 6}.md`];
    const compares = (await stats(sandbox.url)).byService.GitHub?.CompareCommits ?? 0;
    // Act
    const accepted = await deliver(serving.url, 'push', payload, 'delivery-many-1');
    // Assess
    expect(accepted.status).toBe(202);
    await statusReaches(api(), head.sha, 'dev', 'success', serving);
    expect((await stats(sandbox.url)).byService.GitHub?.CompareCommits).toBe(compares + 1);
    expect(await statusesOf(api(), head.sha, 'staging')).toEqual([]);
  }, 120_000);
});
