import { Octokit } from '@octokit/rest';
import { type Sandbox, startSandbox } from '../../sandbox/index.js';
import { ManifestWorkspace, rolloutJson } from './rollout-harness.js';
import { admin } from './sandbox-admin.js';

const TOKEN = 'ghp_rolloutReportToken000111222333444';
let sandbox: Sandbox;
let workspace: ManifestWorkspace;
const saved = { ...process.env };

beforeAll(async () => {
  sandbox = await startSandbox({ port: 0, githubToken: TOKEN });
  workspace = new ManifestWorkspace();
  Object.assign(process.env, {
    GITHUB_API_URL: `${sandbox.url}/github`,
    GITHUB_REPOSITORY: 'local/plumbline',
    GITHUB_TOKEN: TOKEN,
  });
});

afterAll(async () => {
  for (const key of Object.keys(process.env)) if (!(key in saved)) delete process.env[key];
  Object.assign(process.env, saved);
  workspace.remove();
  await sandbox.close();
});

async function rolloutStatuses(): Promise<[string, string][]> {
  const octokit = new Octokit({ auth: TOKEN, baseUrl: `${sandbox.url}/github` });
  const head = await octokit.rest.repos.getCommit({
    owner: 'local',
    repo: 'plumbline',
    ref: 'main',
  });
  const all = await octokit.rest.repos.listCommitStatusesForRef({
    owner: 'local',
    repo: 'plumbline',
    ref: head.data.sha,
  });
  return all.data
    .filter((s) => s.context === 'plumbline/dev')
    .map((s) => [s.state, s.description ?? '']);
}

describe('rollouts tell their outcome', () => {
  it('sets plumbline/<env> pending then success, and a blocked change raises a P1 with the reason', async () => {
    // Act 1: a first rollout that succeeds
    const created = await rolloutJson(sandbox.url, 'dev', workspace.dir, ['--alert', '--status']);
    // Act 2: a change the stateful guard blocks
    workspace.edit('dev', /^database:\n/m, 'database:\n  identifier: dev-renamed\n');
    const blocked = await rolloutJson(sandbox.url, 'dev', workspace.dir, ['--alert', '--status']);
    // Assess
    expect(created.code).toBe(0);
    expect(blocked.code).toBe(3);
    const messages = (await admin(sandbox.url, 'sns/messages')) as {
      topicArn: string;
      message: string;
    }[];
    expect(messages).toHaveLength(1);
    const body = JSON.parse(messages[0]?.message ?? '{}');
    expect(messages[0]?.topicArn).toMatch(/:plumbline-alerts-p1$/);
    expect(body).toMatchObject({
      event_action: 'trigger',
      dedup_key: 'plumbline/dev/rollout/dev/rollout',
      payload: { severity: 'error' },
    });
    expect(body.payload.summary).toMatch(
      /^dev: rollout of working-tree blocked: AWS::RDS::DBInstance/,
    );
    const statuses = await rolloutStatuses();
    expect(statuses[0]?.[0]).toBe('failure');
    expect(statuses[0]?.[1]).toMatch(/^blocked: AWS::RDS::DBInstance .* would be replaced/);
    expect(statuses.map(([state]) => state)).toEqual(['failure', 'pending', 'success', 'pending']);
    expect(statuses.every(([, d]) => d.length <= 140)).toBe(true);
  });
});
