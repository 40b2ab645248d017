/**
 * The DB engines the RDS emulation accepts, with their default versions, ports, license models,
 * default parameter and option groups, and storage bounds per storage type (from the
 * `CreateDBInstance` API reference).
 */
import { invalidCombination, invalidValue } from './common.js';

/** Storage bounds in GiB by storage type. */
type StorageBounds = Readonly<Record<string, readonly [number, number]>>;

interface EngineRule {
  /** Full version used when a request names none, or only a major version, by major version. */
  readonly versions: Readonly<Record<string, string>>;
  readonly defaultMajor: string;
  /** The major version of a full version (`16.4` → `16`, `8.0.40` → `8.0`). */
  readonly majorOf: (version: string) => string | undefined;
  readonly port: number;
  readonly licenseModel: string;
  readonly parameterGroupFamily: (major: string) => string;
  readonly optionGroup: (major: string) => string;
  readonly storage: StorageBounds;
}

const OPEN_SOURCE_STORAGE: StorageBounds = {
  gp2: [20, 65536],
  gp3: [20, 65536],
  io1: [100, 65536],
  io2: [100, 65536],
  standard: [5, 3072],
};

const ORACLE_STORAGE: StorageBounds = { ...OPEN_SOURCE_STORAGE, standard: [10, 3072] };

const SQLSERVER_STORAGE: StorageBounds = {
  gp2: [20, 16384],
  gp3: [20, 16384],
  io1: [100, 16384],
  io2: [100, 16384],
  standard: [20, 1024],
};

const twoPart = (version: string) => /^(\d+\.\d+)\.\d+/.exec(version)?.[1];

const POSTGRES: EngineRule = {
  versions: {
    '17': '17.4',
    '16': '16.8',
    '15': '15.12',
    '14': '14.17',
    '13': '13.20',
    '12': '12.22',
    '11': '11.22',
  },
  defaultMajor: '17',
  majorOf: (v) => /^(\d+)\.\d+/.exec(v)?.[1],
  port: 5432,
  licenseModel: 'postgresql-license',
  parameterGroupFamily: (major) => `default.postgres${major}`,
  optionGroup: (major) => `default:postgres-${major}`,
  storage: OPEN_SOURCE_STORAGE,
};

const MYSQL: EngineRule = {
  versions: { '8.4': '8.4.4', '8.0': '8.0.41', '5.7': '5.7.44' },
  defaultMajor: '8.0',
  majorOf: twoPart,
  port: 3306,
  licenseModel: 'general-public-license',
  parameterGroupFamily: (major) => `default.mysql${major}`,
  optionGroup: (major) => `default:mysql-${major.replace('.', '-')}`,
  storage: OPEN_SOURCE_STORAGE,
};

const MARIADB: EngineRule = {
  versions: { '11.4': '11.4.5', '10.11': '10.11.11', '10.6': '10.6.21', '10.5': '10.5.28' },
  defaultMajor: '10.11',
  majorOf: twoPart,
  port: 3306,
  licenseModel: 'general-public-license',
  parameterGroupFamily: (major) => `default.mariadb${major}`,
  optionGroup: (major) => `default:mariadb-${major.replace('.', '-')}`,
  storage: OPEN_SOURCE_STORAGE,
};

function oracle(edition: string, licenseModel: string): EngineRule {
  return {
    versions: {
      '19': '19.0.0.0.ru-2025-01.rur-2025-01.r1',
      '21': '21.0.0.0.ru-2025-01.rur-2025-01.r1',
    },
    defaultMajor: '19',
    majorOf: (v) => /^(\d+)\.0\.0\.0/.exec(v)?.[1],
    port: 1521,
    licenseModel,
    parameterGroupFamily: (major) => `default.oracle-${edition}-${major}`,
    optionGroup: (major) => `default:oracle-${edition}-${major}`,
    storage: ORACLE_STORAGE,
  };
}

function sqlServer(edition: string): EngineRule {
  return {
    versions: { '16.00': '16.00.4175.1.v1', '15.00': '15.00.4415.2.v1' },
    defaultMajor: '16.00',
    majorOf: (v) => /^(\d+\.00)\./.exec(v)?.[1],
    port: 1433,
    licenseModel: 'license-included',
    parameterGroupFamily: (major) => `default.sqlserver-${edition}-${major.replace('.00', '.0')}`,
    optionGroup: (major) => `default:sqlserver-${edition}-${major.replace('.', '-')}`,
    storage: SQLSERVER_STORAGE,
  };
}

const ENGINES: Readonly<Record<string, EngineRule>> = {
  postgres: POSTGRES,
  mysql: MYSQL,
  mariadb: MARIADB,
  'oracle-ee': oracle('ee', 'bring-your-own-license'),
  'oracle-se2': oracle('se2', 'license-included'),
  'sqlserver-ee': sqlServer('ee'),
  'sqlserver-se': sqlServer('se'),
  'sqlserver-ex': sqlServer('ex'),
  'sqlserver-web': sqlServer('web'),
};

/** What an instance takes from its engine and version. */
export interface EngineDefaults {
  readonly engine: string;
  readonly version: string;
  readonly major: string;
  readonly port: number;
  readonly licenseModel: string;
  readonly parameterGroup: string;
  readonly optionGroup: string;
}

function rule(engine: string): EngineRule {
  const found = ENGINES[engine];
  if (!found) {
    if (engine.startsWith('aurora')) {
      throw invalidCombination(
        `DB instances of engine ${engine} must be created in a DB cluster; specify DBClusterIdentifier.`,
      );
    }
    throw invalidValue(`Invalid DB engine: ${engine}`);
  }
  return found;
}

/** Resolves an engine and a requested version (full, major-only or absent) to its defaults. */
export function resolveEngine(engine: string, requested: string | undefined): EngineDefaults {
  const r = rule(engine);
  let version: string | undefined;
  if (requested === undefined || requested === '') {
    version = r.versions[r.defaultMajor];
  } else if (r.versions[requested]) {
    version = r.versions[requested];
  } else if (r.majorOf(requested) !== undefined && r.versions[r.majorOf(requested) ?? '']) {
    version = requested;
  }
  const major = version === undefined ? undefined : r.majorOf(version);
  if (version === undefined || major === undefined) {
    throw invalidCombination(`Cannot find version ${requested} for ${engine}`);
  }
  return {
    engine,
    version,
    major,
    port: r.port,
    licenseModel: r.licenseModel,
    parameterGroup: r.parameterGroupFamily(major),
    optionGroup: r.optionGroup(major),
  };
}

/** Checks a storage size against the engine's bounds for the storage type. */
export function checkStorage(
  engine: string,
  storageType: string,
  allocated: number | undefined,
): number {
  const bounds = rule(engine).storage[storageType];
  if (!bounds) {
    throw invalidValue(`Invalid storage type: ${storageType}`);
  }
  const [min, max] = bounds;
  if (allocated === undefined || allocated < min || allocated > max) {
    throw invalidCombination(
      `Invalid storage size for engine name ${engine} and storage type ${storageType}: ${allocated ?? 0}`,
    );
  }
  return allocated;
}

/** Checks an instance class has the `db.<family>.<size>` form. */
export function checkInstanceClass(instanceClass: string): string {
  if (!/^db\.[a-z0-9-]+\.[a-z0-9]+$/.test(instanceClass)) {
    throw invalidValue(`Invalid DB Instance class: ${instanceClass}`);
  }
  return instanceClass;
}

/** Compares two versions of the same engine numerically, part by part. */
export function compareVersions(a: string, b: string): number {
  const pa = a.split(/[.-]/);
  const pb = b.split(/[.-]/);
  for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
    const x = pa[i] ?? '';
    const y = pb[i] ?? '';
    const nx = Number(x);
    const ny = Number(y);
    const diff = Number.isNaN(nx) || Number.isNaN(ny) ? x.localeCompare(y) : nx - ny;
    if (diff !== 0) {
      return diff;
    }
  }
  return 0;
}
