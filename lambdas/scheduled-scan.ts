import type { Context, ScheduledEvent } from 'aws-lambda';
import { newScanId } from '../bin/scan-wiring.js';
import { scan } from '../controller/flows/scan.js';
import { type Container, lambdaContainer } from './shared/wiring.js';

/** Built once per container, on the first invocation. */
let container: Promise<Container> | undefined;

/** What the scheduled scan answers: one line per environment, for the invocation's log. */
export interface ScanSummary {
  readonly scanId: string;
  readonly ref: string;
  readonly environments: Readonly<Record<string, string>>;
}

/**
 * EventBridge schedule -> one scan of every environment at main's head: reports, alerts, commit
 * statuses, self-heal where allowed, and the run record.
 */
export async function handler(event: ScheduledEvent, context: Context): Promise<ScanSummary> {
  container ??= lambdaContainer(process.env);
  const { logger, config, scan: wire } = await container;
  logger.addContext(context);
  const scanId = newScanId(new Date(event.time || Date.now()));
  const { deps, ref } = await wire(scanId);
  const envs = await deps.manifests.list();
  const { run } = await scan(deps, {
    scanId,
    envs,
    concurrency: config.SCAN_CONCURRENCY,
    ...(ref ? { ref } : {}),
  });
  return {
    scanId,
    ref: run.ref,
    environments: Object.fromEntries(run.environments.map((e) => [e.environment, e.status])),
  };
}
