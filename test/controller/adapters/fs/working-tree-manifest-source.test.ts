import path from 'node:path';
import { WorkingTreeManifestSource } from '../../../../controller/adapters/fs/working-tree-manifest-source.js';
import {
  ManifestInvalidError,
  ManifestNotFoundError,
  PlumblineError,
} from '../../../../controller/model/errors.js';
import { desiredStateDir, manifestFor, removeDir } from './manifest-dir.js';

const dirs: string[] = [];

async function sourceWith(
  files: Record<string, string>,
): Promise<{ dir: string; source: WorkingTreeManifestSource }> {
  const dir = await desiredStateDir(files);
  dirs.push(dir);
  return { dir, source: new WorkingTreeManifestSource(dir) };
}

afterEach(async () => {
  await Promise.all(dirs.splice(0).map(removeDir));
});

describe('WorkingTreeManifestSource', () => {
  describe('list', () => {
    it('lists the shipped environments in promotion order', async () => {
      // Prepare
      const source = new WorkingTreeManifestSource();

      // Act
      const envs = await source.list();

      // Assess
      expect(envs).toEqual(['dev', 'staging', 'prod']);
    });

    it('orders by rollout.after, ties alphabetically', async () => {
      // Prepare
      const { source } = await sourceWith({
        'prod.yaml': manifestFor('prod', 'staging'),
        'staging.yaml': manifestFor('staging', 'dev'),
        'qa.yaml': manifestFor('qa', 'dev'),
        'dev.yaml': manifestFor('dev'),
        'demo.yaml': manifestFor('demo'),
      });

      // Act
      const envs = await source.list();

      // Assess
      expect(envs).toEqual(['demo', 'dev', 'qa', 'staging', 'prod']);
    });

    it('still lists a manifest that does not parse', async () => {
      // Prepare
      const { source } = await sourceWith({
        'dev.yaml': manifestFor('dev'),
        'staging.yaml': 'rollout: [unclosed\n',
        'notes.txt': 'not a manifest',
      });

      // Act
      const envs = await source.list();

      // Assess
      expect(envs).toEqual(['dev', 'staging']);
    });

    it('lists nothing for a directory without environments', async () => {
      // Prepare
      const source = new WorkingTreeManifestSource(path.join(__dirname, 'no-such-dir'));

      // Act
      const envs = await source.list();

      // Assess
      expect(envs).toEqual([]);
    });
  });

  describe('load', () => {
    it('loads a valid manifest with its source file and the working-tree ref', async () => {
      // Prepare
      const { dir, source } = await sourceWith({ 'dev.yaml': manifestFor('dev') });

      // Act
      const loaded = await source.load('dev');

      // Assess
      expect(loaded.source).toBe(path.join(dir, 'environments', 'dev.yaml'));
      expect(loaded.ref).toBe('working-tree');
      expect(loaded.desired.environment.name).toBe('dev');
      expect(loaded.desired.services.map((s) => s.name)).toEqual(['api', 'worker']);
    });

    it('loads the shipped prod manifest from the default directory', async () => {
      // Prepare
      const source = new WorkingTreeManifestSource();

      // Act
      const loaded = await source.load('prod', 'working-tree');

      // Assess
      expect(loaded.source).toBe(path.join('desired-state', 'environments', 'prod.yaml'));
      expect(loaded.desired.database?.multiAz).toBe(true);
    });

    it('throws ManifestInvalidError with located issues', async () => {
      // Prepare
      const { dir, source } = await sourceWith({ 'dev.yaml': manifestFor('staging') });

      // Act
      const loading = source.load('dev');

      // Assess
      const file = path.join(dir, 'environments', 'dev.yaml');
      await expect(loading).rejects.toThrow(ManifestInvalidError);
      await expect(loading).rejects.toMatchObject({
        terminal: true,
        message: `${file}:3:9: environment.name: must equal the file name "dev", got "staging"`,
        issues: [{ file, line: 3, column: 9, path: 'environment.name' }],
      });
    });

    it('throws ManifestNotFoundError for an environment without a manifest', async () => {
      // Prepare
      const { dir, source } = await sourceWith({ 'dev.yaml': manifestFor('dev') });

      // Act
      const loading = source.load('qa');

      // Assess
      await expect(loading).rejects.toThrow(ManifestNotFoundError);
      await expect(loading).rejects.toThrow(
        `no manifest for environment "qa" at ${path.join(dir, 'environments', 'qa.yaml')}`,
      );
    });

    it('reads no file outside the environments folder', async () => {
      // Prepare
      const { source } = await sourceWith({ 'dev.yaml': manifestFor('dev') });

      // Act
      const loading = source.load('../environments/dev');

      // Assess
      await expect(loading).rejects.toThrow(ManifestNotFoundError);
    });

    it('refuses a git ref it cannot read', async () => {
      // Prepare
      const { source } = await sourceWith({ 'dev.yaml': manifestFor('dev') });

      // Act
      const loading = source.load('dev', 'a1b2c3d');

      // Assess
      await expect(loading).rejects.toThrow(PlumblineError);
      await expect(loading).rejects.toThrow('cannot load ref "a1b2c3d" from the working tree');
    });
  });
});
