import { Logger } from '@aws-lambda-powertools/logger';
import { resolveConfig } from '../../bin/config.js';
import { lazyCdkSynthesizer } from '../../bin/lazy-cdk-synthesizer.js';
import { DEFAULT_CONTINUATION, reconcileWiring } from '../../bin/reconcile-wiring.js';
import { Wiring } from '../../bin/wiring.js';
import {
  resolveQueueUrl,
  SqsReconcileQueue,
} from '../../controller/adapters/aws/sqs-reconcile-queue.js';
import { powertoolsLogger } from '../../controller/adapters/logging/powertools-logger.js';
import type { ReconcileDeps } from '../../controller/flows/reconcile/reconcile-deps.js';
import { DEFAULT_RECONCILE_QUEUE } from '../../controller/model/conventions.js';
import { type HandlerConfig, handlerConfig } from './config.js';
import { githubToken } from './github-token.js';

/** What one container builds once and every invocation reuses. */
export interface Container {
  readonly config: HandlerConfig;
  readonly logger: Logger;
  readonly wiring: Wiring;
  /** The reconciler's dependencies (the continuation's deadline is set per invocation). */
  readonly reconcile: ReconcileDeps;
}

/**
 * The reconcile handler's composition root, over the CLI's ({@link Wiring}): the same adapters, with
 * manifests and statuses on GitHub, the reconcile queue on SQS, and Powertools' JSON logger.
 *
 * @example
 * const container = await lambdaContainer(process.env);
 */
export async function lambdaContainer(
  env: Readonly<Record<string, string | undefined>>,
): Promise<Container> {
  const config = handlerConfig(env);
  const logger = new Logger({ serviceName: 'plumbline' });
  const wiring = new Wiring(
    resolveConfig(
      {
        table: config.STATE_TABLE,
        ...(config.AWS_ENDPOINT_URL ? { endpoint: config.AWS_ENDPOINT_URL } : {}),
      },
      env,
    ),
    lazyCdkSynthesizer,
  );
  const sqs = wiring.clients.forRegion(config.AWS_REGION).sqs;
  const queueUrl = await resolveQueueUrl(
    sqs,
    config.RECONCILE_QUEUE_URL ?? DEFAULT_RECONCILE_QUEUE,
  );
  const reconcile = await reconcileWiring(wiring, {
    github: {
      repository: config.GITHUB_REPOSITORY,
      apiUrl: config.GITHUB_API_URL,
      token: await githubToken(config),
    },
    branch: config.MAIN_BRANCH,
    queue: new SqsReconcileQueue({ client: sqs, queueUrl }),
    logger: powertoolsLogger(logger),
    continuation: { ...DEFAULT_CONTINUATION, leaseTtlMs: config.LEASE_TTL_SECONDS * 1000 },
    reportBucket: config.REPORT_BUCKET,
    ...(config.REPORT_BASE_URL ? { reportBaseUrl: config.REPORT_BASE_URL } : {}),
    scanConcurrency: config.SCAN_CONCURRENCY,
  });
  return { config, logger, wiring, reconcile };
}
