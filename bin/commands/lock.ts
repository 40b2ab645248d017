import { Command } from 'commander';
import type { DynamoDbLockStore } from '../../controller/adapters/aws/dynamodb-lock-store.js';
import type { Lease } from '../../controller/ports/lock-store.js';
import { resolveConfig } from '../config.js';
import { type CliIo, EXIT } from '../io.js';
import { dirOption, endpointOption, tableOption } from '../options.js';
import { Wiring } from '../wiring.js';

interface LockOptions {
  env: string;
  endpoint?: string;
  dir: string;
  table: string;
  force?: boolean;
}

/** `plumbline lock status|release --env E`: who holds an environment's lease, and breaking it. */
export function lockCommand(io: CliIo, setCode: (code: number) => void): Command {
  const withStore = async (
    opts: LockOptions,
    work: (locks: DynamoDbLockStore) => Promise<void>,
  ) => {
    const wiring = new Wiring(resolveConfig(opts, io.env));
    try {
      await work(await wiring.lockStore(opts.env));
    } finally {
      wiring.close();
    }
  };
  const common = (c: Command) =>
    c
      .requiredOption('--env <env>', 'the environment')
      .addOption(endpointOption())
      .addOption(dirOption())
      .addOption(tableOption());

  const status = common(
    new Command('status').description("show who holds the environment's lease"),
  ).action((opts: LockOptions) =>
    withStore(opts, async (locks) => {
      const lease = await locks.inspect(opts.env);
      const now = Date.now();
      if (!lease || lease.expiresAt.getTime() <= now) {
        io.stdout(
          `${opts.env}: free${lease ? ` (last ${lease.parked ? 'parked' : 'held'} by ${lease.owner}, token ${lease.token}, expired ${lease.expiresAt.toISOString()})` : ''}\n`,
        );
      } else if (lease.parked) {
        io.stdout(
          `${opts.env}: parked by ${describe(lease)}, held for the run's next invocation to resume\n`,
        );
      } else {
        io.stdout(`${opts.env}: held by ${describe(lease)}\n`);
      }
    }),
  );

  const release = common(
    new Command('release').description('break the lease (operators only; needs --force)'),
  )
    .option('--force', 'really break it')
    .action((opts: LockOptions) =>
      withStore(opts, async (locks) => {
        if (!opts.force) {
          io.stderr(
            `plumbline lock release: refusing without --force; see \`plumbline lock status --env ${opts.env}\` first\n`,
          );
          setCode(EXIT.error);
          return;
        }
        const broken = await locks.forceRelease(opts.env);
        io.stdout(
          broken
            ? `${opts.env}: released the lease held by ${describe(broken)}; that holder can no longer renew or release it, and any rollout it still runs is no longer protected by the lock\n`
            : `${opts.env}: no lease was held\n`,
        );
      }),
    );

  return new Command('lock')
    .description("inspect or break an environment's lease")
    .addCommand(status)
    .addCommand(release);
}

function describe(lease: Lease): string {
  return `${lease.owner} (token ${lease.token}, acquired ${lease.acquiredAt.toISOString()}, expires ${lease.expiresAt.toISOString()})`;
}
