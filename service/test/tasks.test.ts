import type { Task } from '../src/tasks/schema.js';
import { type RunningApp, startApp } from './support/app-server.js';
import { call } from './support/http.js';
import { PG_CLUSTER_TIMEOUT_MS, type PgCluster, startPgCluster } from './support/pg-cluster.js';

interface Page {
  items: Task[];
  nextCursor: string | null;
}

interface ValidationBody {
  error: string;
  fields: { path: string; message: string }[];
}

const MISSING_ID = '00000000-0000-4000-8000-000000000000';

let cluster: PgCluster;
let service: RunningApp;

beforeAll(async () => {
  cluster = await startPgCluster();
  service = await startApp({ connection: cluster.connection });
}, PG_CLUSTER_TIMEOUT_MS);

afterAll(async () => {
  await service?.close();
  await cluster?.destroy();
});

beforeEach(async () => {
  await service.pool.query('TRUNCATE tasks');
});

const api = <T>(method: string, path: string, options?: Parameters<typeof call>[3]) =>
  call<T>(service.baseUrl, method, path, options);

async function createTask(title: string, extra: Record<string, unknown> = {}): Promise<Task> {
  const reply = await api<Task>('POST', '/tasks', { json: { title, ...extra } });
  expect(reply.status).toBe(201);
  return reply.body;
}

describe('POST /tasks', () => {
  it('creates a task at version 1 with defaults and returns its location and ETag', async () => {
    // Act
    const reply = await api<Task>('POST', '/tasks', { json: { title: '  Write the runbook ' } });

    // Assess
    expect(reply.status).toBe(201);
    expect(reply.body).toEqual({
      id: expect.stringMatching(/^[0-9a-f-]{36}$/),
      title: 'Write the runbook',
      description: null,
      status: 'todo',
      dueDate: null,
      version: 1,
      createdAt: expect.any(String),
      updatedAt: expect.any(String),
    });
    expect(reply.headers.get('location')).toBe(`/tasks/${reply.body.id}`);
    expect(reply.headers.get('etag')).toBe('"1"');
  });

  it('stores every field, keeping the due date as a calendar date', async () => {
    // Prepare
    const input = {
      title: 'Rotate keys',
      description: 'Quarterly',
      status: 'doing',
      dueDate: '2024-02-29',
    };

    // Act
    const created = await createTask(input.title, input);
    const fetched = await api<Task>('GET', `/tasks/${created.id}`);

    // Assess
    expect(fetched.body).toMatchObject(input);
    expect(fetched.body).toEqual(created);
  });

  it('returns 400 with a field error for every invalid or unknown field', async () => {
    // Prepare
    const body = {
      title: '',
      description: 5,
      status: 'later',
      dueDate: '2023-02-29',
      owner: 'ops',
    };

    // Act
    const reply = await api<ValidationBody>('POST', '/tasks', { json: body });

    // Assess
    expect(reply.status).toBe(400);
    expect(reply.body).toEqual({
      error: 'validation',
      fields: [
        { path: 'title', message: 'Must not be empty' },
        { path: 'description', message: 'Expected a string or null' },
        { path: 'status', message: 'Expected one of: todo, doing, done' },
        { path: 'dueDate', message: 'Expected a date in YYYY-MM-DD format, or null' },
        { path: 'owner', message: 'Unknown field' },
      ],
    });
  });

  it('returns 400 naming the missing title and the over-long description', async () => {
    // Act
    const reply = await api<ValidationBody>('POST', '/tasks', {
      json: { description: 'x'.repeat(2_001) },
    });

    // Assess
    expect(reply.status).toBe(400);
    expect(reply.body.fields).toEqual([
      { path: 'title', message: 'Required' },
      { path: 'description', message: 'Must be at most 2000 characters' },
    ]);
  });

  it('returns 400 for text PostgreSQL cannot store as sent and for the year 0000', async () => {
    // Act
    const reply = await api<ValidationBody>('POST', '/tasks', {
      json: { title: 'a\u0000b', description: 'half \ud800 a pair', dueDate: '0000-01-01' },
    });

    // Assess
    expect(reply.status).toBe(400);
    expect(reply.body.fields).toEqual([
      { path: 'title', message: 'Must not contain NUL (\\u0000) characters' },
      { path: 'description', message: 'Must not contain unpaired surrogates' },
      { path: 'dueDate', message: 'Year must be between 0001 and 9999' },
    ]);
  });

  it('returns 400 when a compressed body cannot be decompressed', async () => {
    // Act
    const reply = await api('POST', '/tasks', {
      rawJson: '{"title":"not gzip"}',
      headers: { 'content-encoding': 'gzip' },
    });

    // Assess
    expect(reply.status).toBe(400);
    expect(reply.body).toEqual({ error: 'bad_request', message: expect.any(String) });
  });

  it('returns 400 when the body is malformed JSON or not an object', async () => {
    // Act
    const malformed = await api<ValidationBody>('POST', '/tasks', { rawJson: '{"title":' });
    const array = await api<ValidationBody>('POST', '/tasks', { json: ['title'] });

    // Assess
    expect(malformed.status).toBe(400);
    expect(malformed.body).toEqual({
      error: 'validation',
      fields: [{ path: '', message: 'Malformed JSON' }],
    });
    expect(array.status).toBe(400);
    expect(array.body.fields).toEqual([{ path: '', message: 'Expected a JSON object' }]);
  });
});

describe('GET /tasks/:id', () => {
  it('returns the task with its version as ETag', async () => {
    // Prepare
    const task = await createTask('Read me');

    // Act
    const reply = await api<Task>('GET', `/tasks/${task.id}`);

    // Assess
    expect(reply.status).toBe(200);
    expect(reply.body).toEqual(task);
    expect(reply.headers.get('etag')).toBe('"1"');
  });

  it('returns 404 for an unknown id and for an id that is not a UUID', async () => {
    // Act
    const unknown = await api('GET', `/tasks/${MISSING_ID}`);
    const malformed = await api('GET', '/tasks/not-a-uuid');

    // Assess
    expect(unknown.status).toBe(404);
    expect(unknown.body).toEqual({ error: 'not_found', message: `Task ${MISSING_ID} not found` });
    expect(malformed.status).toBe(404);
  });

  it('returns 404 for an id with malformed percent-encoding', async () => {
    // Act
    const reply = await api('GET', '/tasks/%E0%A4%A');

    // Assess
    expect(reply.status).toBe(404);
    expect(reply.body).toEqual({ error: 'not_found', message: 'Task %E0%A4%A not found' });
  });
});

describe('PATCH /tasks/:id', () => {
  it('applies the given fields, bumps the version and leaves the others alone', async () => {
    // Prepare
    const task = await createTask('Ship it', { description: 'v1', dueDate: '2030-01-01' });

    // Act
    const reply = await api<Task>('PATCH', `/tasks/${task.id}`, {
      headers: { 'if-match': '"1"' },
      json: { status: 'done', dueDate: null },
    });

    // Assess
    expect(reply.status).toBe(200);
    expect(reply.body).toMatchObject({
      id: task.id,
      title: 'Ship it',
      description: 'v1',
      status: 'done',
      dueDate: null,
      version: 2,
    });
    expect(reply.headers.get('etag')).toBe('"2"');
    expect((await api<Task>('GET', `/tasks/${task.id}`)).body.version).toBe(2);
  });

  it('returns 409 when the version is stale', async () => {
    // Prepare
    const task = await createTask('Contended');
    await api('PATCH', `/tasks/${task.id}`, {
      headers: { 'if-match': '"1"' },
      json: { title: 'First writer' },
    });

    // Act
    const reply = await api<Record<string, unknown>>('PATCH', `/tasks/${task.id}`, {
      headers: { 'if-match': '"1"' },
      json: { title: 'Second writer' },
    });

    // Assess
    expect(reply.status).toBe(409);
    expect(reply.body).toEqual({
      error: 'conflict',
      message: `Task ${task.id} is at version 2, not the expected version 1`,
      currentVersion: 2,
    });
    expect((await api<Task>('GET', `/tasks/${task.id}`)).body.title).toBe('First writer');
  });

  it('lets exactly one of several concurrent writers with the same version win', async () => {
    // Prepare
    const task = await createTask('Race');
    const write = (title: string) =>
      api('PATCH', `/tasks/${task.id}`, { headers: { 'if-match': '"1"' }, json: { title } });

    // Act
    const replies = await Promise.all([write('A'), write('B'), write('C'), write('D')]);

    // Assess
    expect(replies.map((reply) => reply.status).sort()).toEqual([200, 409, 409, 409]);
    expect((await api<Task>('GET', `/tasks/${task.id}`)).body.version).toBe(2);
  });

  it('returns 428 without If-Match and 400 when If-Match is not a version ETag', async () => {
    // Prepare
    const task = await createTask('Guarded');

    // Act
    const missing = await api('PATCH', `/tasks/${task.id}`, { json: { title: 'x' } });
    const wildcard = await api('PATCH', `/tasks/${task.id}`, {
      headers: { 'if-match': '*' },
      json: { title: 'x' },
    });

    // Assess
    expect(missing.status).toBe(428);
    expect(missing.body).toEqual({
      error: 'precondition_required',
      message: 'The If-Match header is required',
    });
    expect(wildcard.status).toBe(400);
    expect(wildcard.body).toEqual({
      error: 'validation',
      fields: [{ path: 'If-Match', message: 'Expected the task version as an ETag, e.g. "3"' }],
    });
  });

  it('returns 400 for an empty change set and 404 for an unknown task', async () => {
    // Prepare
    const task = await createTask('Unchanged');

    // Act
    const empty = await api<ValidationBody>('PATCH', `/tasks/${task.id}`, {
      headers: { 'if-match': '"1"' },
      json: {},
    });
    const unknown = await api('PATCH', `/tasks/${MISSING_ID}`, {
      headers: { 'if-match': '"1"' },
      json: { title: 'x' },
    });

    // Assess
    expect(empty.status).toBe(400);
    expect(empty.body.fields).toEqual([{ path: '', message: 'At least one field is required' }]);
    expect(unknown.status).toBe(404);
  });
});

describe('DELETE /tasks/:id', () => {
  it('deletes the task at the expected version', async () => {
    // Prepare
    const task = await createTask('Disposable');

    // Act
    const reply = await api('DELETE', `/tasks/${task.id}`, { headers: { 'if-match': '"1"' } });

    // Assess
    expect(reply.status).toBe(204);
    expect((await api('GET', `/tasks/${task.id}`)).status).toBe(404);
    expect(
      (await api('DELETE', `/tasks/${task.id}`, { headers: { 'if-match': '"1"' } })).status,
    ).toBe(404);
  });

  it('returns 409 and keeps the task when the version is stale', async () => {
    // Prepare
    const task = await createTask('Kept');
    await api('PATCH', `/tasks/${task.id}`, {
      headers: { 'if-match': '"1"' },
      json: { title: 'Kept!' },
    });

    // Act
    const reply = await api('DELETE', `/tasks/${task.id}`, { headers: { 'if-match': '"1"' } });

    // Assess
    expect(reply.status).toBe(409);
    expect((await api('GET', `/tasks/${task.id}`)).status).toBe(200);
  });
});

describe('GET /tasks', () => {
  async function readAllPages(limit: number): Promise<{ pages: Page[]; ids: string[] }> {
    const pages: Page[] = [];
    let cursor: string | null = null;
    do {
      const query: string = cursor === null ? '' : `&cursor=${encodeURIComponent(cursor)}`;
      const reply = await api<Page>('GET', `/tasks?limit=${limit}${query}`);
      expect(reply.status).toBe(200);
      pages.push(reply.body);
      cursor = reply.body.nextCursor;
    } while (cursor !== null);
    return { pages, ids: pages.flatMap((page) => page.items.map((task) => task.id)) };
  }

  it('pages through every task once, in creation order, with an opaque cursor', async () => {
    // Prepare
    const created: string[] = [];
    for (let index = 0; index < 25; index += 1) {
      created.push((await createTask(`Task ${index}`)).id);
    }

    // Act
    const { pages, ids } = await readAllPages(10);

    // Assess
    expect(pages.map((page) => page.items.length)).toEqual([10, 10, 5]);
    expect(pages.at(-1)?.nextCursor).toBeNull();
    expect(ids).toEqual(created);
    expect(pages[0]?.nextCursor).toMatch(/^[A-Za-z0-9_-]+$/);
  });

  it('keeps pages stable when tasks are added and removed between requests', async () => {
    // Prepare
    const created: Task[] = [];
    for (let index = 0; index < 6; index += 1) created.push(await createTask(`Task ${index}`));
    const first = await api<Page>('GET', '/tasks?limit=3');
    const removed = created[1];
    if (removed === undefined) throw new Error('fixture missing');
    await api('DELETE', `/tasks/${removed.id}`, { headers: { 'if-match': '"1"' } });
    const added = await createTask('Late arrival');

    // Act
    const second = await api<Page>(
      'GET',
      `/tasks?limit=3&cursor=${encodeURIComponent(first.body.nextCursor ?? '')}`,
    );

    // Assess
    expect(second.body.items.map((task) => task.title)).toEqual(['Task 3', 'Task 4', 'Task 5']);
    const third = await api<Page>(
      'GET',
      `/tasks?limit=3&cursor=${encodeURIComponent(second.body.nextCursor ?? '')}`,
    );
    expect(third.body).toEqual({ items: [added], nextCursor: null });
  });

  it('returns 20 tasks by default', async () => {
    // Prepare
    await service.pool.query(
      "INSERT INTO tasks (title) SELECT 'Bulk ' || n FROM generate_series(1, 21) AS n",
    );

    // Act
    const reply = await api<Page>('GET', '/tasks');

    // Assess
    expect(reply.body.items).toHaveLength(20);
    expect(reply.body.nextCursor).not.toBeNull();
  });

  it('returns 400 for an out-of-range limit and an unreadable cursor', async () => {
    // Act
    const zero = await api<ValidationBody>('GET', '/tasks?limit=0');
    const tooMany = await api<ValidationBody>('GET', '/tasks?limit=101');
    const cursor = await api<ValidationBody>('GET', '/tasks?limit=abc&cursor=not-ours');

    // Assess
    const range = 'Expected an integer between 1 and 100';
    expect(zero.status).toBe(400);
    expect(zero.body).toEqual({ error: 'validation', fields: [{ path: 'limit', message: range }] });
    expect(tooMany.body.fields).toEqual([{ path: 'limit', message: range }]);
    expect(cursor.body.fields).toEqual([
      { path: 'limit', message: range },
      { path: 'cursor', message: 'Invalid cursor' },
    ]);
  });
});
