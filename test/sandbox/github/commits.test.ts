import { type Sandbox, startSandbox } from '../../../sandbox/index.js';
import {
  createFixtureRepo,
  type FixtureRepo,
  failure,
  LONG_TEXT,
  OWNER,
  octokit,
  REPO,
  TOKEN,
} from './fixture-repo.js';

describe('GitHub stand-in: commits, contents and comparisons', () => {
  let repo: FixtureRepo;
  let sandbox: Sandbox;

  beforeAll(async () => {
    repo = createFixtureRepo();
    sandbox = await startSandbox({
      port: 0,
      repoDir: repo.dir,
      githubRepository: `${OWNER}/${REPO}`,
      githubToken: TOKEN,
    });
  });

  afterAll(async () => {
    await sandbox.close();
    repo.remove();
  });

  beforeEach(async () => {
    await sandbox.reset();
  });

  it('answers 401 Requires authentication without a token and Bad credentials with a wrong one', async () => {
    // Act
    const anonymous = await failure(
      octokit(sandbox, null).rest.repos.getCommit({ owner: OWNER, repo: REPO, ref: 'main' }),
    );
    const wrong = await failure(
      octokit(sandbox, 'nope').rest.repos.getCommit({ owner: OWNER, repo: REPO, ref: 'main' }),
    );

    // Assess
    expect(anonymous.status).toBe(401);
    expect(anonymous.data).toEqual({
      message: 'Requires authentication',
      documentation_url: 'https://docs.github.com/rest',
      status: '401',
    });
    expect(wrong.status).toBe(401);
    expect(wrong.data).toEqual({
      message: 'Bad credentials',
      documentation_url: 'https://docs.github.com/rest',
      status: '401',
    });
  });

  it('accepts the token as a Bearer token too', async () => {
    // Act
    const response = await fetch(
      `${sandbox.url}/github/repos/${OWNER}/${REPO}/commits/${repo.main}`,
      { headers: { authorization: `Bearer ${TOKEN}` } },
    );

    // Assess
    expect(response.status).toBe(200);
    expect(((await response.json()) as { sha: string }).sha).toBe(repo.main);
  });

  it("sends GitHub's rate-limit headers on every answer, counting requests down", async () => {
    // Prepare
    const client = octokit(sandbox);

    // Act
    const first = await client.rest.repos.getCommit({ owner: OWNER, repo: REPO, ref: 'main' });
    const second = await client.rest.repos.getCommit({ owner: OWNER, repo: REPO, ref: 'main' });
    const denied = await failure(
      octokit(sandbox, 'nope').rest.repos.getCommit({ owner: OWNER, repo: REPO, ref: 'main' }),
    );

    // Assess
    expect(first.headers).toMatchObject({
      'x-ratelimit-limit': '5000',
      'x-ratelimit-remaining': '4999',
      'x-ratelimit-used': '1',
      'x-ratelimit-resource': 'core',
    });
    expect(second.headers).toMatchObject({
      'x-ratelimit-remaining': '4998',
      'x-ratelimit-used': '2',
    });
    expect(Number(second.headers['x-ratelimit-reset'])).toBe(
      Number(first.headers['x-ratelimit-reset']),
    );
    expect(denied.headers).toMatchObject({
      'x-ratelimit-limit': '5000',
      'x-ratelimit-remaining': '4998',
      'x-ratelimit-resource': 'core',
    });
  });

  it('answers 404 for a repository it does not serve', async () => {
    // Act
    const other = await failure(
      octokit(sandbox).rest.repos.getCommit({ owner: OWNER, repo: 'elsewhere', ref: 'main' }),
    );

    // Assess
    expect(other.status).toBe(404);
    expect(other.data).toEqual({
      message: 'Not Found',
      documentation_url: 'https://docs.github.com/rest/commits/commits#get-a-commit',
      status: '404',
    });
  });

  it('gets a commit with its message, author, committer, parents, stats and files', async () => {
    // Act
    const { status, data } = await octokit(sandbox).rest.repos.getCommit({
      owner: OWNER,
      repo: REPO,
      ref: repo.second,
    });

    // Assess
    expect(status).toBe(200);
    expect(data.sha).toBe(repo.second);
    expect(data.commit.message).toBe('Add the guide\n\nAnd a second line.');
    expect(data.commit.author).toEqual({
      name: 'Ada Lovelace',
      email: 'ada@example.com',
      date: '2026-01-02T10:00:00Z',
    });
    expect(data.commit.committer).toEqual({
      name: 'Release Bot',
      email: 'bot@example.com',
      date: '2026-01-02T10:00:00Z',
    });
    expect(data.parents.map((parent) => parent.sha)).toEqual([repo.root]);
    expect(data.stats).toEqual({ total: 2, additions: 2, deletions: 0 });
    expect(
      data.files?.map(({ filename, status, additions, deletions, changes, patch }) => ({
        filename,
        status,
        additions,
        deletions,
        changes,
        patch,
      })),
    ).toEqual([
      {
        filename: 'docs/guide.md',
        status: 'added',
        additions: 1,
        deletions: 0,
        changes: 1,
        patch: '@@ -0,0 +1 @@\n+# Guide',
      },
      {
        filename: 'src/app.ts',
        status: 'modified',
        additions: 1,
        deletions: 0,
        changes: 1,
        patch: '@@ -1 +1,2 @@\n one\n+two',
      },
    ]);
  });

  it('resolves branch names and reports renamed and removed files', async () => {
    // Act
    const { data } = await octokit(sandbox).rest.repos.getCommit({
      owner: OWNER,
      repo: REPO,
      ref: 'feature',
    });

    // Assess
    expect(data.sha).toBe(repo.feature);
    expect(
      data.files?.map(({ filename, status, previous_filename }) => ({
        filename,
        status,
        previous_filename,
      })),
    ).toEqual([
      { filename: 'README.md', status: 'removed', previous_filename: undefined },
      { filename: 'docs/manual.md', status: 'renamed', previous_filename: 'docs/guide.md' },
    ]);
  });

  it('lists every file of a root commit as added', async () => {
    // Act
    const { data } = await octokit(sandbox).rest.repos.getCommit({
      owner: OWNER,
      repo: REPO,
      ref: repo.root,
    });

    // Assess
    expect(data.parents).toEqual([]);
    expect(data.files?.map((file) => [file.filename, file.status])).toEqual([
      ['README.md', 'added'],
      ['data/long.txt', 'added'],
      ['src/app.ts', 'added'],
    ]);
  });

  it('answers 422 No commit found for an unknown ref', async () => {
    // Act
    const unknown = await failure(
      octokit(sandbox).rest.repos.getCommit({ owner: OWNER, repo: REPO, ref: 'no-such-branch' }),
    );

    // Assess
    expect(unknown.status).toBe(422);
    expect(unknown.data).toEqual({
      message: 'No commit found for SHA: no-such-branch',
      documentation_url: 'https://docs.github.com/rest/commits/commits#get-a-commit',
      status: '422',
    });
  });

  it('gets a file at a ref as base64 in lines of 60 characters, with its blob sha', async () => {
    // Act
    const { data } = await octokit(sandbox).rest.repos.getContent({
      owner: OWNER,
      repo: REPO,
      path: 'data/long.txt',
      ref: repo.root,
    });

    // Assess
    const encoded = Buffer.from(LONG_TEXT).toString('base64');
    expect(data).toMatchObject({
      type: 'file',
      encoding: 'base64',
      size: 100,
      name: 'long.txt',
      path: 'data/long.txt',
      sha: repo.longBlob,
      content: `${encoded.slice(0, 60)}\n${encoded.slice(60, 120)}\n${encoded.slice(120)}\n`,
    });
  });

  it('reads the checked-out branch when no ref is given', async () => {
    // Act
    const { data } = await octokit(sandbox).rest.repos.getContent({
      owner: OWNER,
      repo: REPO,
      path: 'README.md',
    });

    // Assess
    const file = data as { content: string };
    expect(Buffer.from(file.content, 'base64').toString('utf8')).toBe('hello world\n');
  });

  it('answers 404 for a missing path and for a missing ref', async () => {
    // Act
    const path = await failure(
      octokit(sandbox).rest.repos.getContent({ owner: OWNER, repo: REPO, path: 'nope.txt' }),
    );
    const ref = await failure(
      octokit(sandbox).rest.repos.getContent({
        owner: OWNER,
        repo: REPO,
        path: 'README.md',
        ref: 'gone',
      }),
    );
    const removed = await failure(
      octokit(sandbox).rest.repos.getContent({
        owner: OWNER,
        repo: REPO,
        path: 'README.md',
        ref: 'feature',
      }),
    );

    // Assess
    const documentation_url = 'https://docs.github.com/rest/repos/contents#get-repository-content';
    expect(path).toMatchObject({
      status: 404,
      data: { message: 'Not Found', documentation_url, status: '404' },
    });
    expect(ref).toMatchObject({
      status: 404,
      data: { message: 'No commit found for the ref gone', documentation_url, status: '404' },
    });
    expect(removed).toMatchObject({ status: 404, data: { message: 'Not Found' } });
  });

  it('compares commits: ahead, behind, identical and diverged', async () => {
    // Prepare
    const compare = (base: string, head: string) =>
      octokit(sandbox).rest.repos.compareCommits({ owner: OWNER, repo: REPO, base, head });

    // Act
    const ahead = (await compare(repo.root, 'main')).data;
    const behind = (await compare('main', repo.root)).data;
    const identical = (await compare('main', repo.main)).data;
    const diverged = (await compare('main', 'feature')).data;

    // Assess
    expect(ahead).toMatchObject({ status: 'ahead', ahead_by: 2, behind_by: 0, total_commits: 2 });
    expect(ahead.commits.map((commit) => commit.sha)).toEqual([repo.second, repo.main]);
    expect(ahead.merge_base_commit.sha).toBe(repo.root);
    expect(ahead.files?.map((file) => [file.filename, file.status])).toEqual([
      ['README.md', 'modified'],
      ['docs/guide.md', 'added'],
      ['src/app.ts', 'modified'],
    ]);
    expect(behind).toMatchObject({ status: 'behind', ahead_by: 0, behind_by: 2, total_commits: 0 });
    expect(behind.commits).toEqual([]);
    expect(identical).toMatchObject({ status: 'identical', ahead_by: 0, behind_by: 0 });
    expect(identical.files).toEqual([]);
    expect(diverged).toMatchObject({ status: 'diverged', ahead_by: 1, behind_by: 1 });
    expect(diverged.base_commit.sha).toBe(repo.main);
    expect(diverged.merge_base_commit.sha).toBe(repo.second);
    expect(diverged.commits.map((commit) => commit.sha)).toEqual([repo.feature]);
    expect(diverged.files?.map((file) => [file.filename, file.status])).toEqual([
      ['README.md', 'removed'],
      ['docs/manual.md', 'renamed'],
    ]);
  });

  it('answers 404 when a compared ref does not exist', async () => {
    // Act
    const missing = await failure(
      octokit(sandbox).rest.repos.compareCommits({
        owner: OWNER,
        repo: REPO,
        base: 'main',
        head: 'gone',
      }),
    );

    // Assess
    expect(missing).toMatchObject({
      status: 404,
      data: {
        message: 'Not Found',
        documentation_url: 'https://docs.github.com/rest/commits/commits#compare-two-commits',
        status: '404',
      },
    });
  });

  it('counts GitHub requests by operation in the stats', async () => {
    // Prepare
    const client = octokit(sandbox);

    // Act
    await client.rest.repos.getCommit({ owner: OWNER, repo: REPO, ref: 'main' });
    await client.rest.repos.getContent({ owner: OWNER, repo: REPO, path: 'README.md' });
    await client.rest.repos.compareCommits({
      owner: OWNER,
      repo: REPO,
      base: 'main',
      head: 'main',
    });
    await failure(
      octokit(sandbox, 'nope').rest.repos.getCommit({ owner: OWNER, repo: REPO, ref: 'x' }),
    );
    const counts = (await (await fetch(`${sandbox.url}/_sandbox/stats`)).json()) as {
      byService: Record<string, unknown>;
    };

    // Assess
    expect(counts.byService.GitHub).toEqual({ GetCommit: 2, GetContent: 1, CompareCommits: 1 });
  });
});
