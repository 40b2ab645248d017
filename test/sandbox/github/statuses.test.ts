import type { StoredCommitStatus } from '../../../sandbox/github/state.js';
import { combinedState } from '../../../sandbox/github/statuses.js';
import { type Sandbox, startSandbox } from '../../../sandbox/index.js';
import { temporaryDirectory } from '../helpers.js';
import {
  createFixtureRepo,
  type FixtureRepo,
  failure,
  OWNER,
  octokit,
  REPO,
  TOKEN,
} from './fixture-repo.js';

const NOW = new Date('2026-03-01T12:00:00.250Z');

describe('GitHub stand-in: commit statuses', () => {
  let repo: FixtureRepo;
  let sandbox: Sandbox;

  beforeAll(async () => {
    repo = createFixtureRepo();
    sandbox = await startSandbox({
      port: 0,
      repoDir: repo.dir,
      githubRepository: `${OWNER}/${REPO}`,
      githubToken: TOKEN,
      clock: () => NOW,
    });
  });

  afterAll(async () => {
    await sandbox.close();
    repo.remove();
  });

  beforeEach(async () => {
    await sandbox.reset();
    sandbox.setFaults([]);
  });

  function create(state: 'error' | 'failure' | 'pending' | 'success', context?: string) {
    return octokit(sandbox).rest.repos.createCommitStatus({
      owner: OWNER,
      repo: REPO,
      sha: repo.main,
      state,
      ...(context === undefined ? {} : { context }),
    });
  }

  it('creates a status and answers 201 with it, context `default` unless given', async () => {
    // Act
    const created = await octokit(sandbox).rest.repos.createCommitStatus({
      owner: OWNER,
      repo: REPO,
      sha: repo.main,
      state: 'pending',
      description: 'rollout of dev in progress',
      target_url: 'https://ci.example.com/runs/7',
    });

    // Assess
    expect(created.status).toBe(201);
    expect(created.data).toMatchObject({
      id: 1,
      state: 'pending',
      description: 'rollout of dev in progress',
      target_url: 'https://ci.example.com/runs/7',
      context: 'default',
      created_at: '2026-03-01T12:00:00Z',
      updated_at: '2026-03-01T12:00:00Z',
      creator: { login: 'sandbox', type: 'User' },
      url: `${sandbox.url}/github/repos/${OWNER}/${REPO}/statuses/${repo.main}`,
    });
  });

  it('answers 422 Validation Failed for a description over 140 characters', async () => {
    // Prepare
    const client = octokit(sandbox);

    // Act
    const long = await failure(
      client.rest.repos.createCommitStatus({
        owner: OWNER,
        repo: REPO,
        sha: repo.main,
        state: 'success',
        description: 'x'.repeat(141),
      }),
    );
    const longest = await client.rest.repos.createCommitStatus({
      owner: OWNER,
      repo: REPO,
      sha: repo.main,
      state: 'success',
      description: 'x'.repeat(140),
    });

    // Assess
    expect(long.status).toBe(422);
    expect(long.data).toEqual({
      message: 'Validation Failed',
      errors: [
        {
          resource: 'Status',
          code: 'custom',
          field: 'description',
          message: 'description is too long (maximum is 140 characters)',
        },
      ],
      documentation_url: 'https://docs.github.com/rest/commits/statuses#create-a-commit-status',
      status: '422',
    });
    expect(longest.status).toBe(201);
  });

  it('answers 422 for a state outside error, failure, pending and success', async () => {
    // Act
    const response = await fetch(
      `${sandbox.url}/github/repos/${OWNER}/${REPO}/statuses/${repo.main}`,
      {
        method: 'POST',
        headers: { authorization: `token ${TOKEN}`, 'content-type': 'application/json' },
        body: JSON.stringify({ state: 'done' }),
      },
    );

    // Assess
    expect(response.status).toBe(422);
    expect(await response.json()).toEqual({
      message: 'Validation Failed',
      errors: [
        {
          resource: 'Status',
          code: 'custom',
          field: 'state',
          message: 'state is not included in the list',
        },
      ],
      documentation_url: 'https://docs.github.com/rest/commits/statuses#create-a-commit-status',
      status: '422',
    });
  });

  it('answers 422 No commit found for a sha that is not a commit of the repository', async () => {
    // Act
    const unknown = await failure(
      octokit(sandbox).rest.repos.createCommitStatus({
        owner: OWNER,
        repo: REPO,
        sha: 'f'.repeat(40),
        state: 'success',
      }),
    );
    const branch = await failure(
      octokit(sandbox).rest.repos.createCommitStatus({
        owner: OWNER,
        repo: REPO,
        sha: 'main',
        state: 'success',
      }),
    );

    // Assess
    expect(unknown).toMatchObject({
      status: 422,
      data: { message: `No commit found for SHA: ${'f'.repeat(40)}`, status: '422' },
    });
    expect(branch).toMatchObject({
      status: 422,
      data: { message: 'No commit found for SHA: main' },
    });
  });

  it('lists statuses newest first, paginated with per_page, page and a Link header', async () => {
    // Prepare
    for (const context of ['a', 'b', 'c', 'd', 'e']) await create('pending', context);
    const client = octokit(sandbox);

    // Act
    const first = await client.rest.repos.listCommitStatusesForRef({
      owner: OWNER,
      repo: REPO,
      ref: 'main',
      per_page: 2,
    });
    const last = await client.rest.repos.listCommitStatusesForRef({
      owner: OWNER,
      repo: REPO,
      ref: 'main',
      per_page: 2,
      page: 3,
    });
    const all = await client.paginate(client.rest.repos.listCommitStatusesForRef, {
      owner: OWNER,
      repo: REPO,
      ref: repo.main,
      per_page: 2,
    });

    // Assess
    const base = `${sandbox.url}/github/repos/${OWNER}/${REPO}/commits/main/statuses`;
    expect(first.data.map((status) => status.context)).toEqual(['e', 'd']);
    expect(first.headers.link).toBe(
      `<${base}?per_page=2&page=2>; rel="next", <${base}?per_page=2&page=3>; rel="last"`,
    );
    expect(last.data.map((status) => status.context)).toEqual(['a']);
    expect(last.headers.link).toBe(
      `<${base}?per_page=2&page=2>; rel="prev", <${base}?per_page=2&page=1>; rel="first"`,
    );
    expect(all.map((status) => status.id)).toEqual([5, 4, 3, 2, 1]);
  });

  it('combines the latest status of each context by GitHub rules', async () => {
    // Prepare
    const client = octokit(sandbox);
    const combined = async () =>
      (await client.rest.repos.getCombinedStatusForRef({ owner: OWNER, repo: REPO, ref: 'main' }))
        .data;

    // Act
    const none = await combined();
    await create('failure', 'tests');
    await create('pending', 'deploy');
    const failing = await combined();
    await create('success', 'tests');
    const pending = await combined();
    await create('success', 'deploy');
    const green = await combined();

    // Assess
    expect(none).toMatchObject({ state: 'pending', total_count: 0, statuses: [], sha: repo.main });
    expect(failing.state).toBe('failure');
    expect(pending.state).toBe('pending');
    expect(green).toMatchObject({ state: 'success', total_count: 2, sha: repo.main });
    expect(green.statuses.map((s) => [s.context, s.state, s.id])).toEqual([
      ['deploy', 'success', 4],
      ['tests', 'success', 3],
    ]);
  });

  it('answers 422 for the statuses of an unknown ref', async () => {
    // Act
    const unknown = await failure(
      octokit(sandbox).rest.repos.getCombinedStatusForRef({
        owner: OWNER,
        repo: REPO,
        ref: 'gone',
      }),
    );

    // Assess
    expect(unknown).toMatchObject({
      status: 422,
      data: { message: 'No commit found for SHA: gone', status: '422' },
    });
  });

  it('answers injected errors to rules naming GitHub, and counts statuses created', async () => {
    // Prepare
    sandbox.setFaults({ services: ['GitHub'], operations: ['CreateCommitStatus'], errorRate: 1 });

    // Act
    const injected = await failure(create('success'));
    sandbox.setFaults({ services: ['GitHub'], errorRate: 1, errorStatus: 502 });
    const gateway = await failure(
      octokit(sandbox).rest.repos.getCommit({ owner: OWNER, repo: REPO, ref: 'main' }),
    );
    const stats = sandbox.stats();

    // Assess
    expect(injected.status).toBe(500);
    expect(injected.data).toEqual({
      message: 'Server Error',
      documentation_url: 'https://docs.github.com/rest',
      status: '500',
    });
    expect(gateway.status).toBe(502);
    expect(stats.byService.GitHub).toEqual({ CreateCommitStatus: 1, GetCommit: 1 });
    expect(stats.injected.errors).toBe(2);
  });

  it('answers a rate-limited 403 with x-ratelimit-remaining 0 to a throttling rule', async () => {
    // Prepare
    sandbox.setFaults({ services: ['github'], throttleRate: 1 });

    // Act
    const limited = await failure(create('success'));

    // Assess
    expect(limited.status).toBe(403);
    expect(limited.data).toMatchObject({
      message: expect.stringMatching(/^API rate limit exceeded for user ID 1\./),
      documentation_url:
        'https://docs.github.com/rest/using-the-rest-api/rate-limits-for-the-rest-api',
      status: '403',
    });
    expect(limited.headers).toMatchObject({
      'x-ratelimit-remaining': '0',
      'x-ratelimit-used': '5000',
      'x-ratelimit-resource': 'core',
    });
    expect(sandbox.stats().injected.throttled).toBe(1);
  });

  it('empties the statuses on a sandbox reset', async () => {
    // Prepare
    await create('success', 'ci');

    // Act
    await fetch(`${sandbox.url}/_sandbox/reset`, { method: 'POST' });
    const listed = await octokit(sandbox).rest.repos.listCommitStatusesForRef({
      owner: OWNER,
      repo: REPO,
      ref: 'main',
    });

    // Assess
    expect(listed.data).toEqual([]);
  });
});

describe('GitHub stand-in: statuses across a restart', () => {
  it('keeps the statuses with the rest of the state in the data directory', async () => {
    // Prepare
    const repo = createFixtureRepo();
    const dataDir = await temporaryDirectory();
    const options = {
      port: 0,
      dataDir: dataDir.path,
      repoDir: repo.dir,
      githubRepository: `${OWNER}/${REPO}`,
      githubToken: TOKEN,
    };
    const first = await startSandbox(options);
    await octokit(first).rest.repos.createCommitStatus({
      owner: OWNER,
      repo: REPO,
      sha: repo.main,
      state: 'success',
      context: 'rollout/dev',
    });
    await first.close();

    // Act
    const second = await startSandbox(options);
    const combined = await octokit(second).rest.repos.getCombinedStatusForRef({
      owner: OWNER,
      repo: REPO,
      ref: 'main',
    });
    await second.close();
    repo.remove();
    await dataDir.remove();

    // Assess
    expect(combined.data).toMatchObject({ state: 'success', total_count: 1 });
    expect(combined.data.statuses.map((s) => [s.id, s.context])).toEqual([[1, 'rollout/dev']]);
  });
});

describe('combinedState', () => {
  const status = (state: StoredCommitStatus['state']): StoredCommitStatus => ({
    id: 1,
    state,
    description: null,
    targetUrl: null,
    context: state,
    createdAt: '2026-01-01T00:00:00Z',
  });

  it.each([
    [[], 'pending'],
    [['success'], 'success'],
    [['success', 'pending'], 'pending'],
    [['pending', 'error'], 'failure'],
    [['success', 'failure'], 'failure'],
  ] as const)('combines %j as %s', (states, expected) => {
    // Act
    const combined = combinedState(states.map(status));

    // Assess
    expect(combined).toBe(expected);
  });
});
