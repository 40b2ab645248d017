import type { Context, SQSBatchItemFailure, SQSBatchResponse, SQSEvent } from 'aws-lambda';
import { describeFailure } from '../controller/core/text.js';
import { reconcile } from '../controller/flows/reconcile/reconcile.js';
import { reconcileRequestSchema } from '../controller/model/reconcile-request.js';
import { type Container, lambdaContainer } from './shared/wiring.js';

/** Time kept back from the invocation's end: to park the lease, queue the continuation, answer. */
const MARGIN_MS = 60_000;
/** The longest an invocation waits for CloudFormation before parking (Lambda bills the wait). */
const MAX_WAIT_MS = 10 * 60_000;

/**
 * SQS -> one reconcile request per message (push, approval, advance, scheduled scan). A message
 * that fails is reported in `batchItemFailures`, so only it is delivered again (and, after the
 * queue's maxReceiveCount, moved to the dead-letter queue); the others are deleted.
 */
export const handler = reconcileHandler(process.env);

/**
 * The handler over a given environment: the Lambda's is `process.env`, `plumbline serve` passes its
 * own. The container is built once, on the first invocation.
 */
export function reconcileHandler(
  env: Readonly<Record<string, string | undefined>>,
): (event: SQSEvent, context: Context) => Promise<SQSBatchResponse> {
  let container: Promise<Container> | undefined;
  return async (event, context) => {
    container ??= lambdaContainer(env);
    return handleBatch(await container, event, context);
  };
}

async function handleBatch(
  { logger, reconcile: deps }: Container,
  event: SQSEvent,
  context: Context,
): Promise<SQSBatchResponse> {
  logger.addContext(context);
  const batchItemFailures: SQSBatchItemFailure[] = [];
  for (const record of event.Records) {
    const parsed = safeJson(record.body);
    const request = reconcileRequestSchema.safeParse(parsed);
    if (!request.success) {
      logger.error('not a reconcile request', {
        messageId: record.messageId,
        issues: request.error.issues.slice(0, 3),
      });
      batchItemFailures.push({ itemIdentifier: record.messageId });
      continue;
    }
    const budget = Math.min(context.getRemainingTimeInMillis() - MARGIN_MS, MAX_WAIT_MS);
    const parkAt = new Date(Date.now() + Math.max(0, budget));
    const continuation = { ...deps.continuation, parkAt: () => parkAt };
    try {
      const { summary } = await reconcile({ ...deps, continuation }, request.data);
      logger.info(summary, { messageId: record.messageId, kind: request.data.kind });
    } catch (error) {
      logger.error('reconcile failed', {
        messageId: record.messageId,
        reason: describeFailure(error),
      });
      batchItemFailures.push({ itemIdentifier: record.messageId });
    }
  }
  return { batchItemFailures };
}

function safeJson(body: string): unknown {
  try {
    return JSON.parse(body);
  } catch {
    return undefined;
  }
}
