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

/** Status codes of a listener's redirect: permanent (301) or temporary (302). */
export const REDIRECT_STATUS_CODES = ['HTTP_301', 'HTTP_302'] as const;

/**
 * The oldest TLS version (1.0 = 10 .. 1.3 = 13) each Application Load Balancer security policy
 * accepts, from the ELB documentation's policy table. The drift check ranks a live policy against
 * the declared one by it; a policy missing here ranks as unknown.
 */
export const SSL_POLICY_MIN_TLS: Readonly<Record<string, 10 | 11 | 12 | 13>> = {
  'ELBSecurityPolicy-TLS13-1-3-2021-06': 13,
  'ELBSecurityPolicy-TLS13-1-3-PQ-2025-09': 13,
  'ELBSecurityPolicy-TLS13-1-3-FIPS-2023-04': 13,
  'ELBSecurityPolicy-TLS13-1-3-FIPS-PQ-2025-09': 13,
  'ELBSecurityPolicy-TLS13-1-2-2021-06': 12,
  'ELBSecurityPolicy-TLS13-1-2-PQ-2025-09': 12,
  'ELBSecurityPolicy-TLS13-1-2-Res-2021-06': 12,
  'ELBSecurityPolicy-TLS13-1-2-Res-PQ-2025-09': 12,
  'ELBSecurityPolicy-TLS13-1-2-Ext1-2021-06': 12,
  'ELBSecurityPolicy-TLS13-1-2-Ext1-PQ-2025-09': 12,
  'ELBSecurityPolicy-TLS13-1-2-Ext2-2021-06': 12,
  'ELBSecurityPolicy-TLS13-1-2-Ext2-PQ-2025-09': 12,
  'ELBSecurityPolicy-TLS13-1-2-FIPS-2023-04': 12,
  'ELBSecurityPolicy-TLS13-1-2-Res-FIPS-2023-04': 12,
  'ELBSecurityPolicy-TLS13-1-2-Ext0-FIPS-2023-04': 12,
  'ELBSecurityPolicy-TLS13-1-2-Ext1-FIPS-2023-04': 12,
  'ELBSecurityPolicy-TLS13-1-2-Ext2-FIPS-2023-04': 12,
  'ELBSecurityPolicy-TLS13-1-2-FIPS-PQ-2025-09': 12,
  'ELBSecurityPolicy-TLS13-1-2-Res-FIPS-PQ-2025-09': 12,
  'ELBSecurityPolicy-TLS13-1-2-Ext0-FIPS-PQ-2025-09': 12,
  'ELBSecurityPolicy-TLS13-1-2-Ext1-FIPS-PQ-2025-09': 12,
  'ELBSecurityPolicy-TLS13-1-2-Ext2-FIPS-PQ-2025-09': 12,
  'ELBSecurityPolicy-FS-1-2-Res-2020-10': 12,
  'ELBSecurityPolicy-FS-1-2-Res-2019-08': 12,
  'ELBSecurityPolicy-FS-1-2-2019-08': 12,
  'ELBSecurityPolicy-TLS-1-2-2017-01': 12,
  'ELBSecurityPolicy-TLS-1-2-Ext-2018-06': 12,
  'ELBSecurityPolicy-TLS13-1-1-2021-06': 11,
  'ELBSecurityPolicy-TLS13-1-1-FIPS-2023-04': 11,
  'ELBSecurityPolicy-FS-1-1-2019-08': 11,
  'ELBSecurityPolicy-TLS-1-1-2017-01': 11,
  'ELBSecurityPolicy-TLS13-1-0-2021-06': 10,
  'ELBSecurityPolicy-TLS13-1-0-PQ-2025-09': 10,
  'ELBSecurityPolicy-TLS13-1-0-FIPS-2023-04': 10,
  'ELBSecurityPolicy-TLS13-1-0-FIPS-PQ-2025-09': 10,
  'ELBSecurityPolicy-FS-2018-06': 10,
  'ELBSecurityPolicy-TLS-1-0-2015-04': 10,
  'ELBSecurityPolicy-2016-08': 10,
  'ELBSecurityPolicy-2015-05': 10,
};

/** The security policies a manifest may declare on an HTTPS listener: TLS 1.2 or later only. */
export const SSL_POLICIES = Object.keys(SSL_POLICY_MIN_TLS).filter(
  (policy) => (SSL_POLICY_MIN_TLS[policy] ?? 0) >= 12,
) as [string, ...string[]];

/**
 * The policy of an HTTPS listener that declares none: TLS 1.3 and 1.2 only. CloudFormation's own
 * default, `ELBSecurityPolicy-2016-08`, still accepts TLS 1.0.
 */
export const DEFAULT_SSL_POLICY = 'ELBSecurityPolicy-TLS13-1-2-2021-06';
