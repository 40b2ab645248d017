/** Closed vocabularies of the manifest: the allowed values that validation messages list. */

/** The manifest format version this code reads. */
export const MANIFEST_VERSION = 1;

/** Priorities, most urgent first. */
export const PRIORITIES = ['P0', 'P1', 'P2', 'P3'] as const;

/** Fargate task CPU units and the memory sizes (MiB) each one allows. */
export const FARGATE_MEMORY_BY_CPU: Readonly<Record<number, readonly number[]>> = {
  256: [512, 1024, 2048],
  512: range(1024, 4096, 1024),
  1024: range(2048, 8192, 1024),
  2048: range(4096, 16384, 1024),
  4096: range(8192, 30720, 1024),
  8192: range(16384, 61440, 4096),
  16384: range(32768, 122880, 8192),
};

/** RDS engines Plumbline manages. */
export const DATABASE_ENGINES = ['postgres'] as const;
/** RDS storage types. */
export const STORAGE_TYPES = ['gp2', 'gp3', 'io1', 'io2'] as const;
/** Load balancer schemes. */
export const LB_SCHEMES = ['internet-facing', 'internal'] as const;
/** Listener protocols of an Application Load Balancer. */
export const LISTENER_PROTOCOLS = ['HTTP', 'HTTPS'] as const;

function range(from: number, to: number, step: number): number[] {
  const out: number[] = [];
  for (let v = from; v <= to; v += step) out.push(v);
  return out;
}
