import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Command } from 'commander';
import { WorkingTreeManifestSource } from '../../controller/adapters/fs/working-tree-manifest-source.js';
import { TEMPLATE_BODY_LIMIT } from '../../controller/model/cloudformation-limits.js';
import { PlumblineError } from '../../controller/model/errors.js';
import type { DesiredState } from '../../controller/model/manifest.js';
import { type CliIo, EXIT } from '../io.js';
import { dirOption } from '../options.js';

interface SynthOptions {
  env: string;
  out: string;
  dir: string;
  new: boolean;
}

/**
 * `plumbline synth --env E [--out DIR] [--dir desired-state] [--new]`: the environment's platform
 * template, synthesized offline, written as `<out>/<stack>.template.json` exactly as it would be
 * deployed. Offline, it cannot ask whether the stack exists: it writes the template of an update
 * (auto-scaled services declare no desired count), or with `--new` that of a first create.
 */
export function synthCommand(io: CliIo, setCode: (code: number) => void): Command {
  return new Command('synth')
    .description('synthesize an environment’s CloudFormation template from its manifest, offline')
    .requiredOption('--env <env>', 'the environment to synthesize')
    .option('--out <dir>', 'where to write the template', 'cdk.out')
    .addOption(dirOption())
    .option(
      '--new',
      'the template of a first create: auto-scaled services declare their starting count',
      false,
    )
    .action(async (opts: SynthOptions) => {
      let desired: DesiredState;
      try {
        ({ desired } = await new WorkingTreeManifestSource(opts.dir).load(opts.env));
      } catch (error) {
        // Invalid or missing manifests are the user's to fix: their message says where.
        if (!(error instanceof PlumblineError)) throw error;
        io.stderr(`${error.message}\n`);
        setCode(EXIT.error);
        return;
      }
      // CDK is loaded only by the commands that synthesize.
      const { synthesizePlatform } = await import('../../stacks/synth.js');
      const { stackName, body, bytes } = synthesizePlatform(desired, { stackExists: !opts.new });
      const file = join(opts.out, `${stackName}.template.json`);
      await mkdir(opts.out, { recursive: true });
      await writeFile(file, body);
      const fits =
        bytes <= TEMPLATE_BODY_LIMIT
          ? `within the ${TEMPLATE_BODY_LIMIT}-byte inline limit`
          : `exceeds the ${TEMPLATE_BODY_LIMIT}-byte inline limit: deploy it from S3`;
      io.stdout(`${file}: ${bytes} bytes, ${fits}\n`);
    });
}
