import { execFileSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { Octokit } from '@octokit/rest';
import { parseDocument } from 'yaml';
import { runCli } from '../../bin/cli.js';
import type { CliIo } from '../../bin/io.js';
import { type Sandbox, startSandbox } from '../../sandbox/index.js';
import { signature } from '../fixtures/webhook-payloads.js';

export const SECRET = 'whsec-serve-e2e-5mKq9Lw2';
export const TOKEN = 'ghp_serveE2eToken00112233445566778899aa';
export const REPOSITORY = 'acme/platform';

/**
 * A git repository like the product's: the three environments' manifests (prod without its weekend
 * freeze, so a test on a Friday evening rolls out), `stacks/` and `service/`. Commits get increasing
 * dates, so a later commit is newer.
 */
export class PlatformRepo {
  readonly dir = mkdtempSync(join(tmpdir(), 'plumbline-serve-'));
  #commits = 0;

  /** @param options.keepFreeze - keep prod's weekend freeze window */
  constructor(options: { readonly keepFreeze?: boolean } = {}) {
    git(this.dir, ['init', '-q', '-b', 'main']);
    mkdirSync(join(this.dir, 'desired-state'));
    cpSync('desired-state/environments', join(this.dir, 'desired-state/environments'), {
      recursive: true,
    });
    if (!options.keepFreeze)
      this.edit('desired-state/environments/prod.yaml', (doc) =>
        doc.deleteIn(['rollout', 'freeze']),
      );
    this.write('stacks/README.md', 'platform stacks\n');
    this.write('service/README.md', 'the task API\n');
  }

  write(path: string, text: string): void {
    mkdirSync(dirname(join(this.dir, path)), { recursive: true });
    writeFileSync(join(this.dir, path), text);
  }

  /** Edits a YAML file in place, keeping its comments. */
  edit(path: string, change: (doc: ReturnType<typeof parseDocument>) => void): void {
    const doc = parseDocument(readFileSync(join(this.dir, path), 'utf8'));
    change(doc);
    this.write(path, doc.toString());
  }

  /** Commits everything; returns the sha and the commit's ISO time. */
  commit(message: string): { sha: string; timestamp: string } {
    this.#commits += 1;
    const timestamp = new Date(Date.UTC(2026, 11, 4, 9, 0, this.#commits)).toISOString();
    const env = {
      ...process.env,
      GIT_AUTHOR_NAME: 'Ada Lovelace',
      GIT_AUTHOR_EMAIL: 'ada@example.com',
      GIT_AUTHOR_DATE: timestamp,
      GIT_COMMITTER_NAME: 'Ada Lovelace',
      GIT_COMMITTER_EMAIL: 'ada@example.com',
      GIT_COMMITTER_DATE: timestamp,
    };
    execFileSync('git', ['add', '-A'], { cwd: this.dir, env });
    execFileSync('git', ['-c', 'commit.gpgsign=false', 'commit', '-q', '-m', message], {
      cwd: this.dir,
      env,
    });
    return { sha: git(this.dir, ['rev-parse', 'HEAD']), timestamp };
  }

  remove(): void {
    rmSync(this.dir, { recursive: true, force: true });
  }
}

function git(dir: string, args: string[]): string {
  return execFileSync('git', args, { cwd: dir, encoding: 'utf8' }).trim();
}

/** `plumbline serve` running in this process until `stop`. */
export interface Serving {
  readonly url: string;
  readonly stderr: () => string;
  stop(): Promise<number>;
}

/** Starts `plumbline serve --port 0` with `env`, and waits until it prints its URL. */
export async function serve(env: Record<string, string>): Promise<Serving> {
  let stdout = '';
  let stderr = '';
  let stop: () => void = () => undefined;
  const stopped = new Promise<void>((resolve) => {
    stop = resolve;
  });
  const io: CliIo = {
    stdout: (t) => {
      stdout += t;
    },
    stderr: (t) => {
      stderr += t;
    },
    env: { ...process.env, ...env },
    isTTY: false,
    untilStopped: () => stopped,
  };
  const code = runCli(['serve', '--port', '0', '--scan-every', '60'], io);
  const url = await waitFor(async () => /webhook (http:\/\/\S+)\/webhook/.exec(stdout)?.[1], {
    what: () => `serve to start (stderr: ${stderr})`,
  });
  return {
    url,
    stderr: () => stderr,
    stop: async () => {
      stop();
      return code;
    },
  };
}

/** Polls `probe` until it returns something other than undefined. */
export async function waitFor<T>(
  probe: () => Promise<T | undefined>,
  options: { what: () => string; timeoutMs?: number },
): Promise<T> {
  const deadline = Date.now() + (options.timeoutMs ?? 60_000);
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${options.what()}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** POSTs a signed webhook delivery. */
export async function deliver(
  url: string,
  event: string,
  payload: unknown,
  delivery: string,
  options: { secret?: string; headers?: Record<string, string> } = {},
): Promise<{ status: number; body: Record<string, unknown> }> {
  const body = JSON.stringify(payload);
  const response = await fetch(`${url}/webhook`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      'x-github-event': event,
      'x-github-delivery': delivery,
      'x-hub-signature-256': signature(options.secret ?? SECRET, body),
      ...options.headers,
    },
    body,
  });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

/** The states and descriptions of `plumbline/<env>` on a commit, oldest first. */
export async function statusesOf(
  apiUrl: string,
  sha: string,
  env: string,
): Promise<{ state: string; description: string }[]> {
  const octokit = new Octokit({ auth: TOKEN, baseUrl: apiUrl });
  const [owner, repo] = REPOSITORY.split('/') as [string, string];
  const { data } = await octokit.rest.repos.listCommitStatusesForRef({
    owner,
    repo,
    ref: sha,
    per_page: 100,
  });
  return data
    .filter((s) => s.context === `plumbline/${env}`)
    .reverse()
    .map((s) => ({ state: s.state, description: s.description ?? '' }));
}

/** Waits until `plumbline/<env>` on `sha` is in `state`; returns its history. */
export async function statusReaches(
  apiUrl: string,
  sha: string,
  env: string,
  state: string,
  serving?: Serving,
): Promise<{ state: string; description: string }[]> {
  return waitFor(
    async () => {
      const history = await statusesOf(apiUrl, sha, env);
      return history.at(-1)?.state === state ? history : undefined;
    },
    {
      what: () =>
        `plumbline/${env} on ${sha.slice(0, 7)} to be ${state}${serving ? ` (serve stderr: ${serving.stderr()})` : ''}`,
      timeoutMs: 90_000,
    },
  );
}

/** The sandbox serving `repo` as the GitHub repository, and `plumbline serve` against it. */
export async function startController(
  repo: PlatformRepo,
  options: { readonly stepDelayMs?: number } = {},
): Promise<{ sandbox: Sandbox; serving: Serving }> {
  const sandbox = await startSandbox({
    port: 0,
    ...(options.stepDelayMs === undefined ? {} : { stepDelayMs: options.stepDelayMs }),
    repoDir: repo.dir,
    githubRepository: REPOSITORY,
    githubToken: TOKEN,
  });
  const serving = await serve({
    AWS_ENDPOINT_URL: sandbox.url,
    GITHUB_API_URL: `${sandbox.url}/github`,
    GITHUB_REPOSITORY: REPOSITORY,
    GITHUB_TOKEN: TOKEN,
    GITHUB_WEBHOOK_SECRET: SECRET,
    REPORT_BUCKET: 'plumbline-reports-000000000000-eu-west-1',
  });
  return { sandbox, serving };
}
