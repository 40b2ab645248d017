import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DescribeServicesCommand, ECSClient, UpdateServiceCommand } from '@aws-sdk/client-ecs';
import { ModifyDBInstanceCommand, RDSClient } from '@aws-sdk/client-rds';
import { GetObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { Octokit } from '@octokit/rest';
import { parse, stringify } from 'yaml';
import { type Sandbox, startSandbox } from '../../sandbox/index.js';
import { buildEnvironment } from '../support/hand-built/build-environment.js';
import { cli } from './cli-harness.js';
import { admin, resetSandbox, setFaults } from './sandbox-admin.js';

/** A token no other test uses, so any leak of it can be found in the output. */
const TOKEN = 'ghp_scanSandboxToken0123456789abcdefXYZ';

let sandbox: Sandbox;
let dir: string;
const octokit = () => new Octokit({ auth: TOKEN, baseUrl: `${sandbox.url}/github` });
const saved = { ...process.env };

interface SnsMessage {
  topicArn: string;
  subject: string;
  message: string;
  messageAttributes: Record<string, { DataType: string; StringValue: string }>;
}
const messages = async () => (await admin(sandbox.url, 'sns/messages')) as SnsMessage[];

beforeAll(async () => {
  sandbox = await startSandbox({ port: 0, githubToken: TOKEN });
  dir = mkdtempSync(join(tmpdir(), 'plumbline-scan-'));
  mkdirSync(join(dir, 'environments'));
  Object.assign(process.env, {
    GITHUB_API_URL: `${sandbox.url}/github`,
    GITHUB_REPOSITORY: 'local/plumbline',
    GITHUB_TOKEN: TOKEN,
  });
});

afterAll(async () => {
  for (const key of ['GITHUB_API_URL', 'GITHUB_REPOSITORY', 'GITHUB_TOKEN'])
    delete process.env[key];
  Object.assign(process.env, saved);
  await sandbox.close();
  rmSync(dir, { recursive: true, force: true });
});

/** dev, built by hand exactly as declared, with `drift` settings of our choosing. */
async function prepare(drift: Record<string, unknown> = {}): Promise<void> {
  await resetSandbox(sandbox.url);
  await setFaults(sandbox.url, {});
  const doc = parse(readFileSync('desired-state/environments/dev.yaml', 'utf8'));
  doc.drift = { ...doc.drift, ...drift };
  const file = join(dir, 'environments', 'dev.yaml');
  writeFileSync(file, stringify(doc));
  await buildEnvironment({ endpoint: sandbox.url, manifestPath: file });
}

const scanDev = (...flags: string[]) =>
  cli([
    'drift',
    '--env',
    'dev',
    '--dir',
    dir,
    '--endpoint',
    sandbox.url,
    '--format',
    'json',
    ...flags,
  ]);

async function makeDatabasePublic(accessKeyId: string): Promise<void> {
  const rds = new RDSClient({
    endpoint: sandbox.url,
    region: 'eu-west-1',
    credentials: { accessKeyId, secretAccessKey: 'x' },
  });
  await rds.send(
    new ModifyDBInstanceCommand({
      DBInstanceIdentifier: 'dev-postgres',
      PubliclyAccessible: true,
      ApplyImmediately: true,
    }),
  );
  rds.destroy();
}

async function makeDatabasePrivate(): Promise<void> {
  const rds = new RDSClient({ endpoint: sandbox.url, region: 'eu-west-1' });
  await rds.send(
    new ModifyDBInstanceCommand({
      DBInstanceIdentifier: 'dev-postgres',
      PubliclyAccessible: false,
      ApplyImmediately: true,
    }),
  );
  rds.destroy();
}

async function driftStatuses() {
  const head = await octokit().rest.repos.getCommit({
    owner: 'local',
    repo: 'plumbline',
    ref: 'main',
  });
  const all = await octokit().rest.repos.listCommitStatusesForRef({
    owner: 'local',
    repo: 'plumbline',
    ref: head.data.sha,
    per_page: 100,
  });
  return all.data.filter((s) => s.context === 'plumbline/drift/dev');
}

describe('scheduled scans against the sandbox', () => {
  it('pages a public database once on the P0 topic, naming who made the change', async () => {
    // Prepare
    await prepare();
    await makeDatabasePublic('AKIAEXAMPLEALICE');
    // Act
    const run = await scanDev('--report', '--alert', '--status');
    // Assess
    expect(run.code).toBe(2);
    const p0 = (await messages()).filter((m) => m.topicArn.endsWith(':plumbline-alerts-p0'));
    expect(p0).toHaveLength(1);
    const message = p0[0] as SnsMessage;
    const body = JSON.parse(message.message);
    expect(body).toMatchObject({
      event_action: 'trigger',
      dedup_key: 'plumbline/dev/rds-instance/dev-postgres/database.publiclyAccessible',
      payload: {
        severity: 'critical',
        source: 'dev/rds-instance/dev-postgres',
        summary: 'dev: database.publiclyAccessible is true, declared false',
        custom_details: {
          declared: false,
          live: true,
          changedBy: {
            principal: 'arn:aws:iam::000000000000:user/AKIAEXAMPLEALICE',
            eventName: 'ModifyDBInstance',
          },
        },
      },
    });
    expect(Date.parse(body.payload.timestamp)).not.toBeNaN();
    expect(body.payload.custom_details.report).toMatch(/\/reports\/dev\/cli-.*\.html$/);
    expect(message.subject.length).toBeLessThan(100);
    expect(message.messageAttributes).toEqual({
      priority: { DataType: 'String', StringValue: 'P0' },
      environment: { DataType: 'String', StringValue: 'dev' },
      event_action: { DataType: 'String', StringValue: 'trigger' },
    });
  });

  it('triggers a persisting drift once over ten scans, writes one status, and resolves once', async () => {
    // Prepare
    await prepare();
    await makeDatabasePublic('AKIAEXAMPLEBOB');
    // Act
    for (let i = 0; i < 10; i++) expect((await scanDev('--alert', '--status')).code).toBe(2);
    await makeDatabasePrivate();
    for (let i = 0; i < 3; i++) expect((await scanDev('--alert', '--status')).code).toBe(0);
    // Assess
    const dedup = (await messages()).map((m) => JSON.parse(m.message).event_action);
    expect(dedup).toEqual(['trigger', 'resolve']);
    const statuses = (await driftStatuses()).map((s) => [s.state, s.description]);
    expect(statuses).toEqual([
      ['success', 'in sync'],
      ['failure', '1 drift, worst P0'],
    ]);
  });

  it('sends no duplicate trigger when two scans run at once', async () => {
    // Prepare
    await prepare();
    await makeDatabasePublic('AKIAEXAMPLECAROL');
    // Act
    const runs = await Promise.all([scanDev('--alert'), scanDev('--alert'), scanDev('--alert')]);
    // Assess
    expect(runs.map((r) => r.code)).toEqual([2, 2, 2]);
    expect((await messages()).map((m) => JSON.parse(m.message).event_action)).toEqual(['trigger']);
  });

  it('keeps the drift result, report and alerts when GitHub answers 500, and says so', async () => {
    // Prepare
    await prepare();
    await makeDatabasePublic('AKIAEXAMPLEDAVE');
    await setFaults(sandbox.url, { services: ['GitHub'], errorRate: 1, errorStatus: 500 });
    // Act
    const run = await scanDev('--report', '--alert', '--status');
    // Assess
    expect(run.code).toBe(2);
    expect(JSON.parse(run.stdout).drifts.map((d: { path: string }) => d.path)).toEqual([
      'database.publiclyAccessible',
    ]);
    expect(run.stderr).toMatch(
      /warning: dev: commit status: GitHubUnavailableError: GitHub resolve main failed: HTTP 500/,
    );
    expect(await messages()).toHaveLength(1);
    const s3 = new S3Client({ endpoint: sandbox.url, region: 'eu-west-1', forcePathStyle: true });
    const latest = await s3.send(
      new GetObjectCommand({
        Bucket: 'plumbline-reports-000000000000-eu-west-1',
        Key: 'reports/dev/latest.json',
      }),
    );
    expect(JSON.parse(await (latest.Body?.transformToString() ?? '')).status).toBe('drifted');
    s3.destroy();
  });

  it('never lets the GitHub token reach the output, the reports or the alerts', async () => {
    // Prepare: a drift, GitHub refusing (its error bodies must not echo the token either)
    await prepare();
    await makeDatabasePublic('AKIAEXAMPLEERIN');
    const ok = await scanDev('--report', '--alert', '--status');
    await setFaults(sandbox.url, { services: ['GitHub'], errorRate: 1, errorStatus: 500 });
    const failing = await scanDev('--report', '--alert', '--status');
    // Act: everything a person or a machine could read afterwards
    const s3 = new S3Client({ endpoint: sandbox.url, region: 'eu-west-1', forcePathStyle: true });
    const reports = await Promise.all(
      ['json', 'md', 'html'].map(async (ext) => {
        const o = await s3.send(
          new GetObjectCommand({
            Bucket: 'plumbline-reports-000000000000-eu-west-1',
            Key: `reports/dev/latest.${ext}`,
          }),
        );
        return (await o.Body?.transformToString()) ?? '';
      }),
    );
    s3.destroy();
    const everything = [
      ok.stdout,
      ok.stderr,
      failing.stdout,
      failing.stderr,
      ...reports,
      JSON.stringify(await messages()),
    ].join('\n');
    // Assess
    expect(failing.stderr).toContain('GitHubUnavailableError');
    expect(everything).not.toContain(TOKEN);
    expect(everything).not.toContain(TOKEN.slice(4, 20));
  });
});

describe('scheduled scans with self-heal and a rate-limited GitHub', () => {
  it('puts a hand-scaled dev service back in range with --heal, and the status returns to success', async () => {
    // Prepare: the shipped dev heals itself; someone scales the api to 5, outside 1..2
    await prepare();
    const ecs = new ECSClient({ endpoint: sandbox.url, region: 'eu-west-1' });
    await ecs.send(
      new UpdateServiceCommand({ cluster: 'dev', service: 'dev-api', desiredCount: 5 }),
    );
    const drifted = await scanDev('--alert', '--status');
    // Act
    const healed = await scanDev('--alert', '--status', '--heal');
    // Assess
    const live = await ecs.send(
      new DescribeServicesCommand({ cluster: 'dev', services: ['dev-api'] }),
    );
    ecs.destroy();
    expect(drifted.code).toBe(2);
    expect(healed.code).toBe(0);
    expect(live.services?.[0]?.desiredCount).toBe(2);
    expect((await messages()).map((m) => JSON.parse(m.message).event_action)).toEqual([
      'trigger',
      'resolve',
    ]);
    expect((await driftStatuses()).map((s) => s.state)).toEqual(['success', 'failure']);
  });

  it('keeps the scan’s result when GitHub is rate-limited, and says until when', async () => {
    // Prepare
    await prepare();
    await makeDatabasePublic('AKIAEXAMPLEFRANK');
    await setFaults(sandbox.url, { services: ['GitHub'], throttleRate: 1 });
    // Act
    const run = await scanDev('--alert', '--status');
    // Assess
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(
      /warning: dev: commit status: GitHubUnavailableError: GitHub resolve main failed: rate-limited until \d{4}-\d\d-\d\dT/,
    );
    expect(await messages()).toHaveLength(1);
  });
});
