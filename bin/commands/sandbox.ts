import { Command, Option } from 'commander';
import type { CliIo } from '../io.js';

interface SandboxOptions {
  port: string;
  data: string;
  quotas: 'off' | 'aws';
  repoDir: string;
  githubToken: string;
}

/**
 * `plumbline sandbox [--port 4566] [--data DIR] [--quotas aws] [--repo-dir DIR] [--github-token TOKEN]`:
 * the local AWS stand-in, with the GitHub stand-in under `/github` serving the repository in
 * `--repo-dir` as `$GITHUB_REPOSITORY` (default `local/plumbline`), until stopped.
 */
export function sandboxCommand(io: CliIo): Command {
  return new Command('sandbox')
    .description('start the local AWS stand-in on one loopback port and run until stopped')
    .option('--port <port>', 'port to listen on (0 picks a free one)', '4566')
    .option('--data <dir>', 'directory that keeps the state across restarts', '.sandbox-data')
    .addOption(
      new Option(
        '--quotas <mode>',
        "throttle like AWS: 'aws' enforces the documented ECS, ELBv2 and RDS request buckets per account and region",
      )
        .choices(['off', 'aws'])
        .default('off'),
    )
    .option('--repo-dir <dir>', 'git repository the GitHub stand-in (under /github) serves', '.')
    .option('--github-token <token>', 'token GitHub requests must carry', 'sandbox-token')
    .action(async (opts: SandboxOptions) => {
      // Loaded only here: no other command pulls the emulator (and its DynamoDB) into the process.
      const { startSandbox } = await import('../../sandbox/index.js');
      const sandbox = await startSandbox({
        port: Number(opts.port),
        dataDir: opts.data,
        quotas: opts.quotas,
        repoDir: opts.repoDir,
        githubToken: opts.githubToken,
        ...(io.env.GITHUB_REPOSITORY === undefined
          ? {}
          : { githubRepository: io.env.GITHUB_REPOSITORY }),
      });
      io.stdout(`sandbox listening on ${sandbox.url} (state in ${opts.data})\n`);
      if (opts.quotas === 'aws') {
        io.stdout('throttling like AWS: documented request buckets per account and region\n');
      }
      io.stdout(
        `try: AWS_ACCESS_KEY_ID=test AWS_SECRET_ACCESS_KEY=test npx plumbline drift --env dev --endpoint ${sandbox.url}\n`,
      );
      io.stdout(
        `GitHub stand-in: GITHUB_API_URL=${sandbox.url}/github GITHUB_REPOSITORY=${io.env.GITHUB_REPOSITORY ?? 'local/plumbline'} (token ${opts.githubToken})\n`,
      );
      await io.untilStopped();
      await sandbox.close();
    });
}
