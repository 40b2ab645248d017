import { Command } from 'commander';
import { scaleServiceByHand } from '../demo/change-by-hand.js';
import type { CliIo } from '../io.js';
import { dirOption } from '../options.js';

/** Runs another `plumbline` command in-process and resolves with its exit code. */
export type RunCommand = (argv: readonly string[], io: CliIo) => Promise<number>;

/**
 * `plumbline demo` (what `npm start` runs): starts the sandbox, rolls `dev` out through a
 * CloudFormation change set, scans it (in sync), scales a service outside its declared range by
 * hand, scans again, and keeps the sandbox running for the next commands.
 */
export function demoCommand(
  io: CliIo,
  setCode: (code: number) => void,
  runCli: RunCommand,
): Command {
  return new Command('demo')
    .description(
      'run the sandbox, build dev by hand, create drift and report it (what npm start runs)',
    )
    .option('--port <port>', 'sandbox port (falls back to a free port when taken)', '4566')
    .option('--data <dir>', 'sandbox state directory (reset at start)', '.sandbox-data')
    .addOption(dirOption())
    .option('--exit', 'stop the sandbox after the report instead of keeping it up')
    .action(async (opts: { port: string; data: string; dir: string; exit?: boolean }) => {
      // The sandbox accepts any credentials; the SDK still wants some.
      process.env.AWS_ACCESS_KEY_ID ??= 'test';
      process.env.AWS_SECRET_ACCESS_KEY ??= 'test';
      // The controller's own state (table, bucket, topics) lives in one region.
      process.env.AWS_REGION ??= 'eu-west-1';
      // Loaded only here: no other command pulls the emulator (and its DynamoDB) into the process.
      const { startSandbox } = await import('../../sandbox/index.js');
      const sandbox = await startSandbox({ port: Number(opts.port), dataDir: opts.data }).catch(
        (error: unknown) => {
          if ((error as NodeJS.ErrnoException).code !== 'EADDRINUSE') throw error;
          io.stdout(`port ${opts.port} is taken; using a free port\n`);
          return startSandbox({ port: 0, dataDir: opts.data });
        },
      );
      try {
        await sandbox.reset();
        const step = (text: string) => io.stdout(`\n==> ${text}\n`);
        step(`sandbox listening on ${sandbox.url}`);
        // The sandbox's GitHub stand-in serves this repository, as GitHub Actions names it.
        process.env.GITHUB_API_URL = `${sandbox.url}/github`;
        process.env.GITHUB_REPOSITORY ??= 'local/plumbline';
        process.env.GITHUB_TOKEN ??= 'sandbox-token';

        step(
          'plumbline rollout --env dev   (lock, synth, change set, guard, execute, wait, verify)',
        );
        const rolledOut = await runCli(
          ['rollout', '--env', 'dev', '--dir', opts.dir, '--endpoint', sandbox.url],
          quiet(io),
        );
        if (rolledOut !== 0) {
          setCode(rolledOut);
          return;
        }

        const drift = ['drift', '--env', 'dev', '--dir', opts.dir, '--endpoint', sandbox.url];
        step('plumbline drift --env dev   (expect: in sync, exit 0)');
        io.stdout(`exit ${await runCli(drift, io)}\n`);

        step('someone scales dev-api to 5 tasks by hand, outside the declared 1..2');
        await scaleServiceByHand({
          endpoint: sandbox.url,
          region: 'eu-west-1',
          cluster: 'dev',
          service: 'dev-api',
          desiredCount: 5,
        });

        step('plumbline drift --env dev   (expect: drift, exit 2)');
        const code = await runCli(drift, io);
        io.stdout(`exit ${code}\n`);
        setCode(code === 2 ? 0 : 1);

        const scanAll = [
          'drift',
          '--all',
          '--dir',
          opts.dir,
          '--endpoint',
          sandbox.url,
          '--report',
          '--alert',
          '--status',
        ];
        step(
          'plumbline drift --all --report --alert --status   (reports on S3, alerts on SNS, statuses on main)',
        );
        await scheduledScan(runCli, io, scanAll);

        if (opts.exit) return;
        const every = setInterval(() => void scheduledScan(runCli, io, scanAll), 60_000);
        io.stdout(
          [
            '',
            `The sandbox keeps running on ${sandbox.url} (Ctrl-C to stop). Next, in another terminal:`,
            '  export AWS_ACCESS_KEY_ID=test AWS_SECRET_ACCESS_KEY=test',
            `  npx plumbline drift --env dev --endpoint ${sandbox.url} --format md`,
            `  npx plumbline drift --env dev --endpoint ${sandbox.url} --format json`,
            `  npx plumbline rollout --env dev --endpoint ${sandbox.url}    (after editing desired-state/environments/dev.yaml)`,
            `  npx plumbline lock status --env dev --endpoint ${sandbox.url}`,
            `  curl ${sandbox.url}/_sandbox/stats`,
            `  curl ${sandbox.url}/_sandbox/sns/messages`,
            `  curl -H 'Authorization: token sandbox-token' ${sandbox.url}/github/repos/local/plumbline/commits/main/status`,
            '  npx plumbline validate',
            '',
          ].join('\n'),
        );
        io.stdout('A scan of every environment runs every minute; one line per environment:\n');
        await io.untilStopped();
        clearInterval(every);
      } finally {
        await sandbox.close();
      }
    });
}

/** The same output, without the stack-event progress lines (they go to stderr). */
function quiet(io: CliIo): CliIo {
  return { ...io, stderr: () => {} };
}

/**
 * One scan of every environment, as the scheduled Lambda runs it, printed as one line per
 * environment: time, environment, status, worst priority, counts.
 */
async function scheduledScan(
  runCli: RunCommand,
  io: CliIo,
  argv: readonly string[],
): Promise<void> {
  let out = '';
  const code = await runCli([...argv, '--format', 'json'], {
    ...io,
    stdout: (t) => {
      out += t;
    },
    stderr: () => {},
  });
  const time = new Date().toISOString().slice(11, 19);
  try {
    const reports = JSON.parse(out) as readonly {
      environment: string;
      status: string;
      worstPriority: string | null;
      drifts: readonly unknown[];
      unchecked: readonly unknown[];
    }[];
    for (const r of reports)
      io.stdout(
        `${time} ${r.environment.padEnd(8)} ${r.status.padEnd(8)} ${r.worstPriority ?? '  '} ${r.drifts.length} drift(s), ${r.unchecked.length} unchecked\n`,
      );
  } catch {
    io.stdout(`${time} scan failed (exit ${code})\n`);
  }
}
