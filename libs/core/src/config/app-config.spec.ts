import { generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { MAX_WINDOW_MS } from '../tenancy/business-settings.input';
import { ConfigError, loadConfig, MIN_ENGAGEMENT_RETENTION_DAYS } from './app-config';

const SID = `AC${'0123456789abcdef'.repeat(2)}`;
const SECRET = 'a-production-tracking-secret-of-32c';

/** Runs loadConfig and returns the ConfigError it throws (fails the test when it does not throw one). */
function configErrorFor(env: NodeJS.ProcessEnv): ConfigError {
  try {
    loadConfig(env);
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return error as ConfigError;
  }
  throw new Error(`loadConfig accepted ${JSON.stringify(env)}`);
}

describe('loadConfig', () => {
  it('has working defaults for an empty development environment', () => {
    const config = loadConfig({});
    expect(config).toMatchObject({
      nodeEnv: 'development',
      port: 3000,
      publicBaseUrl: 'http://localhost:3000',
      databaseUrl: undefined,
      smtpUrl: undefined,
      twilio: { accountSid: undefined, authToken: undefined, apiBaseUrl: undefined },
      googleMaps: { apiKey: undefined, baseUrl: undefined },
      logLevel: 'info',
    });
    expect(config.trackingSecret.length).toBeGreaterThanOrEqual(16);
    expect(config.databasePoolSize).toBeGreaterThanOrEqual(1);
    expect(config.maxJsonBodyBytes).toBeGreaterThanOrEqual(1024);
    expect(config.dataDir).toBe(resolve('.data'));
    expect(config.triggerMaxEventAge).toBe('P1D');
    expect(loadConfig({ TRIGGER_MAX_EVENT_AGE: 'PT6H' }).triggerMaxEventAge).toBe('PT6H');
    expect(config.senderConfirmationHours).toBe(48);
  });

  it('is silent by default in tests', () => {
    expect(loadConfig({ NODE_ENV: 'test' }).logLevel).toBe('silent');
  });

  it('does not read process.env when given an environment', () => {
    const saved = process.env.PORT;
    process.env.PORT = 'not-a-port';
    try {
      expect(loadConfig({}).port).toBe(3000);
    } finally {
      if (saved === undefined) delete process.env.PORT;
      else process.env.PORT = saved;
    }
  });

  it('reads the documented variables', () => {
    const config = loadConfig({
      NODE_ENV: 'production', PORT: '8080', PUBLIC_BASE_URL: 'https://reach.example.com/', DATABASE_URL: 'postgres://u:p@db:5432/reach',
      SMTP_URL: 'smtp://user:pass@mail:2525', TWILIO_ACCOUNT_SID: SID, TWILIO_AUTH_TOKEN: 'token', TWILIO_API_BASE_URL: 'http://127.0.0.1:4010',
      GOOGLE_MAPS_API_KEY: 'maps-key', GOOGLE_MAPS_BASE_URL: 'http://127.0.0.1:4020', TRACKING_SECRET: SECRET, LOG_LEVEL: 'warn', MAX_JSON_BODY_BYTES: '10000',
      SENDER_CONFIRMATION_HOURS: '72',
    });
    expect(config).toMatchObject({
      nodeEnv: 'production', port: 8080, publicBaseUrl: 'https://reach.example.com', databaseUrl: 'postgres://u:p@db:5432/reach', smtpUrl: 'smtp://user:pass@mail:2525',
      twilio: { accountSid: SID, authToken: 'token', apiBaseUrl: 'http://127.0.0.1:4010' }, googleMaps: { apiKey: 'maps-key', baseUrl: 'http://127.0.0.1:4020' },
      trackingSecret: SECRET, logLevel: 'warn', maxJsonBodyBytes: 10000, senderConfirmationHours: 72,
    });
  });

  it('map tiles are off unless MAP_TILE_URL names a template with {z}, {x} and {y}', () => {
    expect(loadConfig({}).mapTileUrl).toBeUndefined();
    expect(loadConfig({ MAP_TILE_URL: 'https://tile.openstreetmap.org/{z}/{x}/{y}.png' }).mapTileUrl).toBe('https://tile.openstreetmap.org/{z}/{x}/{y}.png');
    for (const bad of ['https://tiles.example.com/{z}/{x}.png', 'ftp://tiles.example.com/{z}/{x}/{y}.png', 'not a url {z}{x}{y}']) {
      expect(() => loadConfig({ MAP_TILE_URL: bad })).toThrow(/MAP_TILE_URL/);
    }
  });

  it('finds the admin UI under dist/admin unless ADMIN_DIR says otherwise', () => {
    expect(loadConfig({}).adminDir).toBe(resolve('dist/admin'));
    expect(loadConfig({ ADMIN_DIR: '/srv/admin' }).adminDir).toBe('/srv/admin');
  });

  it('keeps engagement 13 months and pings 30 days unless told otherwise', () => {
    expect(loadConfig({}).retention).toEqual({ engagementDays: 395, locationPingDays: 30 });
    expect(loadConfig({ ENGAGEMENT_RETENTION_DAYS: '91', LOCATION_PING_RETENTION_DAYS: '7' }).retention).toEqual({ engagementDays: 91, locationPingDays: 7 });
  });

  it('keeps engagement raw for longer than the longest attribution window (attribution reads raw clicks and opens)', () => {
    expect(MIN_ENGAGEMENT_RETENTION_DAYS * 86_400_000).toBeGreaterThan(MAX_WINDOW_MS);
  });

  it('derives the public URL from the port', () => {
    expect(loadConfig({ PORT: '4000' }).publicBaseUrl).toBe('http://localhost:4000');
  });

  it('accepts postgresql:// as well as postgres://', () => {
    expect(loadConfig({ DATABASE_URL: 'postgresql://localhost/reach' }).databaseUrl).toBe('postgresql://localhost/reach');
  });

  it('migrates through DATABASE_MIGRATION_URL when set, else through DATABASE_URL', () => {
    expect(loadConfig({ DATABASE_URL: 'postgres://bouncer:6432/reach' }).databaseMigrationUrl).toBe('postgres://bouncer:6432/reach');
    expect(loadConfig({ DATABASE_URL: 'postgres://bouncer:6432/reach', DATABASE_MIGRATION_URL: 'postgres://db:5432/reach' }).databaseMigrationUrl).toBe('postgres://db:5432/reach');
    expect(() => loadConfig({ DATABASE_MIGRATION_URL: 'mysql://db/reach' })).toThrow(/DATABASE_MIGRATION_URL/);
  });

  it('DATABASE_TRANSACTION_POOLING: off by default; on, the statement limit defaults to 0 and a non-zero one is refused (the pooler refuses it)', () => {
    expect(loadConfig({})).toMatchObject({ databaseTransactionPooling: false, databaseStatementTimeoutMs: 30_000 });
    expect(loadConfig({ DATABASE_TRANSACTION_POOLING: 'true' })).toMatchObject({ databaseTransactionPooling: true, databaseStatementTimeoutMs: 0 });
    expect(loadConfig({ DATABASE_TRANSACTION_POOLING: '1', DATABASE_STATEMENT_TIMEOUT_MS: '0' }).databaseStatementTimeoutMs).toBe(0);
    expect(() => loadConfig({ DATABASE_TRANSACTION_POOLING: '1', DATABASE_STATEMENT_TIMEOUT_MS: '5000' })).toThrow(/DATABASE_STATEMENT_TIMEOUT_MS must be 0 with DATABASE_TRANSACTION_POOLING/);
    expect(() => loadConfig({ DATABASE_TRANSACTION_POOLING: 'yes' })).toThrow(/DATABASE_TRANSACTION_POOLING/);
  });

  it('calendar jobs: today\'s cadence by default, WORKER_CRON_<NAME> (5 or 6 fields, spaces tidied) otherwise', () => {
    expect(loadConfig({}).workerCron).toEqual({
      'aged-segments': '*/5 * * * * *', 'message-spend': '0 * * * * *', 'experiment-winners': '20 * * * * *', geocoding: '40 * * * * *',
      'engagement-retention': '0 20 3 * * *', 'location-ping-retention': '0 40 * * * *', 'audit-retention': '0 17 3 * * *',
    });
    expect(loadConfig({ WORKER_CRON_GEOCODING: ' 0  */10 * * *', WORKER_CRON_MESSAGE_SPEND: '30 * * * * MON-FRI' }).workerCron)
      .toMatchObject({ geocoding: '0 */10 * * *', 'message-spend': '30 * * * * MON-FRI', 'aged-segments': '*/5 * * * * *' });
  });

  it('treats an empty variable as unset', () => {
    expect(loadConfig({ PORT: '', DATABASE_URL: '', TWILIO_ACCOUNT_SID: '', TWILIO_AUTH_TOKEN: '' })).toMatchObject({ port: 3000, databaseUrl: undefined });
  });

  it.each([
    ['PORT', { PORT: 'abc' }],
    ['PORT', { PORT: '70000' }],
    ['PORT', { PORT: '-1' }],
    ['PORT', { PORT: '3000.5' }],
    ['PORT', { PORT: ' 3000' }],
    ['DATABASE_URL', { DATABASE_URL: 'not a url' }],
    ['DATABASE_URL', { DATABASE_URL: 'mysql://localhost/reach' }],
    ['DATABASE_URL', { DATABASE_URL: 'http://localhost:5432/reach' }],
    ['PUBLIC_BASE_URL', { PUBLIC_BASE_URL: 'ftp://example.com' }],
    ['SMTP_URL', { SMTP_URL: 'http://mail:25' }],
    ['TWILIO_AUTH_TOKEN', { TWILIO_ACCOUNT_SID: SID }],
    ['TWILIO_ACCOUNT_SID', { TWILIO_AUTH_TOKEN: 'token' }],
    ['TWILIO_ACCOUNT_SID', { TWILIO_ACCOUNT_SID: 'AC123', TWILIO_AUTH_TOKEN: 'token' }],
    ['TWILIO_API_BASE_URL', { TWILIO_API_BASE_URL: 'twilio.local' }],
    ['LOG_LEVEL', { LOG_LEVEL: 'verbose' }],
    ['LOG_LEVEL', { LOG_LEVEL: 'INFO' }],
    ['NODE_ENV', { NODE_ENV: 'staging' }],
    ['MAX_JSON_BODY_BYTES', { MAX_JSON_BODY_BYTES: '10' }],
    ['DATABASE_POOL_SIZE', { DATABASE_POOL_SIZE: '0' }],
    ['TRIGGER_MAX_EVENT_AGE', { TRIGGER_MAX_EVENT_AGE: 'a day' }],
    ['TRIGGER_MAX_EVENT_AGE', { TRIGGER_MAX_EVENT_AGE: 'P2Y' }],
    ['TRIGGER_MAX_EVENT_AGE', { TRIGGER_MAX_EVENT_AGE: 'PT0S' }],
    ['TRIGGER_MAX_EVENT_AGE', { TRIGGER_MAX_EVENT_AGE: 'P-1D' }],
    ['TRIGGER_MAX_EVENT_AGE', { TRIGGER_MAX_EVENT_AGE: 'PT1.5H' }],
    ['SENDER_CONFIRMATION_HOURS', { SENDER_CONFIRMATION_HOURS: '0' }],
    ['SENDER_CONFIRMATION_HOURS', { SENDER_CONFIRMATION_HOURS: '721' }],
    ['ENGAGEMENT_RETENTION_DAYS', { ENGAGEMENT_RETENTION_DAYS: '90' }],
    ['ENGAGEMENT_RETENTION_DAYS', { ENGAGEMENT_RETENTION_DAYS: 'P1Y' }],
    ['LOCATION_PING_RETENTION_DAYS', { LOCATION_PING_RETENTION_DAYS: '0' }],
    ['WORKER_CRON_MESSAGE_SPEND', { WORKER_CRON_MESSAGE_SPEND: 'every minute' }],
    ['WORKER_CRON_GEOCODING', { WORKER_CRON_GEOCODING: '* * * *' }],
    ['WORKER_CRON_AGED_SEGMENTS', { WORKER_CRON_AGED_SEGMENTS: '0 0 * * * * *' }],
    ['WORKER_CRON_EXPERIMENT_WINNERS', { WORKER_CRON_EXPERIMENT_WINNERS: '0 * * * $(reboot)' }],
  ])('a bad %s is a ConfigError naming it', (variable, env) => {
    const error = configErrorFor(env);
    expect(error.variable).toBe(variable);
    expect(error.message).toContain(variable);
  });

  it('production without TRACKING_SECRET fails, naming it', () => {
    const error = configErrorFor({ NODE_ENV: 'production' });
    expect(error.variable).toBe('TRACKING_SECRET');
    expect(error.message).toContain('TRACKING_SECRET');
  });

  it('production with a short TRACKING_SECRET fails; a long one works', () => {
    expect(configErrorFor({ NODE_ENV: 'production', TRACKING_SECRET: 'short' }).variable).toBe('TRACKING_SECRET');
    expect(loadConfig({ NODE_ENV: 'production', TRACKING_SECRET: SECRET }).trackingSecret).toBe(SECRET);
  });

  it('DEV_OUTBOX_DIR: a resolved path outside production, unset by default, refused in production', () => {
    expect(loadConfig({}).devOutboxDir).toBeUndefined();
    expect(loadConfig({ DEV_OUTBOX_DIR: 'some/outbox' }).devOutboxDir).toMatch(/^\/.*\/some\/outbox$/);
    expect(configErrorFor({ NODE_ENV: 'production', TRACKING_SECRET: SECRET, DEV_OUTBOX_DIR: '/tmp/outbox' }).variable).toBe('DEV_OUTBOX_DIR');
  });

  it('production never falls back to the development tracking secret', () => {
    const devSecret = loadConfig({}).trackingSecret;
    expect(configErrorFor({ NODE_ENV: 'production', TRACKING_SECRET: '' }).variable).toBe('TRACKING_SECRET');
    expect(loadConfig({ NODE_ENV: 'production', TRACKING_SECRET: SECRET }).trackingSecret).not.toBe(devSecret);
  });
});

describe('loadConfig: DKIM and the default SMS sender', () => {
  const rsaPem = generateKeyPairSync('rsa', { modulusLength: 1024 }).privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
  const ecPem = generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
  const DKIM = { DKIM_DOMAIN: 'mail.example.com', DKIM_SELECTOR: 's2026' };

  it('is unsigned and without a default sender by default', () => {
    const config = loadConfig({});
    expect(config.dkim).toBeUndefined();
    expect(config.twilio.from).toBeUndefined();
  });

  it('reads a PEM key from DKIM_PRIVATE_KEY, also with its line breaks written as \\n', () => {
    expect(loadConfig({ ...DKIM, DKIM_PRIVATE_KEY: rsaPem }).dkim).toEqual({ domainName: 'mail.example.com', keySelector: 's2026', privateKey: rsaPem });
    expect(loadConfig({ ...DKIM, DKIM_PRIVATE_KEY: rsaPem.replace(/\n/g, '\\n') }).dkim?.privateKey).toBe(rsaPem);
  });

  it('reads the key from DKIM_PRIVATE_KEY_FILE', () => {
    const file = join(mkdtempSync(join(tmpdir(), 'dkim-')), 'key.pem');
    writeFileSync(file, rsaPem);
    expect(loadConfig({ ...DKIM, DKIM_PRIVATE_KEY_FILE: file }).dkim?.privateKey).toBe(rsaPem);
  });

  it.each([
    ['DKIM_DOMAIN', { DKIM_SELECTOR: 's1', DKIM_PRIVATE_KEY: rsaPem }],
    ['DKIM_DOMAIN', { ...DKIM, DKIM_DOMAIN: 'not a domain', DKIM_PRIVATE_KEY: rsaPem }],
    ['DKIM_SELECTOR', { DKIM_DOMAIN: 'example.com', DKIM_PRIVATE_KEY: rsaPem }],
    ['DKIM_SELECTOR', { ...DKIM, DKIM_SELECTOR: 'bad_selector!', DKIM_PRIVATE_KEY: rsaPem }],
    ['DKIM_PRIVATE_KEY', { ...DKIM }],
    ['DKIM_PRIVATE_KEY', { ...DKIM, DKIM_PRIVATE_KEY: 'not a key' }],
    ['DKIM_PRIVATE_KEY', { ...DKIM, DKIM_PRIVATE_KEY: ecPem }],
    ['DKIM_PRIVATE_KEY_FILE', { ...DKIM, DKIM_PRIVATE_KEY_FILE: '/nonexistent/dkim.pem' }],
    ['DKIM_PRIVATE_KEY_FILE', { ...DKIM, DKIM_PRIVATE_KEY: rsaPem, DKIM_PRIVATE_KEY_FILE: '/tmp/x.pem' }],
    ['TWILIO_FROM', { TWILIO_FROM: '5005550006' }],
    ['TWILIO_FROM', { TWILIO_FROM: 'MG123' }],
  ])('a bad %s is a ConfigError naming it', (variable, env) => {
    const error = configErrorFor(env);
    expect(error.variable).toBe(variable);
    expect(error.message).toContain(variable);
  });

  it('accepts an E.164 number or a Messaging Service SID as TWILIO_FROM', () => {
    expect(loadConfig({ TWILIO_FROM: '+15005550006' }).twilio.from).toBe('+15005550006');
    expect(loadConfig({ TWILIO_FROM: `MG${'ab'.repeat(16)}` }).twilio.from).toBe(`MG${'ab'.repeat(16)}`);
  });

  it('reads METRICS_TOKEN and METRICS_PORT; a worker listener in production needs the token', () => {
    expect(loadConfig({})).toMatchObject({ metricsToken: undefined, metricsPort: undefined });
    expect(loadConfig({ METRICS_TOKEN: 'a-long-enough-token', METRICS_PORT: '9464' })).toMatchObject({ metricsToken: 'a-long-enough-token', metricsPort: 9464 });
    expect(loadConfig({ NODE_ENV: 'production', TRACKING_SECRET: SECRET, METRICS_TOKEN: 'a-long-enough-token', METRICS_PORT: '9464' }).metricsPort).toBe(9464);
    expect(configErrorFor({ METRICS_TOKEN: 'short' }).variable).toBe('METRICS_TOKEN');
    expect(configErrorFor({ METRICS_TOKEN: 'has a space in it, long' }).variable).toBe('METRICS_TOKEN');
    expect(configErrorFor({ METRICS_PORT: '0' }).variable).toBe('METRICS_PORT');
    expect(configErrorFor({ NODE_ENV: 'production', TRACKING_SECRET: SECRET, METRICS_PORT: '9464' }).message).toContain('needs METRICS_TOKEN in production');
  });
});
