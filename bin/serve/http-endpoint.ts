import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type {
  APIGatewayProxyEventV2,
  APIGatewayProxyStructuredResultV2,
  Context,
} from 'aws-lambda';

/** The webhook Lambda's handler, as a Function URL invokes it. */
export type FunctionUrlHandler = (
  event: APIGatewayProxyEventV2,
  context: Context,
) => Promise<APIGatewayProxyStructuredResultV2>;

/** What `GET /healthz` reports: each part and whether it runs. */
export type Health = () => Readonly<Record<string, boolean>>;

/** A Function URL accepts at most 6 MB; GitHub sends up to 25 MB. Read one byte more to tell. */
const MAX_BODY_BYTES = 25 * 1024 * 1024 + 1;

/**
 * `plumbline serve`'s HTTP side: `POST /webhook` turned into the Function URL event the webhook
 * Lambda receives and answered with its response, `GET /healthz` answering 200 when every part
 * runs (503 otherwise), anything else 404.
 *
 * @example
 * const server = await listen(8080, webhook, () => ({ webhook: true, worker: worker.running }));
 */
export async function listen(
  port: number,
  webhook: FunctionUrlHandler,
  health: Health,
  context: () => Context,
): Promise<Server> {
  const server = createServer((req, res) => {
    route(req, res, webhook, health, context()).catch((error: unknown) => {
      if (!res.headersSent) res.writeHead(500, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ error: error instanceof Error ? error.message : String(error) }));
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', resolve);
  });
  return server;
}

/** The URL a listening server answers on. */
export function urlOf(server: Server): string {
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

async function route(
  req: IncomingMessage,
  res: ServerResponse,
  webhook: FunctionUrlHandler,
  health: Health,
  context: Context,
): Promise<void> {
  const path = new URL(req.url ?? '/', 'http://localhost').pathname;
  if (path === '/healthz' && req.method === 'GET') {
    const parts = health();
    const up = Object.values(parts).every(Boolean);
    return send(res, up ? 200 : 503, { status: up ? 'ok' : 'degraded', ...parts });
  }
  if (path !== '/webhook') return send(res, 404, { error: `no route for ${path}` });
  const body = await readBody(req);
  const result = await webhook(functionUrlEvent(req, path, body), context);
  res.writeHead(result.statusCode ?? 200, {
    'content-type': 'application/json',
    ...stringHeaders(result.headers),
  });
  res.end(result.body ?? '');
}

/** The request as a Lambda Function URL passes it: lower-cased headers, the body base64-encoded. */
function functionUrlEvent(
  req: IncomingMessage,
  path: string,
  body: Buffer,
): APIGatewayProxyEventV2 {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(req.headers))
    if (value !== undefined)
      headers[name.toLowerCase()] = Array.isArray(value) ? value.join(',') : value;
  const now = new Date();
  return {
    version: '2.0',
    routeKey: '$default',
    rawPath: path,
    rawQueryString: '',
    headers,
    isBase64Encoded: true,
    body: body.toString('base64'),
    requestContext: {
      accountId: 'anonymous',
      apiId: 'plumbline-serve',
      domainName: headers.host ?? 'localhost',
      domainPrefix: 'plumbline-serve',
      http: {
        method: req.method ?? 'GET',
        path,
        protocol: `HTTP/${req.httpVersion}`,
        sourceIp: req.socket.remoteAddress ?? '127.0.0.1',
        userAgent: headers['user-agent'] ?? '',
      },
      requestId: headers['x-github-delivery'] ?? `serve-${now.getTime()}`,
      routeKey: '$default',
      stage: '$default',
      time: now.toUTCString(),
      timeEpoch: now.getTime(),
    },
  };
}

/**
 * Reads the body, keeping at most one byte past GitHub's largest payload (the handler answers 413
 * for that) and draining the rest, so the answer still reaches the client.
 */
async function readBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    if (size >= MAX_BODY_BYTES) continue;
    const buffer = chunk as Buffer;
    chunks.push(buffer);
    size += buffer.length;
  }
  return Buffer.concat(chunks).subarray(0, MAX_BODY_BYTES);
}

function stringHeaders(
  headers: APIGatewayProxyStructuredResultV2['headers'],
): Record<string, string> {
  return Object.fromEntries(Object.entries(headers ?? {}).map(([k, v]) => [k, String(v)]));
}

function send(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify(body));
}
