import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { Octokit } from '@octokit/rest';
import type { Sandbox } from '../../../sandbox/index.js';

/** The repository name and token the tests start the sandbox with. */
export const OWNER = 'acme';
export const REPO = 'platform';
export const TOKEN = 'test-token';

/** The shas of the fixture's commits (deterministic: fixed content, identities and dates). */
export interface FixtureRepo {
  readonly dir: string;
  /** Root commit on `main`: README.md, src/app.ts, data/long.txt. */
  readonly root: string;
  /** On `main`: src/app.ts gets a line, docs/guide.md is added. */
  readonly second: string;
  /** On `feature` (from `second`): docs/guide.md renamed to docs/manual.md, README.md removed. */
  readonly feature: string;
  /** On `main` (from `second`): README.md changed. */
  readonly main: string;
  /** The blob of data/long.txt. */
  readonly longBlob: string;
  readonly remove: () => void;
}

/** 100 characters: base64 of it takes three lines of GitHub's 60-character base64. */
export const LONG_TEXT = `${'0123456789'.repeat(10)}`;

function commitAll(dir: string, message: string, date: string): string {
  const env = {
    ...process.env,
    GIT_AUTHOR_NAME: 'Ada Lovelace',
    GIT_AUTHOR_EMAIL: 'ada@example.com',
    GIT_AUTHOR_DATE: date,
    GIT_COMMITTER_NAME: 'Release Bot',
    GIT_COMMITTER_EMAIL: 'bot@example.com',
    GIT_COMMITTER_DATE: date,
  };
  execFileSync('git', ['add', '-A'], { cwd: dir, env });
  execFileSync('git', ['-c', 'commit.gpgsign=false', 'commit', '-q', '-m', message], {
    cwd: dir,
    env,
  });
  return git(dir, ['rev-parse', 'HEAD']);
}

function git(dir: string, args: string[]): string {
  return execFileSync('git', args, { cwd: dir, encoding: 'utf8' }).trim();
}

function write(dir: string, path: string, text: string): void {
  mkdirSync(dirname(join(dir, path)), { recursive: true });
  writeFileSync(join(dir, path), text);
}

/** Builds the fixture repository in a temporary directory, `main` checked out. */
export function createFixtureRepo(): FixtureRepo {
  const dir = mkdtempSync(join(tmpdir(), 'plumbline-github-'));
  git(dir, ['init', '-q', '-b', 'main']);
  write(dir, 'README.md', 'hello\n');
  write(dir, 'src/app.ts', 'one\n');
  write(dir, 'data/long.txt', LONG_TEXT);
  const root = commitAll(dir, 'Initial commit', '2026-01-01T10:00:00+01:00');
  write(dir, 'src/app.ts', 'one\ntwo\n');
  write(dir, 'docs/guide.md', '# Guide\n');
  const second = commitAll(dir, 'Add the guide\n\nAnd a second line.', '2026-01-02T10:00:00Z');
  git(dir, ['checkout', '-q', '-b', 'feature']);
  git(dir, ['mv', 'docs/guide.md', 'docs/manual.md']);
  rmSync(join(dir, 'README.md'));
  const feature = commitAll(dir, 'Rename the guide', '2026-01-03T10:00:00Z');
  git(dir, ['checkout', '-q', 'main']);
  write(dir, 'README.md', 'hello world\n');
  const main = commitAll(dir, 'Greet the world', '2026-01-04T10:00:00Z');
  return {
    dir,
    root,
    second,
    feature,
    main,
    longBlob: git(dir, ['rev-parse', `${root}:data/long.txt`]),
    remove: () => rmSync(dir, { recursive: true, force: true }),
  };
}

/** Octokit pointed at the sandbox's GitHub stand-in, quiet on errors; `null` sends no token. */
export function octokit(sandbox: Sandbox, auth: string | null = TOKEN): Octokit {
  return new Octokit({
    baseUrl: `${sandbox.url}/github`,
    ...(auth === null ? {} : { auth }),
    log: { debug: () => {}, info: () => {}, warn: () => {}, error: () => {} },
  });
}

/** The HTTP status and body of a request Octokit rejects. */
export async function failure(
  request: Promise<unknown>,
): Promise<{ status: number; data: unknown; headers: Record<string, unknown> }> {
  try {
    await request;
  } catch (error) {
    const { status, response } = error as {
      status: number;
      response: { data: unknown; headers: Record<string, unknown> };
    };
    return { status, data: response.data, headers: response.headers };
  }
  throw new Error('the request succeeded');
}
