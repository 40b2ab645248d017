import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { synthCommand } from '../../bin/commands/synth.js';
import type { CliIo } from '../../bin/io.js';
import { synthesizePlatform } from '../../stacks/synth.js';
import { manifest, manifestText } from './platform-fixtures.js';

/** Runs `plumbline synth <args>` through the exported command, capturing output and exit code. */
async function synth(args: string[]) {
  let stdout = '';
  let stderr = '';
  let code = 0;
  const io: CliIo = {
    stdout: (t) => {
      stdout += t;
    },
    stderr: (t) => {
      stderr += t;
    },
    env: {},
    isTTY: false,
    untilStopped: async () => {},
  };
  await synthCommand(io, (c) => {
    code = c;
  }).parseAsync(args, { from: 'user' });
  return { code, stdout, stderr };
}

describe('plumbline synth', () => {
  let dir: string;

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'plumbline-synth-cmd-'));
    mkdirSync(join(dir, 'environments'));
  });

  afterEach(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  it('writes <out>/<stack>.template.json as deployed and prints its path and size', async () => {
    // Prepare
    const out = join(dir, 'out');
    const expected = synthesizePlatform(manifest('staging'));
    // Act
    const run = await synth(['--env', 'staging', '--out', out]);
    // Assess
    const file = join(out, 'plumbline-staging.template.json');
    expect(run).toEqual({
      code: 0,
      stdout: `${file}: ${expected.bytes} bytes, within the 51200-byte inline limit\n`,
      stderr: '',
    });
    expect(readFileSync(file, 'utf8')).toBe(expected.body);
  });

  it('writes the template of an update by default, and with --new that of a first create', async () => {
    // Prepare
    const desired = manifest('staging');
    const update = synthesizePlatform(desired, { stackExists: true });
    const create = synthesizePlatform(desired, { stackExists: false });
    const file = (out: string) => join(dir, out, 'plumbline-staging.template.json');
    // Act
    await synth(['--env', 'staging', '--out', join(dir, 'default')]);
    await synth(['--env', 'staging', '--out', join(dir, 'new'), '--new']);
    // Assess
    expect(readFileSync(file('default'), 'utf8')).toBe(update.body);
    expect(readFileSync(file('new'), 'utf8')).toBe(create.body);
    expect(create.body).not.toBe(update.body);
  });

  it('says when a template exceeds the inline limit', async () => {
    // Prepare
    const text = manifestText('dev');
    const worker = text.slice(text.indexOf('  - name: worker'), text.indexOf('database:'));
    const workers = ['a', 'b', 'c', 'd', 'e', 'f']
      .map((n) => worker.replace('- name: worker', `- name: worker-${n}`))
      .join('');
    writeFileSync(
      join(dir, 'environments', 'dev.yaml'),
      text.replace('database:', `${workers}database:`),
    );
    // Act
    const run = await synth(['--env', 'dev', '--dir', dir, '--out', join(dir, 'out')]);
    // Assess
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(
      /plumbline-dev\.template\.json: \d{5,} bytes, exceeds the 51200-byte inline limit: deploy it from S3\n$/,
    );
  });

  it('exits 1 with file:line:col messages for an invalid manifest and writes nothing', async () => {
    // Prepare
    const file = join(dir, 'environments', 'dev.yaml');
    writeFileSync(
      file,
      manifestText('dev').replace(
        '    memory: 512\n    port: 8080',
        '    memory: 4096\n    port: 8080',
      ),
    );
    // Act
    const run = await synth(['--env', 'dev', '--dir', dir, '--out', join(dir, 'out')]);
    // Assess
    expect(run.code).toBe(1);
    expect(run.stdout).toBe('');
    expect(run.stderr).toMatch(
      new RegExp(
        `^${file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}:\\d+:\\d+: services\\.api\\.memory: invalid Fargate memory 4096`,
      ),
    );
    expect(existsSync(join(dir, 'out'))).toBe(false);
  });

  it('exits 1 for an environment without a manifest', async () => {
    // Act
    const run = await synth(['--env', 'qa', '--dir', dir]);
    // Assess
    expect(run.code).toBe(1);
    expect(run.stderr).toBe(
      `no manifest for environment "qa" at ${join(dir, 'environments', 'qa.yaml')}\n`,
    );
  });
});
