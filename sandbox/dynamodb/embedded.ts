import { existsSync } from 'node:fs';
import { Agent, type OutgoingHttpHeaders } from 'node:http';
import { setTimeout as sleep } from 'node:timers/promises';
import type { SandboxRequest, SandboxResponse } from '../route.js';
import { type DynaliteServer, startDynalite } from './dynalite-server.js';
import { HOP_BY_HOP, type RawResponse, sendHttp } from './http.js';

/** The `X-Amz-Target` prefix of the DynamoDB API version the SDK speaks. */
export const DYNAMODB_TARGET_PREFIX = 'DynamoDB_20120810';

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

/**
 * A real DynamoDB implementation (dynalite) on an internal loopback port. In memory, or with a
 * `path`, in a LevelDB directory that survives restarts. It starts at once when it keeps its data in
 * memory or its directory exists already, else on first use, so a data directory only gets a
 * `dynamodb/` once DynamoDB is used.
 */
export class EmbeddedDynamoDb {
  private readonly agent = new Agent({ keepAlive: true });
  private server: Promise<DynaliteServer> | undefined;
  private closing: Promise<void> | undefined;

  private constructor(private readonly path: string | undefined) {}

  /**
   * Creates the embedded DynamoDB, started now unless it would create its directory.
   *
   * @throws DynamoDbDataInUseError when another sandbox has `path` open.
   */
  static async open(path?: string): Promise<EmbeddedDynamoDb> {
    const dynamodb = new EmbeddedDynamoDb(path);
    if (!dynamodb.dormant()) await dynamodb.started();
    return dynamodb;
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
    if (this.dormant()) return;
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

  /** Stops dynalite, if it was started; later calls do nothing more. */
  close(): Promise<void> {
    this.closing ??= (async () => {
      this.agent.destroy();
      const server = await this.server?.catch(() => undefined);
      await server?.close();
    })();
    return this.closing;
  }

  /** True while dynalite is not started and holds no data yet. */
  private dormant(): boolean {
    return this.server === undefined && this.path !== undefined && !existsSync(this.path);
  }

  /** The running dynalite, started on first need; a failed start is tried again next time. */
  private started(): Promise<DynaliteServer> {
    if (this.closing !== undefined) return Promise.reject(new Error('The sandbox is closing.'));
    this.server ??= startDynalite(this.path).catch((error: unknown) => {
      this.server = undefined;
      throw error;
    });
    return this.server;
  }

  private async tableNames(): Promise<string[]> {
    const names: string[] = [];
    let start: unknown;
    do {
      const page = await this.call(
        'ListTables',
        start === undefined ? {} : { ExclusiveStartTableName: start },
      );
      if (Array.isArray(page.TableNames)) names.push(...page.TableNames.map(String));
      start = page.LastEvaluatedTableName;
    } while (start !== undefined);
    return names;
  }

  private async send(
    method: string,
    path: string,
    headers: OutgoingHttpHeaders,
    body: Buffer,
  ): Promise<RawResponse> {
    const { port } = await this.started();
    return sendHttp(this.agent, port, { method, path, headers, body });
  }
}
