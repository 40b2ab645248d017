import { ConfigError, loadConfig } from '../src/config.js';

const URL = 'postgres://app:secret@db.internal:5432/tasks';

describe('loadConfig', () => {
  it('applies the documented defaults', () => {
    // Act
    const config = loadConfig({ DATABASE_URL: URL });

    // Assess
    expect(config).toEqual({
      port: 8080,
      database: {
        connection: { connectionString: URL },
        poolMax: 10,
        statementTimeoutMs: 5_000,
        connectionTimeoutMs: 2_000,
      },
      healthTimeoutMs: 1_500,
      shutdownTimeoutMs: 25_000,
      workerIntervalMs: 60_000,
    });
  });

  it('reads every setting from the environment', () => {
    // Prepare
    const env = {
      DATABASE_URL: URL,
      PORT: '3000',
      DB_POOL_MAX: '4',
      DB_STATEMENT_TIMEOUT_MS: '250',
      DB_CONNECTION_TIMEOUT_MS: '900',
      HEALTH_TIMEOUT_MS: '800',
      SHUTDOWN_TIMEOUT_MS: '9000',
      WORKER_INTERVAL_MS: '5000',
    };

    // Act
    const config = loadConfig(env);

    // Assess
    expect(config).toEqual({
      port: 3000,
      database: {
        connection: { connectionString: URL },
        poolMax: 4,
        statementTimeoutMs: 250,
        connectionTimeoutMs: 900,
      },
      healthTimeoutMs: 800,
      shutdownTimeoutMs: 9_000,
      workerIntervalMs: 5_000,
    });
  });

  it('builds the connection from the discrete PG variables when DATABASE_URL is unset', () => {
    // Act
    const config = loadConfig({ PGHOST: 'db', PGUSER: 'app', PGDATABASE: 'tasks', PGPASSWORD: '' });

    // Assess
    expect(config.database.connection).toEqual({
      host: 'db',
      port: 5432,
      user: 'app',
      database: 'tasks',
    });
  });

  it.each([
    [{ DATABASE_URL: URL, PORT: 'http' }, 'PORT', 'must be an integer between 0 and 65535'],
    [{ DATABASE_URL: URL, PORT: '70000' }, 'PORT', 'must be an integer between 0 and 65535'],
    [
      { DATABASE_URL: URL, DB_POOL_MAX: '0' },
      'DB_POOL_MAX',
      'must be an integer between 1 and 1000',
    ],
    [
      { DATABASE_URL: 'mysql://db/tasks' },
      'DATABASE_URL',
      'must be a postgres:// or postgresql:// URL',
    ],
    [{ PGHOST: 'db', PGPORT: 'five' }, 'PGPORT', 'must be an integer between 1 and 65535'],
    [{}, 'DATABASE_URL', 'is required (or set PGHOST and the other PG* variables)'],
  ])('rejects %j with a one-line message naming %s', (env, variable, detail) => {
    // Act
    const attempt = () => loadConfig(env);

    // Assess
    expect(attempt).toThrow(ConfigError);
    expect(attempt).toThrow(`Invalid configuration: ${variable} ${detail}`);
  });
});
