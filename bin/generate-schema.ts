// Writes desired-state/schema/environment.schema.json from the manifest's zod schema, for editors
// (`# yaml-language-server: $schema=...`). With --check, only compares and exits 1 when stale.
//
//   npm run schema                 regenerate
//   npm run schema:check           fail when the checked-in file is out of date (CI)
//   tsx bin/generate-schema.ts --out FILE [--check]
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import { manifestShape } from '../controller/model/manifest.js';

const DEFAULT_OUT = 'desired-state/schema/environment.schema.json';

/** The JSON Schema text: the input side of the schema (defaulted fields are optional), pretty-printed. */
function renderSchema(): string {
  const { $schema, ...body } = z.toJSONSchema(manifestShape, { io: 'input' });
  const schema = {
    $schema,
    $id: 'urn:plumbline:schema:environment:1',
    title: 'Plumbline environment manifest',
    description:
      'One environment of desired-state/environments/<env>.yaml. Generated from controller/model/manifest.ts by `npm run schema`; do not edit. Cross-field rules (Fargate cpu/memory pairs, references between services, target groups and listeners) are checked by `plumbline validate`.',
    ...body,
  };
  return `${JSON.stringify(schema, null, 2)}\n`;
}

async function main(argv: readonly string[]): Promise<number> {
  const check = argv.includes('--check');
  const outAt = argv.indexOf('--out');
  const out = outAt >= 0 ? argv[outAt + 1] : DEFAULT_OUT;
  if (!out) {
    process.stderr.write('usage: generate-schema [--out FILE] [--check]\n');
    return 2;
  }
  const text = renderSchema();
  if (check) {
    const current = await readFile(out, 'utf8').catch(() => undefined);
    if (current === text) return 0;
    process.stderr.write(
      `${out} ${current === undefined ? 'is missing' : 'does not match controller/model/manifest.ts'}; run \`npm run schema\` and commit the result\n`,
    );
    return 1;
  }
  await mkdir(path.dirname(out), { recursive: true });
  await writeFile(out, text);
  process.stdout.write(`wrote ${out}\n`);
  return 0;
}

process.exitCode = await main(process.argv.slice(2));
