/** SDK clients that never reach a server: their requests are recorded and answered with fixed XML. */

/** Client settings for a sandbox-like endpoint: fixed region and credentials, no retries. */
export const CLIENT_CONFIG = {
  region: 'eu-west-1',
  endpoint: 'http://sandbox.test',
  credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
  maxAttempts: 1,
};

/** A request handler that records the request bodies and answers with a fixed XML response. */
export function fixedResponse(status: number, body: string) {
  const bodies: string[] = [];
  const handler = {
    handle: async (request: { body?: unknown }) => {
      bodies.push(String(request.body ?? ''));
      return {
        response: {
          statusCode: status,
          headers: { 'content-type': 'text/xml' },
          body: Buffer.from(body),
        },
      };
    },
  };
  return { handler, bodies };
}
