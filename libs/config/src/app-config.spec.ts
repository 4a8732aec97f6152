import { resolve } from 'node:path';
import { ConfigurationError, defaultSigningKeyFile, loadConfig } from './app-config';

describe('loadConfig', () => {
  it('defaults to the embedded profile: SQLite in ./data, memory read models', () => {
    const config = loadConfig({});
    expect(config).toMatchObject({
      profile: 'embedded',
      port: 3000,
      dataDir: resolve('./data'),
      eventStore: { kind: 'sqlite', filename: resolve('./data/events.sqlite') },
      readModels: { kind: 'memory' },
      readYourWritesTimeoutMs: 5000,
      projections: true,
      corsOrigins: [],
      rateLimitPerMinute: 1200,
      readyMaxLag: 1000,
    });
    expect(config.authJwtSecret).toBeUndefined();
  });

  it('selects the external profile when both server URLs are set', () => {
    const config = loadConfig({
      EVENTSTORE_CONNECTION_STRING: 'esdb://localhost:2113?tls=false',
      MONGODB_URI: 'mongodb://localhost:27017/partybuilding?replicaSet=rs0',
      AUTH_JWT_SECRET: 'x'.repeat(32),
      PROJECTIONS: 'off',
      PORT: '8080',
      RATE_LIMIT_PER_MINUTE: '0',
      READY_MAX_LAG: '50',
    });
    expect(config).toMatchObject({
      profile: 'external',
      port: 8080,
      eventStore: { kind: 'eventstoredb', connectionString: 'esdb://localhost:2113?tls=false' },
      readModels: { kind: 'mongodb', uri: 'mongodb://localhost:27017/partybuilding?replicaSet=rs0' },
      projections: false,
      rateLimitPerMinute: 0,
      readyMaxLag: 50,
    });
  });

  it('lists every problem at once', () => {
    let caught: unknown;
    try {
      loadConfig({
        PORT: 'eighty',
        READ_YOUR_WRITES_TIMEOUT_MS: '-1',
        PROJECTIONS: 'maybe',
        MONGODB_URI: 'postgres://nope',
        AUTH_JWT_SECRET: 'short',
        RATE_LIMIT_PER_MINUTE: '-5',
        READY_MAX_LAG: 'lots',
      });
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(ConfigurationError);
    const problems = (caught as ConfigurationError).problems.join('\n');
    for (const variable of [
      'PORT',
      'READ_YOUR_WRITES_TIMEOUT_MS',
      'PROJECTIONS',
      'MONGODB_URI',
      'AUTH_JWT_SECRET',
      'RATE_LIMIT_PER_MINUTE',
      'READY_MAX_LAG',
    ]) {
      expect(problems).toContain(variable);
    }
    expect(problems).toContain('set both or neither');
    expect((caught as ConfigurationError).problems.length).toBeGreaterThanOrEqual(8);
  });

  it('requires a JWT secret on the external profile and refuses PROJECTIONS=off on the embedded one', () => {
    expect(() => loadConfig({ EVENTSTORE_CONNECTION_STRING: 'esdb://h:2113', MONGODB_URI: 'mongodb://h/db' })).toThrow(
      /AUTH_JWT_SECRET is required/,
    );
    expect(() => loadConfig({ PROJECTIONS: 'off' })).toThrow(/PROJECTIONS=off needs the external profile/);
  });

  it('reads CORS_ORIGINS as a list of origins and refuses anything else', () => {
    expect(loadConfig({ CORS_ORIGINS: 'https://a.example,http://b.example:8080' }).corsOrigins).toEqual([
      'https://a.example',
      'http://b.example:8080',
    ]);
    for (const invalid of ['*', 'https://a.example/path', 'a.example', 'https://a.example, https://b.example']) {
      expect(() => loadConfig({ CORS_ORIGINS: invalid })).toThrow(/CORS_ORIGINS must be a comma-separated list/);
    }
  });

  it('keeps the audit signing key outside DATA_DIR: generated beside it by default, refused inside it when configured', () => {
    expect(loadConfig({}).auditSigningKey).toEqual({
      file: resolve('./data-keys/audit-signing-key.pem'),
      generate: true,
    });
    expect(loadConfig({ DATA_DIR: '/srv/party/data' }).auditSigningKey.file).toBe(
      '/srv/party/data-keys/audit-signing-key.pem',
    );
    expect(defaultSigningKeyFile('/srv/party/data')).toBe('/srv/party/data-keys/audit-signing-key.pem');
    expect(
      loadConfig({ DATA_DIR: '/srv/data', AUDIT_SIGNING_KEY_FILE: '/etc/party/audit.pem' }).auditSigningKey,
    ).toEqual({ file: '/etc/party/audit.pem', generate: false });
    for (const inside of ['/srv/data/audit.pem', '/srv/data/keys/audit.pem', '/srv/data/../data/k.pem'])
      expect(() => loadConfig({ DATA_DIR: '/srv/data', AUDIT_SIGNING_KEY_FILE: inside })).toThrow(
        /AUDIT_SIGNING_KEY_FILE must lie outside DATA_DIR/,
      );
  });

  it('reads AUDIT_SEAL_INTERVAL as seconds or an ISO-8601 duration, off by default, and refuses anything else', () => {
    expect(loadConfig({}).auditSealIntervalSeconds).toBe(0);
    expect(loadConfig({ AUDIT_SEAL_INTERVAL: '3600' }).auditSealIntervalSeconds).toBe(3600);
    expect(loadConfig({ AUDIT_SEAL_INTERVAL: 'PT1H' }).auditSealIntervalSeconds).toBe(3600);
    expect(loadConfig({ AUDIT_SEAL_INTERVAL: 'P1DT2H30M5S' }).auditSealIntervalSeconds).toBe(95_405);
    for (const invalid of ['P', 'PT', '1h', 'P1M', '-5', 'PT1.5S', 'every hour'])
      expect(() => loadConfig({ AUDIT_SEAL_INTERVAL: invalid })).toThrow(/AUDIT_SEAL_INTERVAL must be/);
  });
});
