import { z } from 'zod';

/** Where and how to reach PostgreSQL: a URL, or the discrete libpq-style fields. */
export type DatabaseConnection =
  | { readonly connectionString: string }
  | {
      readonly host: string;
      readonly port: number;
      readonly database?: string;
      readonly user?: string;
      readonly password?: string;
    };

/** Validated service configuration, read once at start by {@link loadConfig}. */
export interface Config {
  /** TCP port the HTTP server listens on. */
  readonly port: number;
  readonly database: {
    readonly connection: DatabaseConnection;
    /** Upper bound on pooled connections. */
    readonly poolMax: number;
    /** Server-side `statement_timeout` for every pooled connection, in milliseconds. */
    readonly statementTimeoutMs: number;
    /** How long to wait to open a connection or obtain one from a full pool, in milliseconds. */
    readonly connectionTimeoutMs: number;
  };
  /** Upper bound on the time `GET /health` takes when the database hangs, in milliseconds. */
  readonly healthTimeoutMs: number;
  /** Budget for draining requests and closing the pool after SIGTERM, in milliseconds. */
  readonly shutdownTimeoutMs: number;
  /** How often the worker sweeps for overdue tasks, in milliseconds. */
  readonly workerIntervalMs: number;
}

/** Thrown when an environment variable is missing or invalid; the message names the variable. */
export class ConfigError extends Error {
  constructor(
    readonly variable: string,
    detail: string,
  ) {
    super(`Invalid configuration: ${variable} ${detail}`);
    this.name = 'ConfigError';
  }
}

const integer = (min: number, max: number) => {
  const message = `must be an integer between ${min} and ${max}`;
  return z
    .string()
    .regex(/^\d+$/, message)
    .transform(Number)
    .pipe(z.number().int().min(min, message).max(max, message));
};

const optionalText = z.string().min(1).optional();

// Defaults sit below the 30 s ECS stop timeout and the 5 s ALB health-check timeout.
const schema = z.object({
  PORT: integer(0, 65_535).default(8080),
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\/\S+$/, 'must be a postgres:// or postgresql:// URL')
    .optional(),
  PGHOST: optionalText,
  PGPORT: integer(1, 65_535).default(5432),
  PGDATABASE: optionalText,
  PGUSER: optionalText,
  PGPASSWORD: optionalText,
  DB_POOL_MAX: integer(1, 1_000).default(10),
  DB_STATEMENT_TIMEOUT_MS: integer(1, 3_600_000).default(5_000),
  DB_CONNECTION_TIMEOUT_MS: integer(1, 600_000).default(2_000),
  HEALTH_TIMEOUT_MS: integer(1, 60_000).default(1_500),
  SHUTDOWN_TIMEOUT_MS: integer(1, 3_600_000).default(25_000),
  WORKER_INTERVAL_MS: integer(100, 86_400_000).default(60_000),
});

/**
 * Validates the environment and returns the service configuration.
 *
 * Empty strings count as unset, so `PORT=` in a task definition falls back to the default.
 *
 * @throws {ConfigError} naming the first offending variable.
 * @example
 * const config = loadConfig(process.env);
 */
export function loadConfig(env: NodeJS.ProcessEnv): Config {
  const present = Object.fromEntries(
    Object.entries(env).filter(([, value]) => value !== undefined && value !== ''),
  );
  const parsed = schema.safeParse(present);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new ConfigError(String(issue?.path[0] ?? 'environment'), issue?.message ?? 'is invalid');
  }
  const vars = parsed.data;
  return {
    port: vars.PORT,
    database: {
      connection: connectionFrom(vars),
      poolMax: vars.DB_POOL_MAX,
      statementTimeoutMs: vars.DB_STATEMENT_TIMEOUT_MS,
      connectionTimeoutMs: vars.DB_CONNECTION_TIMEOUT_MS,
    },
    healthTimeoutMs: vars.HEALTH_TIMEOUT_MS,
    shutdownTimeoutMs: vars.SHUTDOWN_TIMEOUT_MS,
    workerIntervalMs: vars.WORKER_INTERVAL_MS,
  };
}

function connectionFrom(vars: z.infer<typeof schema>): DatabaseConnection {
  if (vars.DATABASE_URL !== undefined) {
    return { connectionString: vars.DATABASE_URL };
  }
  if (vars.PGHOST === undefined) {
    throw new ConfigError(
      'DATABASE_URL',
      'is required (or set PGHOST and the other PG* variables)',
    );
  }
  return {
    host: vars.PGHOST,
    port: vars.PGPORT,
    ...(vars.PGDATABASE === undefined ? {} : { database: vars.PGDATABASE }),
    ...(vars.PGUSER === undefined ? {} : { user: vars.PGUSER }),
    ...(vars.PGPASSWORD === undefined ? {} : { password: vars.PGPASSWORD }),
  };
}
