import { Command } from 'commander';
import { validateManifestDir } from '../../controller/adapters/fs/working-tree-manifest-source.js';
import { formatManifestIssue } from '../../controller/model/errors.js';
import { type CliIo, EXIT } from '../io.js';
import { dirOption } from '../options.js';

/** `plumbline validate [--dir desired-state]`: exit 1 with file:line:col messages on bad input. */
export function validateCommand(io: CliIo, setCode: (code: number) => void): Command {
  return new Command('validate')
    .description(
      'validate every environment manifest; prints file:line:col: path: message per problem',
    )
    .addOption(dirOption())
    .action(async (opts: { dir: string }) => {
      const { files, issues } = await validateManifestDir(opts.dir);
      for (const issue of issues) io.stderr(`${formatManifestIssue(issue)}\n`);
      if (issues.length > 0) {
        io.stderr(
          `${issues.length} problem(s) in ${new Set(issues.map((i) => i.file)).size} of ${files.length} manifest(s)\n`,
        );
        setCode(EXIT.error);
      } else {
        io.stdout(`${files.length} manifest(s) valid\n`);
      }
    });
}
