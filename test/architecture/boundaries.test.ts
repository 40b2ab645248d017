import { spawnSync } from 'node:child_process';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

/**
 * The import rules of `.dependency-cruiser.cjs` (run by `npm run lint`) must really fail the build:
 * each probe writes one forbidden import into a layer and expects the rule that forbids it.
 */
const PROBES: readonly { file: string; source: string; rule: string }[] = [
  { file: 'controller/core/%.ts', source: "import '@aws-sdk/client-ecs';", rule: 'core-is-pure' },
  { file: 'controller/core/%.ts', source: "import 'node:fs';", rule: 'core-is-pure' },
  {
    file: 'controller/core/%.ts',
    source: "import '../adapters/aws/clients.js';",
    rule: 'core-is-pure',
  },
  { file: 'controller/model/%.ts', source: "import '../ports/clock.js';", rule: 'core-is-pure' },
  {
    file: 'controller/flows/%.ts',
    source: "import '../adapters/aws/clients.js';",
    rule: 'flows-use-ports',
  },
  {
    file: 'controller/ports/%.ts',
    source: "import type { ECSClient } from '@aws-sdk/client-ecs';\nexport type X = ECSClient;",
    rule: 'flows-use-ports',
  },
  {
    file: 'controller/adapters/aws/%.ts',
    source: "import '../../flows/rollout.js';",
    rule: 'adapters-translate-only',
  },
  {
    file: 'controller/adapters/aws/%.ts',
    source: "import '../../../bin/config.js';",
    rule: 'controller-is-inner',
  },
  {
    file: 'stacks/%.ts',
    source: "import '../controller/core/diff.js';",
    rule: 'stacks-use-the-model',
  },
  { file: 'bin/%.ts', source: "import '../sandbox/index.js';", rule: 'product-excludes-sandbox' },
  {
    file: 'bin/%.ts',
    source: "export const load = () => import('../sandbox/index.js');",
    rule: 'product-excludes-sandbox',
  },
  { file: 'lambdas/%.ts', source: "import '../sandbox/index.js';", rule: 'lambdas-are-roots' },
  {
    file: 'sandbox/%.ts',
    source: "import '../controller/model/manifest.js';",
    rule: 'sandbox-is-standalone',
  },
  {
    file: 'controller/flows/%.ts',
    source: "import '../../test/setup.js';",
    rule: 'controller-is-inner',
  },
];

interface Violation {
  readonly from: string;
  readonly to: string;
  readonly rule: { readonly name: string };
}

describe('import boundaries', () => {
  const tag = `boundary-probe-${process.pid}`;
  const written: string[] = [];
  let violations: Violation[] = [];
  let exitCode: number | null = null;

  beforeAll(() => {
    // Prepare: one probe file per case, plus a two-file cycle
    PROBES.forEach((probe, i) => {
      const file = probe.file.replace('%', `${tag}-${i}`);
      mkdirSync(dirname(file), { recursive: true });
      writeFileSync(file, `${probe.source}\n`);
      written.push(file);
    });
    const cycleA = join('controller/core', `${tag}-cycle-a.ts`);
    const cycleB = join('controller/core', `${tag}-cycle-b.ts`);
    writeFileSync(cycleA, `import { b } from './${tag}-cycle-b.js';\nexport const a = () => b;\n`);
    writeFileSync(cycleB, `import { a } from './${tag}-cycle-a.js';\nexport const b = () => a;\n`);
    written.push(cycleA, cycleB);

    // Act: what `npm run lint` runs, on the probes (its exit code), then again for the details
    const cruise = (...args: string[]) =>
      spawnSync('npx', ['depcruise', '--config', '.dependency-cruiser.cjs', ...args, ...written], {
        encoding: 'utf8',
      });
    exitCode = cruise().status;
    violations = (
      JSON.parse(cruise('--output-type', 'json').stdout) as { summary: { violations: Violation[] } }
    ).summary.violations;
  }, 60_000);

  afterAll(() => {
    for (const file of written) rmSync(file, { force: true });
    rmSync(join('lambdas', `${tag}-11.ts`), { force: true });
  });

  it('fails the lint run', () => {
    expect(exitCode).not.toBe(0);
  });

  it.each(PROBES.map((p, i) => [i, p.file, p.source, p.rule] as const))(
    'probe %i in %s (%s) breaks %s',
    (i, _file, _source, rule) => {
      const from = written[i];
      expect(violations.filter((v) => v.from === from).map((v) => v.rule.name)).toContain(rule);
    },
  );

  it('finds an import cycle', () => {
    const cycle = violations.filter((v) => v.rule.name === 'no-circular').map((v) => v.from);
    expect(cycle.length).toBeGreaterThan(0);
    for (const from of cycle)
      expect(from).toMatch(new RegExp(`^controller/core/${tag}-cycle-[ab]\\.ts$`));
  });
});
