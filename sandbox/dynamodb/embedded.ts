import {
  Agent,
  type IncomingHttpHeaders,
  request as httpRequest,
  type OutgoingHttpHeaders,
  type Server,
} from 'node:http';
import type { AddressInfo } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import dynalite from 'dynalite';
import type { SandboxRequest, SandboxResponse } from '../route.js';

/** The `X-Amz-Target` prefix of the DynamoDB API version the SDK speaks. */
export const DYNAMODB_TARGET_PREFIX = 'DynamoDB_20120810';

/** Headers of one HTTP hop, never forwarded in either direction (the server sets `content-length`). */
const HOP_BY_HOP: ReadonlySet<string> = new Set([
  'connection',
  'content-length',
  'date',
  'expect',
  'host',
  'keep-alive',
  'proxy-connection',
  'te',
  'trailer',
  'transfer-encoding',
  'upgrade',
]);

/** How long {@link EmbeddedDynamoDb.deleteAllTables} waits for tables to finish deleting. */
const DELETE_ALL_TIMEOUT_MS = 10_000;

/** An error answer of an internal call to the embedded DynamoDB. */
export class DynamoDbCallError extends Error {
  constructor(
    /** The error's `__type` without its namespace, e.g. `ResourceInUseException`. */
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = code;
  }
}

interface RawResponse {
  readonly status: number;
  readonly headers: IncomingHttpHeaders;
  readonly body: Buffer;
}

/**
 * A real DynamoDB implementation (dynalite) listening on an internal ephemeral loopback port. Tables
 * become ACTIVE and disappear at once. With a `path` the tables live in a LevelDB directory and
 * survive restarts; without, they live in memory.
 */
export class EmbeddedDynamoDb {
  private closing: Promise<void> | undefined;

  private constructor(
    private readonly server: Server,
    private readonly port: number,
    private readonly agent: Agent,
  ) {}

  /** Starts dynalite on `127.0.0.1` with an ephemeral port. */
  static async start(path?: string): Promise<EmbeddedDynamoDb> {
    const server = dynalite({
      createTableMs: 0,
      deleteTableMs: 0,
      updateTableMs: 0,
      ...(path === undefined ? {} : { path }),
    });
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(0, '127.0.0.1', () => {
        server.off('error', reject);
        resolve();
      });
    });
    const port = (server.address() as AddressInfo).port;
    return new EmbeddedDynamoDb(server, port, new Agent({ keepAlive: true }));
  }

  /** Sends a DynamoDB API request on as it came and answers dynalite's response unchanged. */
  async forward(request: SandboxRequest): Promise<SandboxResponse> {
    const headers: OutgoingHttpHeaders = {};
    for (const [name, value] of Object.entries(request.headers)) {
      if (value !== undefined && !HOP_BY_HOP.has(name)) headers[name] = value;
    }
    const path = `${request.url.pathname}${request.url.search}`;
    const response = await this.send(request.method, path, headers, request.body);
    const answered: Record<string, string> = {};
    for (const [name, value] of Object.entries(response.headers)) {
      if (value === undefined || HOP_BY_HOP.has(name)) continue;
      answered[name] = Array.isArray(value) ? value.join(', ') : value;
    }
    return { status: response.status, headers: answered, body: response.body };
  }

  /**
   * Calls one DynamoDB operation directly (not counted, no faults), for the sandbox's own upkeep.
   *
   * @throws DynamoDbCallError when DynamoDB answers with an error.
   */
  async call(operation: string, input: object): Promise<Record<string, unknown>> {
    const now = new Date().toISOString().replace(/[-:]|\.\d{3}/g, '');
    const body = Buffer.from(JSON.stringify(input), 'utf8');
    const response = await this.send(
      'POST',
      '/',
      {
        'content-type': 'application/x-amz-json-1.0',
        'x-amz-target': `${DYNAMODB_TARGET_PREFIX}.${operation}`,
        'x-amz-date': now,
        authorization: `AWS4-HMAC-SHA256 Credential=sandbox/${now.slice(0, 8)}/us-east-1/dynamodb/aws4_request, SignedHeaders=host;x-amz-date, Signature=0`,
      },
      body,
    );
    const parsed = JSON.parse(response.body.toString('utf8') || '{}') as Record<string, unknown>;
    if (response.status !== 200) {
      const type = typeof parsed.__type === 'string' ? parsed.__type : 'UnknownError';
      const message = typeof parsed.message === 'string' ? parsed.message : type;
      throw new DynamoDbCallError(type.slice(type.indexOf('#') + 1), message);
    }
    return parsed;
  }

  /**
   * Deletes every table and waits until none is left, so a table can be created again by the same
   * name at once.
   *
   * @throws Error when tables remain after {@link DELETE_ALL_TIMEOUT_MS}.
   */
  async deleteAllTables(): Promise<void> {
    const deadline = Date.now() + DELETE_ALL_TIMEOUT_MS;
    for (;;) {
      const names = await this.tableNames();
      if (names.length === 0) return;
      if (Date.now() > deadline) {
        throw new Error(`DynamoDB tables remain after deleting them: ${names.join(', ')}`);
      }
      for (const name of names) {
        await this.call('DeleteTable', { TableName: name }).catch((error: unknown) => {
          // A table still being created or already being deleted is retried on the next round.
          if (!(error instanceof DynamoDbCallError)) throw error;
        });
      }
      await sleep(5);
    }
  }

  /** Stops listening and closes the database; later calls do nothing more. */
  close(): Promise<void> {
    this.closing ??= new Promise<void>((resolve, reject) => {
      this.agent.destroy();
      this.server.close((error) => (error === undefined ? resolve() : reject(error)));
    });
    return this.closing;
  }

  private async tableNames(): Promise<string[]> {
    const names: string[] = [];
    let start: unknown;
    do {
      const page = await this.call('ListTables', start === undefined ? {} : { ExclusiveStartTableName: start });
      if (Array.isArray(page.TableNames)) names.push(...page.TableNames.map(String));
      start = page.LastEvaluatedTableName;
    } while (start !== undefined);
    return names;
  }

  private send(
    method: string,
    path: string,
    headers: OutgoingHttpHeaders,
    body: Buffer,
  ): Promise<RawResponse> {
    return new Promise((resolve, reject) => {
      const outgoing = httpRequest(
        {
          host: '127.0.0.1',
          port: this.port,
          method,
          path,
          agent: this.agent,
          headers: { ...headers, 'content-length': String(body.length) },
        },
        (incoming) => {
          const chunks: Buffer[] = [];
          incoming.on('data', (chunk: Buffer) => chunks.push(chunk));
          incoming.on('error', reject);
          incoming.on('end', () =>
            resolve({
              status: incoming.statusCode ?? 500,
              headers: incoming.headers,
              body: Buffer.concat(chunks),
            }),
          );
        },
      );
      outgoing.on('error', reject);
      outgoing.end(body);
    });
  }
}
