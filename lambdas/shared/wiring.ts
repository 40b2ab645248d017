import { Logger } from '@aws-lambda-powertools/logger';
import { resolveConfig } from '../../bin/config.js';
import { type ScanWiring, scanWiring } from '../../bin/scan-wiring.js';
import { Wiring } from '../../bin/wiring.js';
import { powertoolsLogger } from '../../controller/adapters/logging/powertools-logger.js';
import { type HandlerConfig, handlerConfig } from './config.js';
import { githubToken } from './github-token.js';

/** What one container builds once and every invocation reuses. */
export interface Container {
  readonly config: HandlerConfig;
  readonly logger: Logger;
  readonly wiring: Wiring;
  /** The scan's dependencies at main's current head (resolved per invocation: main moves). */
  readonly scan: (scanId: string) => Promise<ScanWiring>;
}

/**
 * The Lambda handlers' composition root, over the CLI's ({@link Wiring}): the same adapters, with
 * manifests and statuses on GitHub, and Powertools' JSON logger.
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
  );
  const github = {
    repository: config.GITHUB_REPOSITORY,
    apiUrl: config.GITHUB_API_URL,
    token: await githubToken(config),
  };
  return {
    config,
    logger,
    wiring,
    scan: (scanId) =>
      scanWiring(
        wiring,
        { report: true, alert: true, status: true, heal: true },
        {
          reportBucket: config.REPORT_BUCKET,
          ...(config.REPORT_BASE_URL ? { reportBaseUrl: config.REPORT_BASE_URL } : {}),
          github,
          branch: config.MAIN_BRANCH,
          manifestsFromGitHub: true,
          logger: powertoolsLogger(logger).child({ scanId }),
          owner: `scan:${scanId}`,
        },
      ),
  };
}
