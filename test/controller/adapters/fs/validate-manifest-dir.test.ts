import path from 'node:path';
import { validateManifestDir } from '../../../../controller/adapters/fs/working-tree-manifest-source.js';
import { formatManifestIssue } from '../../../../controller/model/errors.js';
import { desiredStateDir, manifestFor, removeDir } from './manifest-dir.js';

const dirs: string[] = [];

async function dirWith(files: Record<string, string>): Promise<string> {
  const dir = await desiredStateDir(files);
  dirs.push(dir);
  return dir;
}

async function report(dir: string): Promise<string[]> {
  const { issues } = await validateManifestDir(dir);
  return issues.map(formatManifestIssue);
}

afterEach(async () => {
  await Promise.all(dirs.splice(0).map(removeDir));
});

describe('validateManifestDir', () => {
  it('accepts the shipped desired state', async () => {
    // Prepare
    const dir = path.relative(process.cwd(), path.join(__dirname, '../../../../desired-state'));

    // Act
    const result = await validateManifestDir(dir);

    // Assess
    expect(result).toEqual({
      files: ['dev', 'prod', 'staging'].map((env) => path.join(dir, 'environments', `${env}.yaml`)),
      issues: [],
    });
  });

  it('names files relative to a relative directory', async () => {
    // Prepare
    const dir = path.relative(process.cwd(), await dirWith({ 'dev.yaml': manifestFor('qa') }));
    const file = path.join(dir, 'environments', 'dev.yaml');

    // Act
    const result = await validateManifestDir(dir);

    // Assess
    expect(result.files).toEqual([file]);
    expect(result.issues.map(formatManifestIssue)).toEqual([
      `${file}:3:9: environment.name: must equal the file name "dev", got "qa"`,
    ]);
  });

  it('reports rollout.after naming an environment without a manifest', async () => {
    // Prepare
    const dir = await dirWith({
      'dev.yaml': manifestFor('dev'),
      'prod.yaml': manifestFor('prod', 'staging'),
    });

    // Act
    const actual = await report(dir);

    // Assess
    expect(actual).toEqual([
      `${path.join(dir, 'environments', 'prod.yaml')}:45:10: rollout.after: unknown environment "staging"; declared: dev, prod`,
    ]);
  });

  it('reports a promotion cycle at every environment on it', async () => {
    // Prepare
    const dir = await dirWith({
      'dev.yaml': manifestFor('dev', 'prod'),
      'prod.yaml': manifestFor('prod', 'staging'),
      'staging.yaml': manifestFor('staging', 'dev'),
      'qa.yaml': manifestFor('qa', 'dev'),
    });
    const file = (env: string) => path.join(dir, 'environments', `${env}.yaml`);

    // Act
    const actual = await report(dir);

    // Assess
    expect(actual).toEqual([
      `${file('dev')}:45:10: rollout.after: promotion order has a cycle: dev -> staging -> prod -> dev`,
      `${file('prod')}:45:10: rollout.after: promotion order has a cycle: prod -> dev -> staging -> prod`,
      `${file('staging')}:45:10: rollout.after: promotion order has a cycle: staging -> prod -> dev -> staging`,
    ]);
  });

  it('checks promotion only between manifests that validate', async () => {
    // Prepare
    const broken = manifestFor('dev', 'staging').replace('engine: postgres', 'engine: mysql');
    const dir = await dirWith({
      'dev.yaml': broken,
      'staging.yaml': manifestFor('staging', 'dev'),
    });

    // Act
    const actual = await report(dir);

    // Assess
    expect(actual).toEqual([
      `${path.join(dir, 'environments', 'dev.yaml')}:28:11: database.engine: must be one of: postgres`,
    ]);
  });

  it('reports every file, ordered by file and position', async () => {
    // Prepare
    const dir = await dirWith({
      'staging.yaml': manifestFor('staging').replace('version: 1', 'version: 2'),
      'dev.yaml': manifestFor('dev').replace('backupRetentionDays: 1', 'backupRetentionDays: 40'),
      'prod.yml': manifestFor('prod'),
    });
    const file = (name: string) => path.join(dir, 'environments', name);

    // Act
    const result = await validateManifestDir(dir);

    // Assess
    expect(result.files).toEqual([file('dev.yaml'), file('staging.yaml')]);
    expect(result.issues.map(formatManifestIssue)).toEqual([
      `${file('dev.yaml')}:33:24: database.backupRetentionDays: must be between 0 and 35`,
      `${file('prod.yml')}:1:1: ignored: environment manifests end in .yaml`,
      `${file('staging.yaml')}:1:10: version: unsupported manifest version 2; supported: 1`,
    ]);
  });

  it('reports a directory without manifests', async () => {
    // Prepare
    const dir = path.join(await dirWith({}), 'missing');

    // Act
    const result = await validateManifestDir(dir);

    // Assess
    expect(result.files).toEqual([]);
    expect(result.issues.map(formatManifestIssue)).toEqual([
      `${path.join(dir, 'environments')}:1:1: no environment manifests (*.yaml)`,
    ]);
  });
});
