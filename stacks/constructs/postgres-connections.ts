/**
 * RDS for PostgreSQL's default `max_connections`: `LEAST(DBInstanceClassMemory / 9531392, 5000)`.
 *
 * Memory comes from the class name: burstable classes (`db.t3`, `db.t4g`) by size, the others by
 * vCPU count times GiB per vCPU of their family (`m` 4, `r` 8, `x` 16). The instance's usable
 * memory is a little below the nominal size, so the result slightly overestimates; an unknown
 * class yields {@link FALLBACK_MAX_CONNECTIONS}.
 */
export function postgresMaxConnections(instanceClass: string): number {
  const gib = instanceMemoryGiB(instanceClass);
  if (gib === undefined) return FALLBACK_MAX_CONNECTIONS;
  return Math.min(Math.floor((gib * 1024 ** 3) / 9_531_392), 5000);
}

/** What {@link postgresMaxConnections} assumes for a class it cannot size (a db.t3.micro's value). */
export const FALLBACK_MAX_CONNECTIONS = 112;

const BURSTABLE_GIB: Readonly<Record<string, number>> = {
  micro: 1,
  small: 2,
  medium: 4,
  large: 8,
  xlarge: 16,
  '2xlarge': 32,
};

const GIB_PER_VCPU: Readonly<Record<string, number>> = { m: 4, r: 8, x: 16 };

/** Nominal memory of an instance class in GiB, or undefined when the name is not understood. */
export function instanceMemoryGiB(instanceClass: string): number | undefined {
  const match = /^db\.([a-z])[a-z0-9]*\.([a-z0-9]+)$/.exec(instanceClass);
  if (!match) return undefined;
  const [, family = '', size = ''] = match;
  if (family === 't') return BURSTABLE_GIB[size];
  const perVcpu = GIB_PER_VCPU[family];
  const vcpus = size === 'large' ? 2 : /^(\d*)xlarge$/.exec(size)?.[1];
  if (perVcpu === undefined || vcpus === undefined) return undefined;
  return perVcpu * (typeof vcpus === 'number' ? vcpus : 4 * Number(vcpus || 1));
}
