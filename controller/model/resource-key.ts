/** Kinds of resource Plumbline declares and observes. */
export const RESOURCE_KINDS = [
  'ecs-service',
  'rds-instance',
  'load-balancer',
  'listener',
  'target-group',
] as const;
export type ResourceKind = (typeof RESOURCE_KINDS)[number];

/**
 * The identity of one managed resource: environment, kind and physical name.
 * This module is the only place where a key becomes a string.
 */
export interface ResourceKey {
  readonly env: string;
  readonly kind: ResourceKind;
  readonly name: string;
}

/** `dev/ecs-service/dev-api`. */
export function formatKey(key: ResourceKey): string {
  return `${key.env}/${key.kind}/${key.name}`;
}

/** Inverse of {@link formatKey}; `undefined` when the text is not a key. */
export function parseKey(text: string): ResourceKey | undefined {
  const [env, kind, ...rest] = text.split('/');
  const name = rest.join('/');
  if (!env || !name || !RESOURCE_KINDS.includes(kind as ResourceKind)) return undefined;
  return { env, kind: kind as ResourceKind, name };
}
