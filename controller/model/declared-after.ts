import { parseDocument } from 'yaml';

/**
 * `rollout.after` of a manifest's text, read leniently: ordering environments must not fail on a
 * manifest that does not validate (loading it reports why).
 */
export function declaredAfter(text: string): string | undefined {
  try {
    const after: unknown = parseDocument(text).getIn(['rollout', 'after']);
    return typeof after === 'string' ? after : undefined;
  } catch {
    return undefined;
  }
}
