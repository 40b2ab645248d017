import type {
  APIGatewayProxyEventV2,
  APIGatewayProxyStructuredResultV2,
  Context,
} from 'aws-lambda';
import { receiveWebhook } from '../controller/flows/receive-webhook.js';
import { type WebhookContainer, webhookContainer } from './shared/webhook-wiring.js';

type Handler = (
  event: APIGatewayProxyEventV2,
  context: Context,
) => Promise<APIGatewayProxyStructuredResultV2>;

/**
 * GitHub webhook (Lambda Function URL or API Gateway HTTP API, payload 2.0) -> verified, recorded
 * and queued for the reconciler; answered at once with JSON (202 accepted or ignored, 4xx refused,
 * 503 when GitHub should redeliver).
 */
export const handler = webhookHandler(process.env);

/**
 * The handler over a given environment: the Lambda's is `process.env`, `plumbline serve` passes its
 * own. The container is built on the first invocation, and again after a build that failed.
 */
export function webhookHandler(env: Readonly<Record<string, string | undefined>>): Handler {
  let container: Promise<WebhookContainer> | undefined;
  return async (event, context) => {
    container ??= webhookContainer(env).catch((error: unknown) => {
      container = undefined;
      throw error;
    });
    const { logger, deps, webhook } = await container;
    logger.resetKeys();
    logger.addContext(context);
    const response = await receiveWebhook(deps, webhook, {
      method: event.requestContext.http.method,
      headers: event.headers ?? {},
      body: event.body ?? '',
      isBase64Encoded: event.isBase64Encoded,
    });
    if (response.deliveryId) logger.appendKeys({ deliveryId: response.deliveryId });
    const fields = { status: response.status, event: event.headers?.['x-github-event'] };
    if (response.failure)
      logger.error('delivery not handed on', { ...fields, failure: response.failure });
    else logger.info('webhook answered', { ...fields, ...response.body });
    return {
      statusCode: response.status,
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(response.body),
    };
  };
}
