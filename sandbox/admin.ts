import { FaultSpecError } from './faults.js';
import { jsonResponse, type Route, type SandboxRequest, type SandboxResponse } from './route.js';
import { resetSandbox, type SandboxRuntime } from './runtime.js';
import { publishedMessages } from './sns/messages.js';

/** Path prefix of the sandbox's own endpoints; no AWS or GitHub path starts with it. */
export const ADMIN_PREFIX = '/_sandbox/';

type AdminHandler = (runtime: SandboxRuntime, request: SandboxRequest) => Promise<SandboxResponse>;

const ENDPOINTS: Readonly<Record<string, Readonly<Record<string, AdminHandler>>>> = {
  '/_sandbox/health': {
    GET: async () => jsonResponse(200, { status: 'ok' }),
  },
  '/_sandbox/stats': {
    GET: async (runtime) => jsonResponse(200, runtime.stats.snapshot()),
  },
  '/_sandbox/stats/reset': {
    POST: async (runtime) => {
      runtime.stats.reset();
      return jsonResponse(200, runtime.stats.snapshot());
    },
  },
  '/_sandbox/reset': {
    POST: async (runtime) => {
      await resetSandbox(runtime);
      return jsonResponse(200, { status: 'ok' });
    },
  },
  '/_sandbox/faults': {
    GET: async (runtime) => jsonResponse(200, runtime.faults.rules()),
    POST: setFaults,
  },
  '/_sandbox/sns/messages': {
    GET: async (runtime, request) =>
      jsonResponse(
        200,
        publishedMessages(
          runtime.store.state,
          request.url.searchParams.get('topicArn') ?? undefined,
        ),
      ),
  },
};

async function setFaults(
  runtime: SandboxRuntime,
  request: SandboxRequest,
): Promise<SandboxResponse> {
  const text = request.body.toString('utf8').trim();
  let spec: unknown = {};
  if (text !== '') {
    try {
      spec = JSON.parse(text);
    } catch {
      return jsonResponse(400, {
        message: 'The body must be a JSON fault spec (a rule or a list of rules).',
      });
    }
  }
  try {
    return jsonResponse(200, runtime.faults.set(spec));
  } catch (error) {
    if (error instanceof FaultSpecError) return jsonResponse(400, { message: error.message });
    throw error;
  }
}

/**
 * The sandbox's admin endpoints, all JSON:
 * - `GET /_sandbox/health` → `{ status: 'ok' }`
 * - `GET /_sandbox/stats` → the `Stats` counters; `POST /_sandbox/stats/reset` zeroes the counters
 * - `POST /_sandbox/reset` → empties the state (persisting the empty state), deletes every DynamoDB
 *   table and zeroes the counters
 * - `GET /_sandbox/faults` → the active fault rules; `POST /_sandbox/faults` with a `FaultSpec`
 *   body replaces them (`{}` or `[]` clears) and answers the active rules, or 400 with a message
 * - `GET /_sandbox/sns/messages[?topicArn=ARN]` → the messages published to SNS, in publish order
 *
 * @see Stats in `./stats.ts`, FaultSpec in `./faults.ts`
 */
export function createAdminRoute(runtime: SandboxRuntime): Route {
  return {
    name: 'admin',
    matches: (request) => request.url.pathname.startsWith(ADMIN_PREFIX),
    async handle(request) {
      const path = request.url.pathname.replace(/\/+$/, '');
      const methods = ENDPOINTS[path];
      if (methods === undefined) {
        return jsonResponse(404, { message: `No sandbox endpoint ${request.url.pathname}` });
      }
      const handler = methods[request.method];
      if (handler === undefined) {
        return jsonResponse(
          405,
          { message: `${request.method} is not allowed on ${path}` },
          { allow: Object.keys(methods).join(', ') },
        );
      }
      return handler(runtime, request);
    },
  };
}
