import { runCli } from '../../bin/cli.js';
import type { CliIo } from '../../bin/io.js';
import { type Sandbox, startSandbox } from '../../sandbox/index.js';
import { stats } from '../e2e/sandbox-admin.js';

/** The CLI with an environment of our choosing (no AWS_REGION) and captured output. */
async function run(argv: string[], env: Record<string, string>) {
  let stdout = '';
  let stderr = '';
  const io: CliIo = {
    stdout: (t) => {
      stdout += t;
    },
    stderr: (t) => {
      stderr += t;
    },
    env,
    isTTY: false,
    untilStopped: async () => {},
  };
  return { code: await runCli(argv, io), stdout, stderr };
}

describe('plumbline lock without a configured region', () => {
  let sandbox: Sandbox;
  const credentials = { AWS_ACCESS_KEY_ID: 'test', AWS_SECRET_ACCESS_KEY: 'test' };

  beforeAll(async () => {
    sandbox = await startSandbox({ port: 0 });
  });

  afterAll(async () => {
    await sandbox.close();
  });

  it('refuses with a clear error when the manifest cannot be loaded, instead of guessing a region', async () => {
    // Prepare
    const before = (await stats(sandbox.url)).total;

    // Act
    const out = await run(
      ['lock', 'status', '--env', 'nowhere', '--endpoint', sandbox.url],
      credentials,
    );

    // Assess
    expect(out.code).toBe(1);
    expect(out.stderr).toBe(
      'plumbline: cannot tell which region nowhere lives in: no manifest for environment "nowhere" at desired-state/environments/nowhere.yaml; set AWS_REGION or fix the manifest\n',
    );
    expect((await stats(sandbox.url)).total).toBe(before);
  });

  it("reads the lock table in the manifest's region when AWS_REGION is unset", async () => {
    // Act
    const out = await run(['lock', 'status', '--env', 'dev', '--endpoint', sandbox.url], {
      ...credentials,
    });

    // Assess: the sandbox has no table yet, and says so for eu-west-1 (dev's region)
    expect(out.code).toBe(1);
    expect(out.stderr).toMatch(
      /^plumbline: lock store inspect on "dev" failed: ResourceNotFoundException/,
    );
    expect((await stats(sandbox.url)).byService.DynamoDB).toEqual({ GetItem: 1 });
  });
});
