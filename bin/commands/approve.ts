import { userInfo } from 'node:os';
import { Command } from 'commander';
import { DynamoDbApprovalStore } from '../../controller/adapters/aws/dynamodb-approval-store.js';
import { DynamoDbPromotionStore } from '../../controller/adapters/aws/dynamodb-promotion-store.js';
import {
  resolveQueueUrl,
  SqsReconcileQueue,
} from '../../controller/adapters/aws/sqs-reconcile-queue.js';
import { StsIdentityReader } from '../../controller/adapters/aws/sts-identity-reader.js';
import { DEFAULT_RECONCILE_QUEUE } from '../../controller/model/conventions.js';
import { isFinalStage } from '../../controller/model/promotion.js';
import { resolveConfig } from '../config.js';
import { type CliIo, EXIT } from '../io.js';
import { endpointOption, tableOption } from '../options.js';
import { Wiring } from '../wiring.js';

interface ApproveOptions {
  env: string;
  ref: string;
  endpoint?: string;
  table: string;
}

/**
 * `plumbline approve --env E --ref SHA`: approves an environment that declares
 * `rollout.requireApproval` at one commit of main. Records who (the caller's AWS identity and local
 * user) and when in the state table, then queues the environment's next step for the reconciler.
 * Exit 0 approved, 1 when there is nothing to approve (unknown commit, environment not affected,
 * rollout already under way or over).
 */
export function approveCommand(io: CliIo, setCode: (code: number) => void): Command {
  return new Command('approve')
    .description('approve a rollout waiting for approval; exit 1 when nothing waits')
    .requiredOption('--env <env>', 'the environment to approve')
    .requiredOption('--ref <sha>', 'the full commit id of main to approve')
    .addOption(endpointOption())
    .addOption(tableOption())
    .action(async (opts: ApproveOptions) => {
      const refuse = (message: string) => {
        io.stderr(`plumbline approve: ${message}\n`);
        setCode(EXIT.error);
      };
      if (!/^[0-9a-f]{40}$/.test(opts.ref))
        return refuse(`--ref must be a full 40-character commit id, got "${opts.ref}"`);
      const config = resolveConfig(opts, io.env);
      if (config.region === undefined)
        return refuse("set AWS_REGION: the controller's state table and queue live there");
      const wiring = new Wiring(config);
      try {
        const home = wiring.clients.forRegion(config.region);
        const sha7 = opts.ref.slice(0, 7);
        const promotion = await new DynamoDbPromotionStore({
          client: home.dynamodb,
          tableName: config.table,
        }).get(opts.ref);
        if (!promotion)
          return refuse(
            `no rollout of ${sha7} is known: its push has not been received, or it affects no environment`,
          );
        const stage = promotion.environments[opts.env]?.stage;
        if (stage === undefined) return refuse(`${sha7} does not affect ${opts.env}`);
        if (stage === 'rolling-out' || isFinalStage(stage))
          return refuse(`${opts.env} at ${sha7} is ${stage}; nothing to approve`);
        const me = await new StsIdentityReader(home.sts).whoAmI();
        const by = `${me.arn ?? `account ${me.account}`} (${userInfo().username})`;
        const approval = await new DynamoDbApprovalStore({
          client: home.dynamodb,
          tableName: config.table,
        }).record({ env: opts.env, sha: opts.ref, by, via: 'cli', at: wiring.clock.now() });
        const queueUrl = await resolveQueueUrl(
          home.sqs,
          io.env.RECONCILE_QUEUE_URL ?? DEFAULT_RECONCILE_QUEUE,
        );
        await new SqsReconcileQueue({ client: home.sqs, queueUrl }).send({
          kind: 'advance',
          env: opts.env,
          sha: opts.ref,
        });
        io.stdout(
          approval.by === by
            ? `approved ${opts.env} at ${sha7} as ${by}; the rollout continues\n`
            : `${opts.env} at ${sha7} was already approved by ${approval.by} at ${approval.at.toISOString()}; the rollout continues\n`,
        );
        setCode(EXIT.ok);
      } finally {
        wiring.close();
      }
    });
}
