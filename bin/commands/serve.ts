import type { Server } from 'node:http';
import { Command } from 'commander';
import {
  resolveQueueUrl,
  SqsReconcileQueue,
} from '../../controller/adapters/aws/sqs-reconcile-queue.js';
import { DEFAULT_RECONCILE_QUEUE } from '../../controller/model/conventions.js';
import { PlumblineError } from '../../controller/model/errors.js';
import { reconcileHandler } from '../../lambdas/reconcile.js';
import { webhookHandler } from '../../lambdas/webhook.js';
import { resolveConfig } from '../config.js';
import type { CliIo } from '../io.js';
import { endpointOption } from '../options.js';
import { listen, urlOf } from '../serve/http-endpoint.js';
import { lambdaContext } from '../serve/lambda-context.js';
import { QueueWorker } from '../serve/queue-worker.js';
import { ensureReconcileQueue } from '../serve/reconcile-queue.js';
import { Schedule } from '../serve/schedule.js';
import { Wiring } from '../wiring.js';

interface ServeOptions {
  port: string;
  scanEvery: string;
  endpoint?: string;
}

/**
 * `plumbline serve [--port 8080] [--scan-every MINUTES]`: the controller in one process, as it runs
 * on AWS: the webhook handler behind `POST /webhook`, a worker feeding the reconcile queue to the
 * reconcile handler, and the schedule putting a scan on the queue; `GET /healthz` answers 200 when
 * all three run. Same handlers and environment variables as the Lambdas; against an emulator
 * (`AWS_ENDPOINT_URL`, `--endpoint`) it creates the queue the stack owns on AWS.
 */
export function serveCommand(io: CliIo): Command {
  return new Command('serve')
    .description('webhook receiver, reconcile worker and schedule in one process, until stopped')
    .option('--port <port>', 'port of the webhook endpoint (0 picks a free one)', '8080')
    .option('--scan-every <minutes>', 'minutes between scheduled scans', '15')
    .addOption(endpointOption())
    .action(async (opts: ServeOptions) => {
      const config = resolveConfig(
        { ...(opts.endpoint ? { endpoint: opts.endpoint } : {}) },
        io.env,
      );
      if (config.region === undefined)
        throw new PlumblineError('set AWS_REGION: the state table and the queue live there', {
          terminal: true,
        });
      const minutes = Number(opts.scanEvery);
      if (!(minutes > 0))
        throw new PlumblineError(
          `--scan-every must be a positive number of minutes, got ${opts.scanEvery}`,
          { terminal: true },
        );
      const wiring = new Wiring(config);
      const sqs = wiring.clients.forRegion(config.region).sqs;
      // Against an emulator, what the controller's stack owns on AWS: the queue and the state table.
      if (wiring.emulated) await (await wiring.lockStore(DEFAULT_RECONCILE_QUEUE)).ensureTable();
      const queueUrl = wiring.emulated
        ? await ensureReconcileQueue(sqs)
        : await resolveQueueUrl(sqs, io.env.RECONCILE_QUEUE_URL ?? DEFAULT_RECONCILE_QUEUE);
      const env = {
        ...io.env,
        RECONCILE_QUEUE_URL: queueUrl,
        ...(config.endpoint ? { AWS_ENDPOINT_URL: config.endpoint } : {}),
      };
      const onError = (line: string) => io.stderr(`${line}\n`);
      const worker = new QueueWorker({
        client: sqs,
        queueUrl,
        region: config.region,
        handler: reconcileHandler(env),
        onError,
      });
      const schedule = new Schedule(
        new SqsReconcileQueue({ client: sqs, queueUrl }),
        minutes * 60_000,
        onError,
      );
      let server: Server | undefined;
      try {
        server = await listen(
          Number(opts.port),
          webhookHandler(env),
          () => ({
            webhook: server?.listening ?? false,
            worker: worker.running,
            schedule: schedule.running,
          }),
          () => lambdaContext('plumbline-webhook', () => 10_000),
        );
        worker.start();
        schedule.start();
        const url = urlOf(server);
        io.stdout(`plumbline serve: webhook ${url}/webhook, health ${url}/healthz\n`);
        io.stdout(`reconcile queue ${queueUrl}; a scan every ${minutes} min\n`);
        await io.untilStopped();
      } finally {
        schedule.stop();
        await worker.stop();
        await new Promise((resolve) => (server ? server.close(resolve) : resolve(undefined)));
        wiring.close();
      }
    });
}
