import { DEDUP_KEY_MAX } from '../../model/alert.js';

/**
 * The alert identity of one finding: `plumbline/<env>/<kind>/<name>/<path>`, stable across scans so
 * the same drift deduplicates. Keys over PagerDuty's 255 characters keep their start and end a
 * hash of the whole, so two long keys never collide by truncation.
 *
 * @example
 * dedupKey('prod', 'ecs-service', 'prod-api', 'services.api.image');
 * // 'plumbline/prod/ecs-service/prod-api/services.api.image'
 */
export function dedupKey(env: string, kind: string, name: string, path: string): string {
  const key = `plumbline/${env}/${kind}/${name}/${path}`;
  if (key.length <= DEDUP_KEY_MAX) return key;
  const hash = fnv1a(key);
  return `${key.slice(0, DEDUP_KEY_MAX - hash.length - 1)}~${hash}`;
}

/** FNV-1a, 32 bits, as 8 hex digits: a stable fingerprint, not a security measure. */
function fnv1a(text: string): string {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash.toString(16).padStart(8, '0');
}
