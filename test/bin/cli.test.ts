import { spawn, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Sandbox, startSandbox } from '../../sandbox/server.js';
import { cli } from '../e2e/cli-harness.js';
import { stats } from '../e2e/sandbox-admin.js';

describe('plumbline validate', () => {
  let dir: string;
  let sandbox: Sandbox;

  beforeAll(async () => {
    sandbox = await startSandbox({ port: 0 });
    dir = mkdtempSync(join(tmpdir(), 'plumbline-validate-'));
    mkdirSync(join(dir, 'environments'));
  });

  afterAll(async () => {
    await sandbox.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('accepts the shipped manifests', async () => {
    const run = await cli(['validate']);
    expect(run).toEqual({ code: 0, stdout: '3 manifest(s) valid\n', stderr: '' });
  });

  /** Writes dev.yaml with one edit and returns `file:line:col` of the first occurrence of `needle`. */
  function writeDev(from: string, to: string, needle: string): string {
    const text = readFileSync('desired-state/environments/dev.yaml', 'utf8').replace(from, to);
    writeFileSync(join(dir, 'environments', 'dev.yaml'), text);
    const lines = text.split('\n');
    const line = lines.findIndex((l) => l.includes(needle));
    return `${join(dir, 'environments', 'dev.yaml')}:${line + 1}:${(lines[line] ?? '').indexOf(needle) + 1}`;
  }

  it('exits 1 with a file:line:col message per problem and makes no AWS call', async () => {
    // Prepare
    const at = writeDev(
      '    memory: 512\n    port: 8080',
      '    memory: 4096\n    port: 8080',
      '4096',
    );
    // Act: any SDK client built with the standard configuration would now reach the sandbox.
    process.env.AWS_ENDPOINT_URL = sandbox.url;
    const run = await cli(['validate', '--dir', dir]).finally(() => {
      delete process.env.AWS_ENDPOINT_URL;
    });
    // Assess
    expect(run).toEqual({
      code: 1,
      stdout: '',
      stderr: `${at}: services.api.memory: invalid Fargate memory 4096 for cpu 256; allowed: 512, 1024, 2048\n1 problem(s) in 1 of 1 manifest(s)\n`,
    });
    expect((await stats(sandbox.url)).total).toBe(0);
  });

  it('names an unknown key with a suggestion', async () => {
    const at = writeDev(
      '    desiredCount: 1\n    autoscaling:',
      '    desiredCont: 1\n    autoscaling:',
      'desiredCont',
    );
    const run = await cli(['validate', '--dir', dir]);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain(
      `${at}: services.api.desiredCont: unknown key "desiredCont"; did you mean "desiredCount"?\n`,
    );
  });
});

describe('plumbline drift', () => {
  it('requires exactly one of --env and --all', async () => {
    const run = await cli(['drift']);
    expect(run).toMatchObject({
      code: 1,
      stderr: 'plumbline drift: give exactly one of --env <env> or --all\n',
    });
  });

  it('reports an unknown environment as an error, exit 1, without calling AWS', async () => {
    const run = await cli([
      'drift',
      '--env',
      'qa',
      '--format',
      'json',
      '--endpoint',
      'http://127.0.0.1:9',
    ]);
    expect(run.code).toBe(1);
    expect(JSON.parse(run.stdout)).toMatchObject({
      environment: 'qa',
      status: 'error',
      error: expect.stringContaining('no manifest for environment "qa"'),
      stats: { apiCalls: 0 },
    });
  });

  it('rejects an unknown format', async () => {
    const run = await cli(['drift', '--env', 'dev', '--format', 'xml']);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain("argument 'xml' is invalid. Allowed choices are text, json, md.");
  });
});

describe('the plumbline executable', () => {
  it.each(['validate', 'synth', 'drift', 'rollout', 'lock', 'sandbox', 'demo'])(
    'prints --help for %s',
    async (command) => {
      const run = await cli([command, '--help']);
      expect(run.code).toBe(0);
      expect(run.stdout).toContain(`Usage: plumbline ${command}`);
    },
  );

  it('runs from the bin entry with the TypeScript loader', () => {
    const run = spawnSync(process.execPath, ['bin/plumbline.js', '--help'], { encoding: 'utf8' });
    expect(run.status).toBe(0);
    expect(run.stdout).toContain('Usage: plumbline');
    expect(run.stdout).toMatch(/drift \[options\]/);
  });

  it('starts the sandbox, prints its URL and stops on SIGTERM', async () => {
    // Prepare
    const data = mkdtempSync(join(tmpdir(), 'plumbline-sandbox-'));
    const child = spawn(
      process.execPath,
      ['bin/plumbline.js', 'sandbox', '--port', '0', '--data', data],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    );
    // Act
    const url = await new Promise<string>((resolve, reject) => {
      let out = '';
      child.stdout.on('data', (chunk: Buffer) => {
        out += chunk.toString();
        const match = /sandbox listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(out);
        if (match?.[1]) resolve(match[1]);
      });
      child.on('exit', (code) => reject(new Error(`exited ${code}: ${out}`)));
    });
    const health = await fetch(`${url}/_sandbox/health`);
    const exited = new Promise<number | null>((resolve) => child.on('exit', resolve));
    child.kill('SIGTERM');
    // Assess
    expect(health.status).toBe(200);
    expect(await exited).toBe(0);
    rmSync(data, { recursive: true, force: true });
  });
});

describe('plumbline demo (npm start)', () => {
  it('rolls dev out in a fresh sandbox, then reports the drift made by hand', async () => {
    // Prepare
    const data = mkdtempSync(join(tmpdir(), 'plumbline-demo-'));
    // Act
    const run = await cli(['demo', '--port', '0', '--data', data, '--exit']);
    // Assess
    rmSync(data, { recursive: true, force: true });
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('rollout dev @ working-tree: succeeded (CREATE_COMPLETE)');
    expect(run.stdout).toContain('dev @ working-tree: in sync');
    expect(run.stdout).toMatch(
      /dev @ working-tree: 1 drift\(s\), worst P2[\s\S]*P2 update services\.api\.desiredCount/,
    );
  });
});
