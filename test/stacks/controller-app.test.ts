import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * Runs `stacks/bin/app.ts` the way the CDK CLI does (`cdk synth plumbline-controller -c ...`): a
 * process given its context in $CDK_CONTEXT_JSON and writing to $CDK_OUTDIR. Bundling is skipped
 * (`aws:cdk:bundling-stacks`), as the CLI skips it for stacks it was not asked for; the bundles are
 * tested in controller-stack.test.ts.
 */
function runApp(context: Record<string, unknown>) {
  const outdir = mkdtempSync(join(tmpdir(), 'plumbline-app-'));
  const run = spawnSync(process.execPath, ['--import', 'tsx', 'stacks/bin/app.ts'], {
    env: {
      ...process.env,
      CDK_OUTDIR: outdir,
      CDK_VALIDATION: 'false',
      CDK_CONTEXT_JSON: JSON.stringify({ 'aws:cdk:bundling-stacks': [], ...context }),
    },
    encoding: 'utf8',
  });
  const read = (file: string) => JSON.parse(readFileSync(join(outdir, file), 'utf8'));
  return { run, read, dispose: () => rmSync(outdir, { recursive: true, force: true }) };
}

type Manifest = { artifacts: Record<string, unknown> };
type Metadata = Record<string, { type: string; data: unknown }[]>;

/** The messages of one kind a stack's metadata file holds. */
const messages = (metadata: Metadata, type: string) =>
  Object.values(metadata)
    .flat()
    .filter((m) => m.type === type)
    .map((m) => m.data);

describe('stacks/bin/app.ts: the controller stack', () => {
  it('synthesizes plumbline-controller beside the platform stack when given a repository', () => {
    // Act
    const app = runApp({ githubRepository: 'acme/platform' });
    try {
      // Assess
      expect(app.run.status).toBe(0);
      const manifest = app.read('manifest.json') as Manifest;
      expect(Object.keys(manifest.artifacts)).toEqual(
        expect.arrayContaining(['plumbline-dev', 'plumbline-controller']),
      );
      const template = app.read('plumbline-controller.template.json') as {
        Resources: Record<string, { Type: string; Properties: Record<string, unknown> }>;
      };
      const functions = Object.values(template.Resources).filter(
        (r) => r.Type === 'AWS::Lambda::Function',
      );
      expect(functions).toHaveLength(2);
      for (const fn of functions)
        expect(fn.Properties.Environment).toMatchObject({
          Variables: { GITHUB_REPOSITORY: 'acme/platform' },
        });
    } finally {
      app.dispose();
    }
  });

  it('leaves the platform stack as it was and names the missing context on the controller stack', () => {
    // Act
    const app = runApp({});
    try {
      // Assess
      expect(app.run.status).toBe(0);
      const controller = app.read('plumbline-controller.metadata.json') as Metadata;
      const platform = app.read('plumbline-dev.metadata.json') as Metadata;
      expect(messages(controller, 'aws:cdk:error')).toEqual([
        'context githubRepository is required (owner/name): cdk deploy -c githubRepository=...',
      ]);
      expect(messages(platform, 'aws:cdk:templateFile')).toEqual(['plumbline-dev.template.json']);
      expect(messages(platform, 'aws:cdk:error')).toEqual([]);
    } finally {
      app.dispose();
    }
  });
});
