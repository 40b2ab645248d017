/**
 * Property-based tests: "the service never answers 5xx to a client's mistake".
 *
 * Every route and every client-controlled input (body fields, path ids, `limit`, `cursor`,
 * `If-Match`, `X-Request-Id`, body charset and compression) is driven with a mix of valid and
 * hostile values against the real PostgreSQL server. An independent oracle, written from the documented rules, says what the
 * answer must be; each property checks that the service agrees. In particular no request gets a
 * 5xx while the database is up, and every 400 names exactly the offending fields.
 */
import { parse as parseQuery } from 'node:querystring';
import { brotliCompressSync, deflateSync, gzipSync } from 'node:zlib';
import fc from 'fast-check';
import { encodeCursor } from '../src/tasks/cursor.js';
import type { Task } from '../src/tasks/schema.js';
import { type RunningApp, startApp } from './support/app-server.js';
import { call, type Reply } from './support/http.js';
import { PG_CLUSTER_TIMEOUT_MS, type PgCluster, startPgCluster } from './support/pg-cluster.js';

// Each run is one to three HTTP round trips to PostgreSQL; the whole file takes about 10 s.
const RUNS = { numRuns: 200 } as const;

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

afterEach(async () => {
  // "While the database is up": the properties above would be meaningless against a dead server.
  expect((await call(service.baseUrl, 'GET', '/health')).status).toBe(200);
});

// ---------------------------------------------------------------------------------------------
// The oracle: the documented rules, written independently of the service's schemas.
// ---------------------------------------------------------------------------------------------

const FIELDS = ['title', 'description', 'status', 'dueDate'] as const;
type Field = (typeof FIELDS)[number];
const BODY_LIMIT_BYTES = 16 * 1024;
// RFC 9562 UUIDs (versions 1-8, variant 10xx), plus the nil and max UUIDs.
const UUID =
  /^(?:[0-9a-f]{8}-[0-9a-f]{4}-[1-8][0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}|0{8}-0{4}-0{4}-0{4}-0{12}|f{8}-f{4}-f{4}-f{4}-f{12})$/i;
// The strong ETag of a version, exactly as the service sends it: `"<1..999999999>"`.
const VERSION_ETAG = /^"[1-9]\d{0,8}"$/;
const REQUEST_ID = /^[\x21-\x7e]{1,200}$/;

/** Text PostgreSQL can store as given: no NUL, no lone UTF-16 surrogate. */
function isStorableText(value: string): boolean {
  return !value.includes('\u0000') && !/\p{Surrogate}/u.test(value);
}

/** Length in characters (code points), as PostgreSQL's `char_length` counts them. */
function characters(value: string): number {
  return Array.from(value).length;
}

function isCalendarDate(value: unknown): boolean {
  if (typeof value !== 'string') return false;
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  if (match === null) return false;
  const [year, month, day] = match.slice(1).map(Number) as [number, number, number];
  const leap = year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
  const days = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1];
  // Year 0 does not exist in the Gregorian calendar PostgreSQL uses.
  return year >= 1 && days !== undefined && day >= 1 && day <= days;
}

function isAcceptable(field: Field, value: unknown): boolean {
  switch (field) {
    case 'title':
      return (
        typeof value === 'string' &&
        isStorableText(value) &&
        characters(value.trim()) >= 1 &&
        characters(value.trim()) <= 200
      );
    case 'description':
      return (
        value === null ||
        (typeof value === 'string' && isStorableText(value) && characters(value) <= 2000)
      );
    case 'status':
      return value === 'todo' || value === 'doing' || value === 'done';
    case 'dueDate':
      return value === null || isCalendarDate(value);
  }
}

function isJsonObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The fields a 400 must name for this parsed body; empty when the body is valid. */
function bodyErrors(body: unknown, mode: 'create' | 'update'): string[] {
  if (!isJsonObject(body)) return [''];
  const errors = Object.keys(body).filter((key) => !(FIELDS as readonly string[]).includes(key));
  for (const field of FIELDS) {
    if (Object.hasOwn(body, field)) {
      if (!isAcceptable(field, body[field])) errors.push(field);
    } else if (mode === 'create' && field === 'title') {
      errors.push(field);
    }
  }
  if (mode === 'update' && !FIELDS.some((field) => Object.hasOwn(body, field))) errors.push('');
  return sortedUnique(errors);
}

/** What express.json makes of a raw request body. */
type SeenBody =
  | { readonly kind: 'too-large' }
  | { readonly kind: 'malformed' }
  | { readonly kind: 'parsed'; readonly value: unknown };

function seenBody(raw: string): SeenBody {
  if (Buffer.byteLength(raw) > BODY_LIMIT_BYTES) return { kind: 'too-large' };
  if (raw.length === 0) return { kind: 'parsed', value: {} };
  // Strict mode: only objects and arrays are JSON bodies.
  if (!/^[ \t\r\n]*[[{]/.test(raw)) return { kind: 'malformed' };
  try {
    return { kind: 'parsed', value: JSON.parse(raw) as unknown };
  } catch {
    return { kind: 'malformed' };
  }
}

/** What the router makes of a `/tasks/:id` segment. */
function seenId(segment: string): { readonly uuid: boolean; readonly id: string } {
  let id: string;
  try {
    id = decodeURIComponent(segment);
  } catch {
    return { uuid: false, id: segment };
  }
  return { uuid: UUID.test(id), id: id.toLowerCase() };
}

/** `encodeURIComponent` for any string: a lone surrogate travels as U+FFFD, as a browser sends it. */
function encode(value: string): string {
  return encodeURIComponent(value.replace(/\p{Surrogate}/gu, '\ufffd'));
}

function sortedUnique(values: readonly string[]): string[] {
  return [...new Set(values)].sort();
}

/** The answer the oracle expects. `paths` only for 400 validation answers. */
interface Expected {
  readonly status: number;
  readonly paths?: readonly string[];
}

interface ValidationBody {
  error: string;
  fields: { path: string; message: string }[];
}

/**
 * Asserts the reply matches the oracle: never a 5xx, the exact status, and for 400s a
 * `{ error: 'validation' }` body naming exactly the offending fields, each with a message.
 */
function expectOutcome(reply: Reply, expected: Expected): void {
  expect(reply.status).toBeLessThan(500);
  const body = reply.body as Partial<ValidationBody> & { error?: unknown };
  const actual: Expected = {
    status: reply.status,
    ...(reply.status === 400 && body.error === 'validation' && Array.isArray(body.fields)
      ? { paths: sortedUnique(body.fields.map((field) => field.path)) }
      : {}),
  };
  expect(actual).toEqual(expected);
  if (reply.status === 400 && expected.paths !== undefined) {
    for (const field of body.fields ?? []) {
      expect(field.message).toEqual(expect.stringMatching(/\S/));
    }
  }
  if (reply.status === 404) expect(body.error).toBe('not_found');
}

function validation(paths: readonly string[]): Expected {
  return { status: 400, paths };
}

// ---------------------------------------------------------------------------------------------
// Arbitraries: valid values mixed with hostile ones.
// ---------------------------------------------------------------------------------------------

const char = fc.oneof(
  {
    weight: 10,
    arbitrary: fc.integer({ min: 0x20, max: 0x7e }).map((c) => String.fromCharCode(c)),
  },
  {
    weight: 3,
    arbitrary: fc.constantFrom(
      '\u0000',
      '\ud800',
      '\udbff',
      '\udc00',
      '\udfff',
      '\u0001',
      '\u001f',
      '\u007f',
      '\t',
      '\n',
      '\u00a0',
      '\u2028',
      '\u3000',
      '\ufeff',
      '\ufffd',
      '\uffff',
      'é',
      'e\u0301',
      '😀',
      '"',
      '\\',
      '%',
    ),
  },
  // Any code point at all, lone surrogates included.
  {
    weight: 2,
    arbitrary: fc.integer({ min: 0, max: 0x10ffff }).map((c) => String.fromCodePoint(c)),
  },
);

/** Strings of every length class: short, around the 200/2000 limits, and far too long. */
const text = fc.oneof(
  { weight: 6, arbitrary: fc.string({ unit: char, maxLength: 24 }) },
  {
    weight: 3,
    arbitrary: fc
      .tuple(
        fc.constantFrom(1, 199, 200, 201, 1_999, 2_000, 2_001),
        fc.string({ unit: char, maxLength: 2 }),
        fc.nat(),
      )
      .map(([length, extra, at]) => {
        const base = 'x'.repeat(Math.max(length - extra.length, 0));
        const index = at % (base.length + 1);
        return base.slice(0, index) + extra + base.slice(index);
      }),
  },
  {
    weight: 1,
    arbitrary: fc.constantFrom(
      ' '.repeat(5),
      `  ${'y'.repeat(200)}  `,
      '😀'.repeat(200),
      '😀'.repeat(201),
      '😀'.repeat(2_000),
      'z'.repeat(20_000),
    ),
  },
);

/** Mostly plain text, so that most bodies get past validation to PostgreSQL with the rest. */
const plainText = fc.string({
  unit: fc.integer({ min: 0x20, max: 0x7e }).map((c) => String.fromCharCode(c)),
  minLength: 1,
  maxLength: 24,
});
const mostlyPlainText = fc.oneof(
  { weight: 1, arbitrary: plainText },
  { weight: 1, arbitrary: text },
);

const hugeNumber = fc.constantFrom(
  2 ** 31,
  -(2 ** 31) - 1,
  2 ** 53 + 2,
  Number.MAX_VALUE,
  -Number.MAX_VALUE,
  Number.MIN_VALUE,
  0.5,
  -1,
);

/** Wrong JSON types for a scalar field, including containers and prototype-ish keys. */
const wrongType = fc.oneof(
  fc.integer(),
  fc.double(),
  hugeNumber,
  fc.boolean(),
  fc.constant(null),
  fc.array(fc.string({ maxLength: 3 }), { maxLength: 2 }),
  fc.constant(JSON.parse('{"__proto__":{"title":"x"}}')),
  fc.jsonValue({ maxDepth: 2 }),
);

const ymd = (year: number, month: number, day: number) =>
  `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;

/** Mostly dates that pass the format check, year 0000 included; then the plainly wrong. */
const date = fc.oneof(
  {
    weight: 4,
    arbitrary: fc
      .tuple(
        fc.oneof(fc.constantFrom(0, 1, 1582, 1970, 2024, 9999), fc.integer({ min: 0, max: 9999 })),
        fc.integer({ min: 1, max: 12 }),
        fc.integer({ min: 1, max: 31 }),
      )
      .map(([year, month, day]) => ymd(year, month, day)),
  },
  {
    weight: 1,
    arbitrary: fc
      .tuple(fc.integer({ min: 0, max: 9999 }), fc.integer({ min: 0, max: 99 }), fc.nat(99))
      .map(([year, month, day]) => ymd(year, month, day)),
  },
  {
    weight: 1,
    arbitrary: fc.constantFrom(
      '0000-01-01',
      '0000-02-29',
      '2024-02-29',
      '2023-02-29',
      '+10000-01-01',
      '-0001-01-01',
      '2024-1-1',
      '2024-01-01T00:00:00Z',
      '20240101',
      '２０２４-０１-０１',
      'infinity',
      'epoch',
    ),
  },
  { weight: 1, arbitrary: text },
);

const status = fc.oneof(
  { weight: 8, arbitrary: fc.constantFrom('todo', 'doing', 'done') },
  { weight: 1, arbitrary: fc.constantFrom('TODO', 'Done', ' todo', 'todo\u0000', 'later', '') },
  { weight: 1, arbitrary: text },
);

const fieldValue: Record<Field, fc.Arbitrary<unknown>> = {
  title: fc.oneof({ weight: 8, arbitrary: mostlyPlainText }, { weight: 1, arbitrary: wrongType }),
  description: fc.oneof(
    { weight: 6, arbitrary: mostlyPlainText },
    { weight: 1, arbitrary: fc.constant(null) },
    { weight: 1, arbitrary: wrongType },
  ),
  status: fc.oneof({ weight: 8, arbitrary: status }, { weight: 1, arbitrary: wrongType }),
  dueDate: fc.oneof(
    { weight: 6, arbitrary: date },
    { weight: 1, arbitrary: fc.constant(null) },
    { weight: 1, arbitrary: wrongType },
  ),
};

const extraKey = fc.oneof(
  fc.constantFrom(
    '__proto__',
    'constructor',
    'prototype',
    'toString',
    'hasOwnProperty',
    'id',
    'version',
    'createdAt',
    'Title',
    'title ',
    '',
  ),
  fc.string({ unit: char, maxLength: 8 }),
);

/**
 * A JSON object with each writable field present with probability `presence`, plus now and then
 * unknown keys. Keys are defined, not assigned, so `__proto__` becomes an own key as in JSON.
 */
function bodyObject(presence: number): fc.Arbitrary<Record<string, unknown>> {
  const maybe = (arb: fc.Arbitrary<unknown>) =>
    fc.option(arb, { nil: undefined, freq: Math.round(1 / (1 - presence)) });
  return fc
    .tuple(
      fc.record({
        title: maybe(fieldValue.title),
        description: maybe(fieldValue.description),
        status: maybe(fieldValue.status),
        dueDate: maybe(fieldValue.dueDate),
      }),
      fc.oneof(
        { weight: 4, arbitrary: fc.constant([]) },
        {
          weight: 1,
          arbitrary: fc.array(fc.tuple(extraKey, fc.jsonValue({ maxDepth: 1 })), { maxLength: 2 }),
        },
      ),
    )
    .map(([fields, extras]) => {
      const body: Record<string, unknown> = {};
      for (const [key, value] of [...Object.entries(fields), ...extras]) {
        if (value === undefined) continue;
        Object.defineProperty(body, key, {
          value,
          enumerable: true,
          configurable: true,
          writable: true,
        });
      }
      return body;
    });
}

/** A raw request body: mostly JSON objects, sometimes any JSON or not JSON at all. */
function rawBody(presence: number): fc.Arbitrary<string> {
  return fc.oneof(
    { weight: 12, arbitrary: bodyObject(presence).map((body) => JSON.stringify(body)) },
    { weight: 1, arbitrary: fc.jsonValue({ maxDepth: 2 }).map((value) => JSON.stringify(value)) },
    {
      weight: 1,
      arbitrary: fc.constantFrom(
        '',
        ' ',
        'null',
        '"title"',
        '123',
        '[]',
        '{}',
        '{"title":',
        '{"title":1e400}',
        '{"title":-0}',
        '{"title":123456789012345678901234567890}',
        '{"title":"a","title":"b"}',
        '{"__proto__":{"title":"x"}}',
        '{"title":"x","__proto__":null}',
        '{"title":"\\u0000"}',
        '{"title":"\\ud800"}',
        '{"title":"ok","description":"\\udc00\\u0000"}',
        '{"title":"ok","dueDate":"0000-01-01"}',
      ),
    },
    { weight: 1, arbitrary: fc.string({ unit: char, maxLength: 12 }) },
  );
}

/** A `/tasks/:id` segment, as it appears in the URL. */
type IdChoice =
  | { readonly kind: 'existing'; readonly upper: boolean }
  | { readonly kind: 'segment'; readonly segment: string };

const idChoice: fc.Arbitrary<IdChoice> = fc.oneof(
  {
    weight: 4,
    arbitrary: fc.record({ kind: fc.constant('existing' as const), upper: fc.boolean() }),
  },
  {
    weight: 4,
    arbitrary: fc
      .oneof(
        fc.uuid(),
        fc.constantFrom(
          '00000000-0000-0000-0000-000000000000',
          'ffffffff-ffff-ffff-ffff-ffffffffffff',
          '00000000-0000-4000-8000-000000000000',
          '12345678-1234-1234-1234-123456789012',
          '00000000000040008000000000000000',
          '{00000000-0000-4000-8000-000000000000}',
          '00000000-0000-4000-8000-00000000000g',
          '%',
          '%Z',
          '%ZZ',
          '%E0%A4%A',
          '%C0%80',
          '%ED%A0%80',
          '%FF',
          '%00',
          '%F0%9F%98%80',
          'not-a-uuid',
        ),
        fc.string({ unit: char, minLength: 1, maxLength: 40 }).map(encode),
        fc.string({ unit: char, minLength: 1, maxLength: 3 }).map((s) => `%${s}`),
      )
      .filter((segment) => {
        // `.` and `..` segments are resolved away by the client's URL parser.
        const dots = segment.replace(/%2e/gi, '.');
        return dots !== '.' && dots !== '..' && !/[/?#\s]/.test(segment);
      })
      .map((segment) => ({ kind: 'segment' as const, segment })),
  },
);

function segmentFor(choice: IdChoice, task: Task): string {
  if (choice.kind === 'segment') return choice.segment;
  return choice.upper ? task.id.toUpperCase() : task.id;
}

// Header values as a client can send them: tab, printable ASCII and Latin-1.
const headerChar = fc
  .oneof(
    { weight: 8, arbitrary: fc.integer({ min: 0x20, max: 0x7e }) },
    { weight: 1, arbitrary: fc.constant(0x09) },
    { weight: 1, arbitrary: fc.integer({ min: 0x80, max: 0xff }) },
  )
  .map((c) => String.fromCharCode(c));

const versionLike = fc.oneof(
  fc.integer({ min: -3, max: 6 }).map(String),
  fc.constantFrom('999999999', '1000000000', '2147483647', '2147483648', '4294967297'),
  fc.bigInt({ min: 10n ** 9n, max: 10n ** 40n }).map(String),
  fc.double().map(String),
  fc.constantFrom('01', '1.0', '1e3', '0x1', '+1', '-0', '١', '３', '1_0', ' 1', 'NaN', 'Infinity'),
);

/** `If-Match`: absent, the right version, a stale one, or anything a client might send. */
type IfMatchChoice =
  | { readonly kind: 'absent' }
  | { readonly kind: 'current' }
  | { readonly kind: 'value'; readonly value: string };

const ifMatchChoice: fc.Arbitrary<IfMatchChoice> = fc.oneof(
  { weight: 1, arbitrary: fc.constant({ kind: 'absent' as const }) },
  { weight: 4, arbitrary: fc.constant({ kind: 'current' as const }) },
  {
    weight: 4,
    arbitrary: fc
      .oneof(
        versionLike.map((version) => `"${version}"`),
        fc
          .tuple(
            fc.constantFrom('', 'W/', ' ', '"', '*', '"1", '),
            versionLike,
            fc.constantFrom('', '"', ', "2"', ' ', '\t'),
          )
          .map(([before, version, after]) => `${before}${version}${after}`),
        fc.string({ unit: headerChar, maxLength: 24 }),
        fc.constantFrom('*', '"*"', 'W/"1"', '""', '"__proto__"', 'null', '[1]', '{"v":1}', ''),
        fc.constant(`"${'9'.repeat(4_000)}"`),
      )
      // A header value is a byte string: anything beyond Latin-1 cannot be sent at all.
      .map((value) => ({ kind: 'value' as const, value: value.replace(/[^\t\x20-\xff]/g, '?') })),
  },
);

function ifMatchHeader(choice: IfMatchChoice, task: Task): Record<string, string> {
  if (choice.kind === 'absent') return {};
  return { 'if-match': choice.kind === 'current' ? `"${task.version}"` : choice.value };
}

/** What the service's `If-Match` check must conclude, after HTTP strips surrounding whitespace. */
function ifMatchOutcome(header: Record<string, string>): Expected | { readonly version: number } {
  const value = header['if-match'];
  if (value === undefined) return { status: 428 };
  const trimmed = value.replace(/^[ \t]+|[ \t]+$/g, '');
  if (!VERSION_ETAG.test(trimmed)) return validation(['If-Match']);
  return { version: Number(trimmed.slice(1, -1)) };
}

/** Biases `choice` towards `value`, so that more runs get past that check to the next one. */
function likely<T>(choice: fc.Arbitrary<T>, value: T): fc.Arbitrary<T> {
  return fc.oneof({ weight: 2, arbitrary: fc.constant(value) }, { weight: 1, arbitrary: choice });
}

// ---------------------------------------------------------------------------------------------
// Helpers
// ---------------------------------------------------------------------------------------------

const api = (method: string, path: string, options?: Parameters<typeof call>[3]) =>
  call(service.baseUrl, method, path, options);

async function createTask(): Promise<Task> {
  const reply = await api('POST', '/tasks', {
    json: { title: 'Fixture', description: 'd', dueDate: '2030-01-31' },
  });
  expect(reply.status).toBe(201);
  return reply.body as Task;
}

/** The task a valid create or update must have stored, per the documented defaults. */
function applied(base: Partial<Task>, body: Record<string, unknown>): Partial<Task> {
  const { updatedAt: _changes, ...result }: Record<string, unknown> = { ...base };
  for (const field of FIELDS) {
    if (!Object.hasOwn(body, field)) continue;
    const value = body[field];
    result[field] = field === 'title' && typeof value === 'string' ? value.trim() : value;
  }
  return result as Partial<Task>;
}

// ---------------------------------------------------------------------------------------------
// Properties
// ---------------------------------------------------------------------------------------------

describe('no 5xx for client mistakes, and every 400 names the offending fields', () => {
  it('POST /tasks: every body field', async () => {
    await fc.assert(
      fc.asyncProperty(rawBody(0.85), async (raw) => {
        // Act
        const reply = await api('POST', '/tasks', { rawJson: raw });

        // Assess
        const seen = seenBody(raw);
        if (seen.kind === 'too-large') return expectOutcome(reply, { status: 413 });
        if (seen.kind === 'malformed') return expectOutcome(reply, validation(['']));
        const errors = bodyErrors(seen.value, 'create');
        if (errors.length > 0) return expectOutcome(reply, validation(errors));
        expectOutcome(reply, { status: 201 });
        const body = seen.value as Record<string, unknown>;
        expect(reply.body).toMatchObject(
          applied({ description: null, status: 'todo', dueDate: null, version: 1 }, body),
        );
      }),
      RUNS,
    );
  });

  it('PATCH /tasks/:id: the id, If-Match and every body field', async () => {
    await fc.assert(
      fc.asyncProperty(
        likely(idChoice, { kind: 'existing', upper: false }),
        likely(ifMatchChoice, { kind: 'current' }),
        rawBody(0.5),
        async (id, ifMatch, raw) => {
          // Prepare
          const task = await createTask();
          const segment = segmentFor(id, task);
          const headers = ifMatchHeader(ifMatch, task);

          // Act
          const reply = await api('PATCH', `/tasks/${segment}`, { rawJson: raw, headers });

          // Assess: body parsing comes first, then the id, the precondition, the fields, the row.
          const seen = seenBody(raw);
          if (seen.kind === 'too-large') return expectOutcome(reply, { status: 413 });
          if (seen.kind === 'malformed') return expectOutcome(reply, validation(['']));
          const target = seenId(segment);
          if (!target.uuid) return expectOutcome(reply, { status: 404 });
          const precondition = ifMatchOutcome(headers);
          if (!('version' in precondition)) return expectOutcome(reply, precondition);
          const errors = bodyErrors(seen.value, 'update');
          if (errors.length > 0) return expectOutcome(reply, validation(errors));
          if (target.id !== task.id) return expectOutcome(reply, { status: 404 });
          if (precondition.version !== task.version) return expectOutcome(reply, { status: 409 });
          expectOutcome(reply, { status: 200 });
          const body = seen.value as Record<string, unknown>;
          expect(reply.body).toMatchObject(applied({ ...task, version: task.version + 1 }, body));
        },
      ),
      RUNS,
    );
  });

  it('DELETE /tasks/:id: the id and If-Match', async () => {
    await fc.assert(
      fc.asyncProperty(idChoice, ifMatchChoice, async (id, ifMatch) => {
        // Prepare
        const task = await createTask();
        const segment = segmentFor(id, task);
        const headers = ifMatchHeader(ifMatch, task);

        // Act
        const reply = await api('DELETE', `/tasks/${segment}`, { headers });

        // Assess
        const target = seenId(segment);
        if (!target.uuid) return expectOutcome(reply, { status: 404 });
        const precondition = ifMatchOutcome(headers);
        if (!('version' in precondition)) return expectOutcome(reply, precondition);
        if (target.id !== task.id) return expectOutcome(reply, { status: 404 });
        if (precondition.version !== task.version) return expectOutcome(reply, { status: 409 });
        expectOutcome(reply, { status: 204 });
      }),
      RUNS,
    );
  });

  it('GET /tasks/:id: the id', async () => {
    const task = await createTask();
    await fc.assert(
      fc.asyncProperty(idChoice, async (id) => {
        // Act
        const segment = segmentFor(id, task);
        const reply = await api('GET', `/tasks/${segment}`);

        // Assess
        const target = seenId(segment);
        if (!target.uuid || target.id !== task.id) return expectOutcome(reply, { status: 404 });
        expectOutcome(reply, { status: 200 });
        expect(reply.body).toEqual(task);
      }),
      RUNS,
    );
  });

  it('GET /tasks: limit, cursor and stray query parameters', async () => {
    // Prepare: a few rows so that pages and cursors have something to point at.
    for (let index = 0; index < 3; index += 1) await createTask();

    const validCursors = new Set<string>();
    const cursor = fc.oneof(
      // Cursors the service could have issued.
      fc.bigInt({ min: 0n, max: 10n ** 18n - 1n }).map((seq) => {
        const value = encodeCursor(String(seq));
        validCursors.add(value);
        return value;
      }),
      // Well-formed wrappers around positions no cursor can hold.
      fc
        .oneof(
          fc.bigInt({ min: 10n ** 18n, max: 10n ** 30n }).map(String),
          fc.constantFrom('-1', '1.5', '1e3', '', ' 1', '0x10', '９', '1\u0000'),
          wrongType,
        )
        .map((after) => Buffer.from(JSON.stringify({ after })).toString('base64url')),
      fc
        .constantFrom(
          '{"__proto__":{"after":"1"}}',
          '[]',
          'null',
          '"1"',
          '{"after":["1"]}',
          '{"after":1}',
          '{"after":"99999999999999999999"}',
        )
        .map((json) => Buffer.from(json).toString('base64url')),
      fc.string({ unit: char, maxLength: 40 }),
    );
    const limit = fc.oneof(
      fc.integer({ min: 0, max: 101 }).map(String),
      versionLike,
      fc.constantFrom('', '007', '1 ', '+5', '%31', '1%00', ' 10'),
      fc.string({ unit: char, maxLength: 6 }),
    );
    const param = (key: string, value: fc.Arbitrary<string>) =>
      fc
        .tuple(value, fc.boolean())
        .map(
          ([v, raw]) =>
            `${key}=${raw && /^[\x21-\x7e]*$/.test(v) && !/[&#%+]/.test(v) ? v : encode(v)}`,
        );
    const query = fc
      .tuple(
        fc.array(param('limit', limit), { maxLength: 2 }),
        fc.array(param('cursor', cursor), { maxLength: 2 }),
        fc.array(param('__proto__', fc.constant('x')), { maxLength: 1 }),
        fc.array(fc.string({ unit: headerChar, maxLength: 10 }).map(encode), {
          maxLength: 1,
        }),
      )
      .map((parts) => parts.flat().join('&'));

    await fc.assert(
      fc.asyncProperty(query, async (search) => {
        // Act
        const reply = await api('GET', `/tasks?${search}`);

        // Assess
        const seen = parseQuery(search);
        const errors: string[] = [];
        const limitValue = seen.limit;
        if (limitValue !== undefined) {
          const ok =
            typeof limitValue === 'string' &&
            /^\d+$/.test(limitValue) &&
            Number(limitValue) >= 1 &&
            Number(limitValue) <= 100;
          if (!ok) errors.push('limit');
        }
        const cursorValue = seen.cursor;
        if (cursorValue !== undefined) {
          if (typeof cursorValue !== 'string' || !validCursors.has(cursorValue))
            errors.push('cursor');
        }
        if (errors.length > 0) return expectOutcome(reply, validation(sortedUnique(errors)));
        expectOutcome(reply, { status: 200 });
        const page = reply.body as { items: Task[] };
        expect(page.items.length).toBeLessThanOrEqual(Number(limitValue ?? 20));
      }),
      RUNS,
    );
  });

  it('POST and PATCH: any bytes under any Content-Type and Content-Encoding', async () => {
    const compress: Record<string, (data: Buffer) => Buffer> = {
      gzip: gzipSync,
      deflate: deflateSync,
      br: brotliCompressSync,
    };
    const encoding = fc.constantFrom(
      undefined,
      'identity',
      'gzip',
      'deflate',
      'br',
      'GZIP',
      'x-gzip',
      'compress',
      'gzip, gzip',
      '',
    );
    const contentType = fc.constantFrom(
      undefined,
      'application/json',
      'application/json; charset=utf-8',
      'application/json; charset=utf-16le',
      'application/json; charset=latin1',
      'application/json; charset=bogus',
      'application/merge-patch+json',
      'text/plain',
      'application/x-www-form-urlencoded',
    );
    // A JSON body, encoded as declared, then perhaps cut short or with a byte flipped.
    const damage = fc.oneof(
      fc.constant(undefined),
      fc.record({ cut: fc.nat(), flip: fc.option(fc.nat(), { nil: undefined }) }),
    );
    const bytes = fc.oneof(
      { weight: 3, arbitrary: rawBody(0.85).map((raw) => Buffer.from(raw)) },
      { weight: 1, arbitrary: fc.uint8Array({ maxLength: 64 }).map((data) => Buffer.from(data)) },
    );

    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom('POST', 'PATCH'),
        encoding,
        contentType,
        bytes,
        damage,
        async (method, coding, type, data, harm) => {
          // Prepare
          const task = await createTask();
          let body = (coding && compress[coding]?.(data)) || data;
          if (harm !== undefined && body.length > 0) {
            body = Buffer.from(body.subarray(0, 1 + (harm.cut % body.length)));
            if (harm.flip !== undefined) {
              const at = harm.flip % body.length;
              body.writeUInt8(body.readUInt8(at) ^ 0xff, at);
            }
          }
          const headers: Record<string, string> = { 'if-match': `"${task.version}"` };
          if (coding !== undefined) headers['content-encoding'] = coding;
          if (type !== undefined) headers['content-type'] = type;

          // Act
          const response = await fetch(
            `${service.baseUrl}${method === 'POST' ? '/tasks' : `/tasks/${task.id}`}`,
            { method, headers, body },
          );
          const reply = (await response.json()) as { error?: unknown; fields?: unknown };

          // Assess: a client error, described, never a 5xx.
          expect(response.status).toBeLessThan(500);
          if (response.status >= 400) expect(reply.error).toEqual(expect.any(String));
          if (reply.error === 'validation') {
            expect(reply.fields).toEqual(
              expect.arrayContaining([{ path: expect.any(String), message: expect.any(String) }]),
            );
          }
        },
      ),
      RUNS,
    );
  });

  it('other routes, methods and X-Request-Id', async () => {
    const path = fc.oneof(
      fc.constantFrom('/health', '/metrics', '/tasks', '/', '/%ZZ', '/tasks/a/b', '/TASKS'),
      fc.webPath(),
    );
    const method = fc.constantFrom('GET', 'HEAD', 'OPTIONS', 'PUT', 'POST', 'DELETE');
    const requestId = fc.option(fc.string({ unit: headerChar, maxLength: 220 }), {
      nil: undefined,
    });

    await fc.assert(
      fc.asyncProperty(method, path, requestId, async (verb, target, id) => {
        // Act: bodyless requests, so POST /tasks answers 400. Raw fetch: HEAD has no JSON body.
        const reply = await fetch(`${service.baseUrl}${target}`, {
          method: verb,
          headers: id === undefined ? {} : { 'x-request-id': id },
        });
        await reply.arrayBuffer();

        // Assess
        expect(reply.status).toBeLessThan(500);
        const sent = id?.replace(/^[ \t]+|[ \t]+$/g, '');
        const echoed = reply.headers.get('x-request-id');
        if (sent !== undefined && REQUEST_ID.test(sent)) expect(echoed).toBe(sent);
        else expect(echoed).toMatch(UUID);
      }),
      { numRuns: 100 },
    );
  });
});
