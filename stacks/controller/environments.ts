import { readdirSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { formatManifestIssue } from '../../controller/model/errors.js';
import type { DesiredState } from '../../controller/model/manifest.js';
import { parseManifest } from '../../controller/model/parse-manifest.js';
import { err, ok, type Result } from '../../controller/model/result.js';

/**
 * Names the controller gives its own resources after `plumbline-`: the stack, the report and
 * template buckets, the alert topics, the CloudFormation execution role, the queue, the table. An
 * environment of one of these names would give its platform stack (`plumbline-<env>`), and the
 * permissions scoped to `plumbline-<env>-*`, a hold on the controller's own resources.
 */
export const RESERVED_ENVIRONMENT_NAMES = [
  'controller',
  'reports',
  'templates',
  'alerts',
  'cfn',
  'reconcile',
  'state',
] as const;

/** Why these environments cannot be managed by the controller; empty when they can. */
export function environmentIssues(environments: readonly DesiredState[]): string[] {
  const reserved: readonly string[] = RESERVED_ENVIRONMENT_NAMES;
  return environments
    .map((e) => e.environment.name)
    .filter((name) => reserved.includes(name))
    .map(
      (name) =>
        `environment "${name}" has a name the controller uses for its own resources (${RESERVED_ENVIRONMENT_NAMES.join(', ')}); rename it`,
    );
}

/**
 * Parses every manifest in `dir` (`<env>.yaml`, `environment.name` equal to the file name), sorted
 * by name. Any invalid manifest fails the whole set, with one line per problem.
 *
 * @example
 * const environments = loadEnvironments('desired-state/environments');
 */
export function loadEnvironments(dir: string): Result<DesiredState[], string> {
  const files = readdirSync(dir)
    .filter((f) => f.endsWith('.yaml'))
    .sort();
  const environments: DesiredState[] = [];
  const errors: string[] = [];
  for (const file of files) {
    const path = join(dir, file);
    const parsed = parseManifest(readFileSync(path, 'utf8'), path, {
      expectedEnvironment: basename(file, '.yaml'),
    });
    if (parsed.ok) environments.push(parsed.value);
    else errors.push(...parsed.errors.map(formatManifestIssue));
  }
  if (files.length === 0) errors.push(`no manifests (*.yaml) in ${dir}`);
  errors.push(...environmentIssues(environments));
  return errors.length > 0 ? err(errors) : ok(environments);
}
