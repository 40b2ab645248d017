import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import {
  COMPARE_FILE_LIMIT,
  CompareChangeLister,
} from '../../../../controller/adapters/github/compare-change-lister.js';
import { githubRepository } from '../../../../controller/adapters/github/repository.js';
import { GitHubUnavailableError } from '../../../../controller/model/errors.js';
import { type Sandbox, startSandbox } from '../../../../sandbox/index.js';
import { createFixtureRepo, type FixtureRepo } from '../../../sandbox/github/fixture-repo.js';

const TOKEN = 'ghp_compareToken0123456789abcdefABCDEF';

function lister(sandbox: Sandbox, repository: string): CompareChangeLister {
  return new CompareChangeLister(
    githubRepository({ repository, token: TOKEN, apiUrl: `${sandbox.url}/github` }),
  );
}

describe('CompareChangeLister', () => {
  describe('on a small history', () => {
    let repo: FixtureRepo;
    let sandbox: Sandbox;
    let changes: CompareChangeLister;

    beforeAll(async () => {
      repo = createFixtureRepo();
      sandbox = await startSandbox({
        port: 0,
        repoDir: repo.dir,
        githubRepository: 'acme/platform',
        githubToken: TOKEN,
      });
      changes = lister(sandbox, 'acme/platform');
    });

    afterAll(async () => {
      await sandbox.close();
      repo.remove();
    });

    beforeEach(async () => {
      await sandbox.reset();
    });

    afterEach(() => sandbox.setFaults([]));

    it('lists the files changed from base to head, in one call', async () => {
      // Act
      const result = await changes.changedFiles(repo.root, repo.main);
      // Assess
      expect([...result.files].sort()).toEqual(['README.md', 'docs/guide.md', 'src/app.ts']);
      expect(result.complete).toBe(true);
      expect(sandbox.stats().byService.GitHub).toEqual({ CompareCommits: 1 });
    });

    it('counts a renamed file under both names and, after a forced push, what the dropped commits changed', async () => {
      // Prepare: main moved from `main` to `feature`, dropping main's last commit (README.md changed)
      // Act
      const result = await changes.changedFiles(repo.main, repo.feature);
      // Assess
      expect([...result.files].sort()).toEqual(['README.md', 'docs/guide.md', 'docs/manual.md']);
      expect(result.complete).toBe(true);
      expect(sandbox.stats().byService.GitHub).toEqual({ CompareCommits: 2 });
    });

    it('lists nothing for the same commit', async () => {
      // Act
      const result = await changes.changedFiles(repo.main, repo.main);
      // Assess
      expect(result).toEqual({ files: [], complete: true });
    });

    it('rethrows GitHub’s 404 for a commit it does not have', async () => {
      // Act + Assess
      await expect(changes.changedFiles('f'.repeat(40), repo.main)).rejects.toMatchObject({
        status: 404,
      });
    });

    it('reports GitHub being down as GitHubUnavailableError', async () => {
      // Prepare
      sandbox.setFaults({ services: ['GitHub'], errorRate: 1, errorStatus: 502 });
      // Act
      const failure = changes.changedFiles(repo.root, repo.main);
      // Assess
      await expect(failure).rejects.toBeInstanceOf(GitHubUnavailableError);
      await expect(failure).rejects.toThrow(`compare ${repo.root}...${repo.main}`);
    });
  });

  describe('on a comparison of 300 files', () => {
    let dir: string;
    let sandbox: Sandbox;
    const commits: Record<'base' | 'under' | 'at', string> = { base: '', under: '', at: '' };

    function commitAll(message: string): string {
      const env = {
        ...process.env,
        GIT_AUTHOR_NAME: 'Ada',
        GIT_AUTHOR_EMAIL: 'ada@example.com',
        GIT_AUTHOR_DATE: '2026-12-01T10:00:00Z',
        GIT_COMMITTER_NAME: 'Ada',
        GIT_COMMITTER_EMAIL: 'ada@example.com',
        GIT_COMMITTER_DATE: '2026-12-01T10:00:00Z',
      };
      execFileSync('git', ['add', '-A'], { cwd: dir, env });
      execFileSync('git', ['-c', 'commit.gpgsign=false', 'commit', '-q', '-m', message], {
        cwd: dir,
        env,
      });
      return execFileSync('git', ['rev-parse', 'HEAD'], { cwd: dir, encoding: 'utf8' }).trim();
    }

    function write(path: string): void {
      mkdirSync(dirname(join(dir, path)), { recursive: true });
      writeFileSync(join(dir, path), `${path}\n`);
    }

    beforeAll(async () => {
      dir = mkdtempSync(join(tmpdir(), 'plumbline-compare-'));
      execFileSync('git', ['init', '-q', '-b', 'main'], { cwd: dir });
      write('README.md');
      commits.base = commitAll('base');
      for (let i = 0; i < COMPARE_FILE_LIMIT - 1; i++) write(`stacks/generated/file-${i}.ts`);
      commits.under = commitAll('one file under the limit');
      write('stacks/generated/last.ts');
      commits.at = commitAll('at the limit');
      sandbox = await startSandbox({
        port: 0,
        repoDir: dir,
        githubRepository: 'acme/big',
        githubToken: TOKEN,
      });
    });

    afterAll(async () => {
      await sandbox.close();
      rmSync(dir, { recursive: true, force: true });
    });

    it('calls a list one short of GitHub’s 300 complete', async () => {
      // Act
      const result = await lister(sandbox, 'acme/big').changedFiles(commits.base, commits.under);
      // Assess
      expect(result.files).toHaveLength(COMPARE_FILE_LIMIT - 1);
      expect(result.complete).toBe(true);
    });

    it('calls a list of 300 files possibly cut short', async () => {
      // Act
      const result = await lister(sandbox, 'acme/big').changedFiles(commits.base, commits.at);
      // Assess
      expect(result.files).toHaveLength(COMPARE_FILE_LIMIT);
      expect(result.complete).toBe(false);
    });
  });
});
