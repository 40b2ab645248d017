import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** Runs `stacks/bin/app.ts` the way the CDK CLI does: a process writing to $CDK_OUTDIR. */
function runApp(env: Record<string, string>) {
  const outdir = mkdtempSync(join(tmpdir(), 'plumbline-app-'));
  const run = spawnSync(process.execPath, ['--import', 'tsx', 'stacks/bin/app.ts'], {
    env: { ...process.env, CDK_OUTDIR: outdir, CDK_VALIDATION: 'false', ...env },
    encoding: 'utf8',
  });
  return { run, outdir };
}

describe('stacks/bin/app.ts', () => {
  it('synthesizes the platform stack of $PLUMBLINE_ENV with the inline synthesizer', () => {
    // Prepare
    const env = { PLUMBLINE_ENV: 'staging' };
    // Act
    const { run, outdir } = runApp(env);
    // Assess
    try {
      expect(run.status).toBe(0);
      const manifest = JSON.parse(readFileSync(join(outdir, 'manifest.json'), 'utf8'));
      expect(Object.keys(manifest.artifacts)).toContain('plumbline-staging');
      expect(manifest.artifacts['plumbline-staging'].properties).not.toHaveProperty(
        'assumeRoleArn',
      );
      expect(manifest.missing).toBeUndefined();
      const template = JSON.parse(
        readFileSync(join(outdir, 'plumbline-staging.template.json'), 'utf8'),
      );
      expect(template.Parameters).toBeUndefined();
      expect(template.Conditions).toBeUndefined();
    } finally {
      rmSync(outdir, { recursive: true, force: true });
    }
  });

  it('fails with the manifest problem when the environment has no valid manifest', () => {
    // Act
    const { run, outdir } = runApp({ PLUMBLINE_ENV: 'qa' });
    rmSync(outdir, { recursive: true, force: true });
    // Assess
    expect(run.status).not.toBe(0);
    expect(run.stderr).toContain('desired-state/environments/qa.yaml');
  });
});
