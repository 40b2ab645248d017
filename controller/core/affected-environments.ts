/** The environments a set of changed files calls for rolling out, each with why. */
export interface AffectedEnvironments {
  /** In the order of the environments given (promotion order, when they are given so). */
  readonly environments: string[];
  /** Why each affected environment is affected, e.g. `desired-state/environments/dev.yaml changed`. */
  readonly reasons: Record<string, string>;
}

/** Folders every environment is built from: the CDK stacks and the service's image. */
const SHARED_FOLDERS = ['stacks/', 'service/'] as const;

/**
 * Which environments a change affects. `<manifestDir>/environments/<env>.yaml` affects `env` when
 * it is one of `environments` (a new environment's manifest too, once listed); a file under
 * `stacks/` or `service/` affects every environment. Anything else affects none, including the
 * rest of the manifest directory (its JSON schema, README and examples are not deployed) and
 * files in deeper folders under `environments/`, which no manifest source reads.
 *
 * @example
 * affectedEnvironments(['desired-state/environments/dev.yaml'], ['dev', 'staging'], {
 *   manifestDir: 'desired-state',
 * }); // { environments: ['dev'], reasons: { dev: 'desired-state/environments/dev.yaml changed' } }
 */
export function affectedEnvironments(
  changedFiles: readonly string[],
  environments: readonly string[],
  options: { readonly manifestDir: string },
): AffectedEnvironments {
  const manifests = `${normalizeDir(options.manifestDir)}environments/`;
  const listed = new Set(environments);
  const own = new Map<string, Set<string>>();
  const shared: string[] = [];
  for (const file of changedFiles) {
    const folder = SHARED_FOLDERS.find((f) => file.startsWith(f));
    if (folder !== undefined) {
      const reason = `${folder} changed`;
      if (!shared.includes(reason)) shared.push(reason);
      continue;
    }
    const env = manifestEnv(file, manifests);
    if (env !== undefined && listed.has(env)) own.set(env, (own.get(env) ?? new Set()).add(file));
  }
  const affected = environments.filter((env) => shared.length > 0 || own.has(env));
  const reasons: Record<string, string> = {};
  for (const env of affected) {
    const files = [...(own.get(env) ?? [])].map((file) => `${file} changed`);
    reasons[env] = [...files, ...shared].join('; ');
  }
  return { environments: [...new Set(affected)], reasons };
}

/** `env` for `<manifests><env>.yaml` directly in the folder, else `undefined`. */
function manifestEnv(file: string, manifests: string): string | undefined {
  if (!file.startsWith(manifests) || !file.endsWith('.yaml')) return undefined;
  const name = file.slice(manifests.length, -'.yaml'.length);
  return name === '' || name.includes('/') ? undefined : name;
}

/** `desired-state` and `./desired-state/` as `desired-state/`; the repository root as ``. */
function normalizeDir(dir: string): string {
  const trimmed = dir.replace(/^(\.\/)+/, '').replace(/\/+$/, '');
  return trimmed === '' || trimmed === '.' ? '' : `${trimmed}/`;
}
