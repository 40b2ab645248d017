import { type Sandbox, startSandbox } from '../../sandbox/index.js';
import { buildEnvironment } from '../support/hand-built/build-environment.js';
import { cli, driftJson } from './cli-harness.js';
import { resetSandbox, setFaults, stats } from './sandbox-admin.js';

let sandbox: Sandbox;

beforeAll(async () => {
  sandbox = await startSandbox({ port: 0 });
  await resetSandbox(sandbox.url);
  await buildEnvironment({
    endpoint: sandbox.url,
    manifestPath: 'desired-state/environments/dev.yaml',
  });
});

afterAll(() => sandbox.close());

afterEach(async () => {
  await setFaults(sandbox.url, {});
});

/** Runs `work` with no credentials anywhere in the SDK's default chain. */
async function withoutCredentials<T>(work: () => Promise<T>): Promise<T> {
  const saved = { ...process.env };
  delete process.env.AWS_ACCESS_KEY_ID;
  delete process.env.AWS_SECRET_ACCESS_KEY;
  delete process.env.AWS_SESSION_TOKEN;
  delete process.env.AWS_PROFILE;
  process.env.AWS_SHARED_CREDENTIALS_FILE = '/nonexistent/credentials';
  process.env.AWS_CONFIG_FILE = '/nonexistent/config';
  try {
    return await work();
  } finally {
    for (const key of Object.keys(process.env)) if (!(key in saved)) delete process.env[key];
    Object.assign(process.env, saved);
  }
}

describe('drift scans with a broken AWS set-up', () => {
  it('reports missing credentials once, as the error, without calling AWS', async () => {
    // Prepare
    const before = (await stats(sandbox.url)).total;
    // Act
    const { code, report } = await withoutCredentials(() => driftJson(sandbox.url, 'dev'));
    // Assess
    expect(code).toBe(1);
    expect(report.status).toBe('error');
    expect(report.error).toBe(
      'no AWS credentials found: set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, AWS_PROFILE, or run where a role provides them',
    );
    expect(report.drifts).toEqual([]);
    expect(new Set(report.unchecked.map((u) => u.reason))).toEqual(new Set([report.error]));
    expect((await stats(sandbox.url)).total).toBe(before);
  });

  it('says once, at the top of the text report, that the session expired', async () => {
    // Prepare: every service answers as AWS does to an expired session token
    await setFaults(sandbox.url, [
      { errorRate: 1, errorCode: 'ExpiredTokenException', errorStatus: 400, services: ['ECS'] },
      { errorRate: 1, errorCode: 'ExpiredToken', errorStatus: 403, services: ['RDS', 'ELBv2'] },
    ]);
    // Act
    const run = await cli(['drift', '--env', 'dev', '--endpoint', sandbox.url]);
    // Assess
    const lines = run.stdout.split('\n');
    expect(run.code).toBe(1);
    expect(lines[0]).toMatch(
      /^dev @ working-tree: error: \d+ resource\(s\) unchecked, 0 drift\(s\)/,
    );
    expect(lines[1]).toMatch(
      /^ {2}the AWS session has expired: refresh the credentials and scan again$/,
    );
    expect(run.stdout.match(/session has expired/g)).toHaveLength(1);
  });
});
