/**
 * Manifest paths: where in a manifest a resource or field is declared, with list items named by
 * their name (`['services', 'api', 'desiredCount']`, `['loadBalancer', 'listeners', '443']`).
 * Inside the controller a path is always this tuple; it becomes dotted text only at the edges (reports,
 * messages, template metadata), through {@link formatPath}, and comes back through {@link parsePath}.
 */
export type ManifestPath = readonly string[];

/** Renders a manifest path for people, reports and template metadata: `services.api.desiredCount`. */
export function formatPath(path: ManifestPath): string {
  return path.join('.');
}

/** Inverse of {@link formatPath}. */
export function parsePath(text: string): ManifestPath {
  return text === '' ? [] : text.split('.');
}

/**
 * The template metadata key that names the manifest path a resource was built from
 * (`database`, `services.api`, `loadBalancer.targetGroups.api`). Written by the platform stack,
 * read back by the rollout guard to know what a change-set entry would replace.
 */
export const MANIFEST_PATH_METADATA_KEY = 'plumbline:path';

/**
 * The manifest path of every resource of a CloudFormation template that carries one in its
 * metadata, by logical id. Accepts the template as parsed JSON; ignores anything malformed.
 *
 * @example
 * manifestPathsOf({ Resources: { Db: { Metadata: { 'plumbline:path': 'database' } } } });
 * // { Db: ['database'] }
 */
export function manifestPathsOf(template: unknown): Record<string, ManifestPath> {
  const resources = (template as { Resources?: unknown } | null)?.Resources;
  const paths: Record<string, ManifestPath> = {};
  if (typeof resources !== 'object' || resources === null) return paths;
  for (const [id, resource] of Object.entries(resources)) {
    const path = (resource as { Metadata?: Record<string, unknown> } | null)?.Metadata?.[
      MANIFEST_PATH_METADATA_KEY
    ];
    if (typeof path === 'string') paths[id] = parsePath(path);
  }
  return paths;
}
