import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { cycleThrough, promotionOrder } from '../../core/promotion-order.js';
import type { ManifestIssue } from '../../model/errors.js';
import type { DesiredState } from '../../model/manifest.js';
import { manifestIssueAt, parseManifest, sortIssues } from '../../model/parse-manifest.js';
import { listEnvironmentFiles, MANIFEST_EXTENSION } from './manifest-files.js';

/** What `plumbline validate` reports for a desired-state directory. */
export interface ManifestDirValidation {
  /** The environment manifests checked, as `<dir>/environments/<env>.yaml`. */
  readonly files: string[];
  /** Every problem found, ordered by file, then line and column; empty when all is valid. */
  readonly issues: ManifestIssue[];
}

interface Checked {
  readonly env: string;
  readonly file: string;
  readonly text: string;
  readonly desired: DesiredState | undefined;
}

/**
 * Validates every manifest of a desired-state directory, each on its own (syntax, schema,
 * cross-field rules, `environment.name` equal to the file name) and together: `rollout.after`
 * must name an environment that has a manifest, and promotion order must not loop.
 *
 * Issue files read `path.join(dir, 'environments', '<env>.yaml')`, so they are relative when `dir` is.
 *
 * @example
 * const { files, issues } = await validateManifestDir('desired-state');
 * for (const i of issues) console.error(formatManifestIssue(i));
 */
export async function validateManifestDir(dir: string): Promise<ManifestDirValidation> {
  const all = await listEnvironmentFiles(dir);
  const files = all.filter((f) => f.endsWith(MANIFEST_EXTENSION));
  const issues: ManifestIssue[] = all
    .filter((f) => f.endsWith('.yml'))
    .map((file) =>
      documentIssue(file, `ignored: environment manifests end in ${MANIFEST_EXTENSION}`),
    );
  if (files.length === 0) {
    issues.push(
      documentIssue(
        path.join(dir, 'environments'),
        `no environment manifests (*${MANIFEST_EXTENSION})`,
      ),
    );
  }

  const checked: Checked[] = [];
  for (const file of files) {
    const env = path.basename(file, MANIFEST_EXTENSION);
    const text = await readFile(file, 'utf8');
    const result = parseManifest(text, file, { expectedEnvironment: env });
    if (!result.ok) issues.push(...result.errors);
    checked.push({ env, file, text, desired: result.ok ? result.value : undefined });
  }
  issues.push(...promotionIssues(checked));
  return { files, issues: sortIssues(issues) };
}

/** `rollout.after` names an unknown environment, or closes a promotion cycle. */
function promotionIssues(checked: readonly Checked[]): ManifestIssue[] {
  const known = checked.map((c) => c.env);
  // An invalid manifest still declares its environment, but its `after` is not trusted.
  const after = new Map(checked.map((c) => [c.env, c.desired?.rollout.after]));
  const { cycles } = promotionOrder(after);
  const issues: ManifestIssue[] = [];
  for (const c of checked) {
    const predecessor = c.desired?.rollout.after;
    if (predecessor === undefined) continue;
    const at = (message: string) => manifestIssueAt(c.text, c.file, ['rollout', 'after'], message);
    const cycle = cycleThrough(c.env, cycles);
    if (!known.includes(predecessor)) {
      issues.push(at(`unknown environment "${predecessor}"; declared: ${known.join(', ')}`));
    } else if (cycle) {
      issues.push(at(`promotion order has a cycle: ${cycle.join(' -> ')}`));
    }
  }
  return issues;
}

function documentIssue(file: string, message: string): ManifestIssue {
  return { file, line: 1, column: 1, path: '', message };
}
