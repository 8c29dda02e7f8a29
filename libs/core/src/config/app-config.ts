import { createPrivateKey } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { Duration } from 'luxon';

/** The validated, typed configuration every process reads once at start. */
export interface AppConfig {
  readonly nodeEnv: 'development' | 'test' | 'production';
  readonly port: number;
  readonly publicBaseUrl: string;
  /** Unset means "start an embedded PostgreSQL" (launcher and tests only). */
  readonly databaseUrl: string | undefined;
  /**
   * Where migrations run (DATABASE_MIGRATION_URL; defaults to databaseUrl): a
   * direct connection to the server when databaseUrl goes through a pooler
   * that limits or cuts long statements.
   */
  readonly databaseMigrationUrl: string | undefined;
  /**
   * DATABASE_TRANSACTION_POOLING: databaseUrl goes through a transaction-mode
   * pooler (PgBouncer pool_mode=transaction, most managed poolers), where a
   * server connection is one client's only for a transaction. Then no named
   * prepared statements and no startup parameters the pooler refuses.
   */
  readonly databaseTransactionPooling: boolean;
  readonly databasePoolSize: number;
  /** How long a query waits for a free pooled connection before the request answers 503 (0 = forever). */
  readonly databaseAcquireTimeoutMs: number;
  /** How long one statement of an API request may run before PostgreSQL cancels it and the request answers 503 (0 = no limit). */
  readonly databaseStatementTimeoutMs: number;
  /** Customer imports one business may run at once (each holds a connection while its upload streams in). */
  readonly importsPerBusiness: number;
  /** Segment previews and refreshes one business may run at once through the API. */
  readonly segmentQueriesPerBusiness: number;
  /** Unset means "use the loopback development SMTP server". */
  readonly smtpUrl: string | undefined;
  readonly twilio: {
    readonly accountSid: string | undefined;
    readonly authToken: string | undefined;
    readonly apiBaseUrl: string | undefined;
    /** Default sender (E.164 number or Messaging Service SID) for businesses without their own. */
    readonly from: string | undefined;
  };
  /** DKIM signing of outgoing email; undefined = unsigned. */
  readonly dkim: DkimConfig | undefined;
  readonly googleMaps: { readonly apiKey: string | undefined; readonly baseUrl: string | undefined };
  readonly trackingSecret: string;
  readonly logLevel: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
  readonly dataDir: string;
  /**
   * DEV_OUTBOX_DIR: where the loopback SMTP server keeps what it receives
   * (`<id>.json`) and the Twilio stand-in its SMS (`sms/<id>.json`); set by
   * `npm start` when it runs them. GET /v1/dev/outbox reads it; unset (and
   * always in production) that endpoint answers 404.
   */
  readonly devOutboxDir: string | undefined;
  /** Where the built admin UI is (served at /admin); missing = /admin says how to build it. */
  readonly adminDir: string;
  /**
   * Map tiles for the admin UI's maps, a Leaflet URL template
   * (`https://tile.openstreetmap.org/{z}/{x}/{y}.png`); undefined = no tiles:
   * the maps still draw stores, customers, shapes and a scale on a plain ground.
   */
  readonly mapTileUrl: string | undefined;
  /** Maximum JSON request body, in bytes. */
  readonly maxJsonBodyBytes: number;
  /** Maximum import upload, in bytes. */
  readonly maxImportBytes: number;
  /**
   * How long a worker holds a claimed message before another may take it
   * over (the worker died mid-send). Longer than any provider call.
   */
  readonly deliveryLeaseSeconds: number;
  /**
   * Ceiling of the wait before a message's first retry after a transient
   * provider failure; each later ceiling doubles (to one hour). Tests shrink
   * it so an outage's retries take seconds.
   */
  readonly deliveryRetryBaseMs: number;
  /** How long the link confirming a business's email From address works, in hours. */
  readonly senderConfirmationHours: number;
  /**
   * How old an event may be (ISO-8601 duration, at most a year) when an
   * event-triggered campaign takes it, for campaigns whose trigger sets no
   * `maxEventAge` of their own. Older events are ignored, with the reason.
   */
  readonly triggerMaxEventAge: string;
  /**
   * The longest a worker loop waits before trying again after failed passes
   * (the wait doubles from 1 s per failure in a row, with full jitter): the
   * database away for an hour costs a handful of connection attempts a minute.
   */
  readonly workerBackoffMaxMs: number;
  /**
   * The CPU priority (nice value, 0–19) a worker process lowers itself to at
   * start: sending a broadcast takes every core it is given, and the API's
   * answers (event ingest, tracking hits, the admin) must not queue behind it
   * on the same machine. 0 leaves the priority as the process was started.
   */
  readonly workerCpuNice: number;
  /** How long raw data are kept before the retention jobs act on them. */
  readonly retention: RetentionConfig;
  /** When each of the worker's calendar jobs runs (cron syntax, seconds first), by job name; see WORKER_CRON_DEFAULTS. */
  readonly workerCron: Readonly<Record<WorkerCronJob, string>>;
  /**
   * The demo time machine (`npm start` turns it on): API and workers share a
   * clock offset stored in the database, moved by POST /v1/demo/clock/advance,
   * so a journey's days can be watched in minutes. Never in production.
   */
  readonly demoClock: boolean;
  /** Requests allowed per window; 0 turns a limit off. All off under NODE_ENV=test unless set (tests sign up many businesses from one address). */
  readonly rateLimits: RateLimits;
  /**
   * Which proxies' X-Forwarded-For to believe for the client address (Express
   * "trust proxy": loopback, linklocal, uniquelocal, or addresses and CIDR
   * ranges); false = none, the socket's address is the client's.
   */
  readonly trustProxy: string | false;
  /** How long audit rows are kept, in days: the audit-retention job deletes older ones. */
  readonly auditLogRetentionDays: number;
  /**
   * METRICS_TOKEN: when set, GET /metrics (API) and the worker's metrics port
   * answer only `Authorization: Bearer <token>`. Unset: metrics are open
   * outside production and not served in production.
   */
  readonly metricsToken: string | undefined;
  /** METRICS_PORT: where a worker serves its own /metrics (and /health); unset = no listener. The API serves /metrics on its own port. */
  readonly metricsPort: number | undefined;
}

/**
 * The worker's calendar jobs (named cron jobs) and when they run unless
 * WORKER_CRON_<NAME> says otherwise (name upper-cased, dashes as
 * underscores): six fields, seconds first, in the worker's local time. The
 * minute jobs are spread over the minute so they do not start together.
 */
export const WORKER_CRON_DEFAULTS = {
  /** Segments not refreshed for 10 minutes (windows slide without new data): looked for every 5 s. */
  'aged-segments': '*/5 * * * * *',
  /** The overview's spend roll-up folded, once a minute. */
  'message-spend': '0 * * * * *',
  /** Running A/B experiments looked at, once a minute (decisions wait days for their minimum duration anyway). */
  'experiment-winners': '20 * * * * *',
  /** Customers and stores with an address and no coordinates geocoded (with GOOGLE_MAPS_API_KEY), once a minute. */
  geocoding: '40 * * * * *',
  /** Engagement hits past ENGAGEMENT_RETENTION_DAYS rolled up and pruned: nightly, off-peak (03:20 UTC). */
  'engagement-retention': '0 20 3 * * *',
  /** Location pings past LOCATION_PING_RETENTION_DAYS deleted: hourly, so none outlives it by more than an hour. */
  'location-ping-retention': '0 40 * * * *',
  /** Audit rows past AUDIT_LOG_RETENTION_DAYS deleted: daily at 03:17 UTC. */
  'audit-retention': '0 17 3 * * *',
} as const;

export type WorkerCronJob = keyof typeof WORKER_CRON_DEFAULTS;

export interface RateLimits {
  /** Sign-ups per client address per hour. */
  readonly signUpsPerHour: number;
  /** Requests with a missing, unknown or revoked API key per client address per minute; past it the address is refused for a minute. */
  readonly authFailuresPerMinute: number;
  /** Requests per API key per minute. */
  readonly apiRequestsPerMinute: number;
  /** Public requests (tracking pixels and clicks, unsubscribe pages, webhooks) per client address per minute. */
  readonly publicRequestsPerMinute: number;
}

export interface RetentionConfig {
  /**
   * Days an engagement hit (open, click, delivery, bounce, reply,
   * unsubscribe) stays a raw row before it is rolled up and pruned. At least
   * MIN_ENGAGEMENT_RETENTION_DAYS: attribution reads raw clicks and opens in
   * windows of up to 90 days before an order.
   */
  readonly engagementDays: number;
  /** Days a location ping is kept before it is deleted (privacy: geofence presence needs minutes, not history). */
  readonly locationPingDays: number;
}

/** The longest attribution window a business may set (P90D), plus a day for orders ingested late. */
export const MIN_ENGAGEMENT_RETENTION_DAYS = 91;

export interface DkimConfig {
  readonly domainName: string;
  readonly keySelector: string;
  /** PEM text of an RSA private key. */
  readonly privateKey: string;
}

export class ConfigError extends Error {
  constructor(
    readonly variable: string,
    reason: string,
  ) {
    super(`Invalid configuration: ${variable} ${reason}`);
  }
}

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
const DEV_TRACKING_SECRET = 'localreach-dev-tracking-secret-change-me';

function readInt(env: NodeJS.ProcessEnv, name: string, fallback: number, min: number, max: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  if (!/^\d+$/.test(raw)) throw new ConfigError(name, `must be an integer, got "${raw}"`);
  const value = Number(raw);
  if (value < min || value > max) throw new ConfigError(name, `must be between ${min} and ${max}, got ${value}`);
  return value;
}

// An ISO-8601 duration of whole units, positive and at most a year (months count 30 days, years 365).
function readDuration(env: NodeJS.ProcessEnv, name: string, fallback: string): string {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const duration = Duration.fromISO(raw);
  const parts = duration.isValid ? Object.values(duration.toObject()) : [];
  const valid = duration.isValid && !/[+-]/.test(raw) && parts.every((v) => Number.isInteger(v)) && duration.toMillis() > 0
    && duration.toMillis() <= Duration.fromObject({ years: 1 }).toMillis();
  if (!valid) throw new ConfigError(name, `must be a positive ISO-8601 duration of at most a year such as P1D or PT12H, got "${raw}"`);
  return raw;
}

function readUrl(env: NodeJS.ProcessEnv, name: string, protocols: string[]): string | undefined {
  const raw = env[name];
  if (raw === undefined || raw === '') return undefined;
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new ConfigError(name, `must be a URL, got "${raw}"`);
  }
  if (!protocols.includes(url.protocol)) {
    throw new ConfigError(name, `must use ${protocols.join(' or ')}, got "${url.protocol}"`);
  }
  return raw.replace(/\/+$/, '');
}

function readDemoClock(env: NodeJS.ProcessEnv, nodeEnv: AppConfig['nodeEnv']): boolean {
  const raw = readOptional(env, 'DEMO_CLOCK');
  if (raw === undefined || raw === '0' || raw === 'false') return false;
  if (raw !== '1' && raw !== 'true') throw new ConfigError('DEMO_CLOCK', `must be 1/true or 0/false, got "${raw}"`);
  if (nodeEnv === 'production') throw new ConfigError('DEMO_CLOCK', 'cannot be enabled in production');
  return true;
}

function readDevOutboxDir(env: NodeJS.ProcessEnv, nodeEnv: AppConfig['nodeEnv']): string | undefined {
  const raw = readOptional(env, 'DEV_OUTBOX_DIR');
  if (raw === undefined) return undefined;
  if (nodeEnv === 'production') throw new ConfigError('DEV_OUTBOX_DIR', 'cannot be set in production (the outbox of the loopback dev servers)');
  return resolve(raw);
}

function readRateLimits(env: NodeJS.ProcessEnv, nodeEnv: AppConfig['nodeEnv']): RateLimits {
  const limit = (name: string, fallback: number) => readInt(env, name, nodeEnv === 'test' ? 0 : fallback, 0, 1_000_000);
  return {
    signUpsPerHour: limit('RATE_LIMIT_SIGNUPS_PER_HOUR', 10),
    authFailuresPerMinute: limit('RATE_LIMIT_AUTH_FAILURES_PER_MINUTE', 30),
    apiRequestsPerMinute: limit('RATE_LIMIT_API_PER_MINUTE', 6000),
    publicRequestsPerMinute: limit('RATE_LIMIT_PUBLIC_PER_MINUTE', 6000),
  };
}

const TRUST_PROXY_NAMES = new Set(['loopback', 'linklocal', 'uniquelocal']);
const ADDRESS_OR_RANGE = /^([0-9.]+|[0-9a-f:]+)(\/\d{1,3})?$/i;

function readTrustProxy(env: NodeJS.ProcessEnv): string | false {
  const raw = readOptional(env, 'TRUST_PROXY');
  if (raw === undefined || raw === 'false' || raw === '0') return false;
  const parts = raw.split(',').map((p) => p.trim());
  if (parts.some((p) => !TRUST_PROXY_NAMES.has(p) && !ADDRESS_OR_RANGE.test(p))) {
    throw new ConfigError('TRUST_PROXY', `must be false, loopback, linklocal, uniquelocal, or a comma-separated list of addresses and CIDR ranges, got "${raw}"`);
  }
  return parts.join(',');
}

function readFlag(env: NodeJS.ProcessEnv, name: string): boolean {
  const raw = readOptional(env, name);
  if (raw === undefined || raw === '0' || raw === 'false') return false;
  if (raw !== '1' && raw !== 'true') throw new ConfigError(name, `must be 1/true or 0/false, got "${raw}"`);
  return true;
}

// A transaction pooler (PgBouncer 1.18) refuses the statement_timeout startup parameter node-pg sends, and a SET would
// leak to other clients: the timeout goes to the pooler's per-database connect_query or the role instead (docs/scaling.md).
function readStatementTimeout(env: NodeJS.ProcessEnv, transactionPooling: boolean): number {
  const value = readInt(env, 'DATABASE_STATEMENT_TIMEOUT_MS', transactionPooling ? 0 : 30_000, 0, 3_600_000);
  if (transactionPooling && value > 0) {
    throw new ConfigError('DATABASE_STATEMENT_TIMEOUT_MS', 'must be 0 with DATABASE_TRANSACTION_POOLING (set the timeout in the pooler\'s connect_query or with ALTER ROLE … SET statement_timeout; see docs/scaling.md)');
  }
  return value;
}

function readOptional(env: NodeJS.ProcessEnv, name: string): string | undefined {
  const raw = env[name];
  return raw === undefined || raw === '' ? undefined : raw;
}

const HOSTNAME = /^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)(\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)+$/i;
const SELECTOR = /^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?(\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)*$/i;
const SMS_SENDER = /^(\+[1-9]\d{6,14}|MG[0-9a-fA-F]{32})$/;

function readDkimKey(env: NodeJS.ProcessEnv): { variable: string; pem: string } | undefined {
  const text = readOptional(env, 'DKIM_PRIVATE_KEY');
  const file = readOptional(env, 'DKIM_PRIVATE_KEY_FILE');
  if (text !== undefined && file !== undefined) throw new ConfigError('DKIM_PRIVATE_KEY_FILE', 'must not be set together with DKIM_PRIVATE_KEY');
  // One-line environments carry the PEM's line breaks as literal \n.
  if (text !== undefined) return { variable: 'DKIM_PRIVATE_KEY', pem: text.replace(/\\n/g, '\n') };
  if (file === undefined) return undefined;
  try {
    return { variable: 'DKIM_PRIVATE_KEY_FILE', pem: readFileSync(file, 'utf8') };
  } catch (error) {
    throw new ConfigError('DKIM_PRIVATE_KEY_FILE', `cannot be read: ${error instanceof Error ? error.message : String(error)}`);
  }
}

/** DKIM settings: all of domain, selector and one key source, or none of them. */
function readDkim(env: NodeJS.ProcessEnv): DkimConfig | undefined {
  const domainName = readOptional(env, 'DKIM_DOMAIN');
  const keySelector = readOptional(env, 'DKIM_SELECTOR');
  const key = readDkimKey(env);
  if (domainName === undefined && keySelector === undefined && key === undefined) return undefined;
  if (domainName === undefined) throw new ConfigError('DKIM_DOMAIN', 'is required when DKIM signing is configured');
  if (!HOSTNAME.test(domainName)) throw new ConfigError('DKIM_DOMAIN', `must be a domain name, got "${domainName}"`);
  if (keySelector === undefined) throw new ConfigError('DKIM_SELECTOR', 'is required when DKIM signing is configured');
  if (!SELECTOR.test(keySelector)) throw new ConfigError('DKIM_SELECTOR', `must be a DNS label such as "mail2026", got "${keySelector}"`);
  if (key === undefined) throw new ConfigError('DKIM_PRIVATE_KEY', 'or DKIM_PRIVATE_KEY_FILE is required when DKIM signing is configured');
  let type: string | undefined;
  try {
    type = createPrivateKey(key.pem).asymmetricKeyType;
  } catch {
    throw new ConfigError(key.variable, 'must hold a PEM private key');
  }
  if (type !== 'rsa') throw new ConfigError(key.variable, `must be an RSA private key (DKIM rsa-sha256), got ${type ?? 'an unknown type'}`);
  return { domainName, keySelector, privateKey: key.pem };
}

function readSmsSender(env: NodeJS.ProcessEnv): string | undefined {
  const from = readOptional(env, 'TWILIO_FROM');
  if (from !== undefined && !SMS_SENDER.test(from)) {
    throw new ConfigError('TWILIO_FROM', `must be an E.164 number such as +15005550006 or a Messaging Service SID (MG…), got "${from}"`);
  }
  return from;
}

/**
 * Builds the configuration from the environment. This is the only place in the
 * code base that reads process.env; a bad value throws a ConfigError naming the
 * variable.
 */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): AppConfig {
  const nodeEnvRaw = env.NODE_ENV ?? 'development';
  if (!['development', 'test', 'production'].includes(nodeEnvRaw)) {
    throw new ConfigError('NODE_ENV', `must be development, test or production, got "${nodeEnvRaw}"`);
  }
  const nodeEnv = nodeEnvRaw as AppConfig['nodeEnv'];
  const port = readInt(env, 'PORT', 3000, 0, 65535);
  const logLevel = (env.LOG_LEVEL ?? (nodeEnv === 'test' ? 'silent' : 'info')) as AppConfig['logLevel'];
  if (!LOG_LEVELS.includes(logLevel)) {
    throw new ConfigError('LOG_LEVEL', `must be one of ${LOG_LEVELS.join(', ')}, got "${String(logLevel)}"`);
  }
  const transactionPooling = readFlag(env, 'DATABASE_TRANSACTION_POOLING');
  const trackingSecret = readOptional(env, 'TRACKING_SECRET') ?? (nodeEnv === 'production' ? '' : DEV_TRACKING_SECRET);
  if (trackingSecret.length < 16) {
    throw new ConfigError('TRACKING_SECRET', 'must be set to at least 16 characters in production');
  }
  return {
    nodeEnv,
    port,
    publicBaseUrl: readUrl(env, 'PUBLIC_BASE_URL', ['http:', 'https:']) ?? `http://localhost:${port}`,
    databaseUrl: readUrl(env, 'DATABASE_URL', ['postgres:', 'postgresql:']),
    databaseMigrationUrl: readUrl(env, 'DATABASE_MIGRATION_URL', ['postgres:', 'postgresql:']) ?? readUrl(env, 'DATABASE_URL', ['postgres:', 'postgresql:']),
    databaseTransactionPooling: transactionPooling,
    databasePoolSize: readInt(env, 'DATABASE_POOL_SIZE', 10, 1, 200),
    databaseAcquireTimeoutMs: readInt(env, 'DATABASE_ACQUIRE_TIMEOUT_MS', 10_000, 0, 3_600_000),
    databaseStatementTimeoutMs: readStatementTimeout(env, transactionPooling),
    importsPerBusiness: readInt(env, 'IMPORTS_PER_BUSINESS', 2, 1, 100),
    segmentQueriesPerBusiness: readInt(env, 'SEGMENT_QUERIES_PER_BUSINESS', 2, 1, 100),
    smtpUrl: readUrl(env, 'SMTP_URL', ['smtp:', 'smtps:']),
    twilio: readTwilio(env),
    dkim: readDkim(env),
    googleMaps: {
      apiKey: readOptional(env, 'GOOGLE_MAPS_API_KEY'),
      baseUrl: readUrl(env, 'GOOGLE_MAPS_BASE_URL', ['http:', 'https:']),
    },
    trackingSecret,
    logLevel,
    dataDir: resolve(readOptional(env, 'DATA_DIR') ?? '.data'),
    adminDir: resolve(readOptional(env, 'ADMIN_DIR') ?? 'dist/admin'),
    mapTileUrl: readTileUrl(env),
    maxJsonBodyBytes: readInt(env, 'MAX_JSON_BODY_BYTES', 5 * 1024 * 1024, 1024, 1024 * 1024 * 1024),
    maxImportBytes: readInt(env, 'MAX_IMPORT_BYTES', 1024 * 1024 * 1024, 1024, 16 * 1024 * 1024 * 1024),
    deliveryLeaseSeconds: readInt(env, 'DELIVERY_LEASE_SECONDS', 300, 2, 3600),
    deliveryRetryBaseMs: readInt(env, 'DELIVERY_RETRY_BASE_MS', 30_000, 100, 3_600_000),
    triggerMaxEventAge: readDuration(env, 'TRIGGER_MAX_EVENT_AGE', 'P1D'),
    senderConfirmationHours: readInt(env, 'SENDER_CONFIRMATION_HOURS', 48, 1, 720),
    workerBackoffMaxMs: readInt(env, 'WORKER_BACKOFF_MAX_MS', 30_000, 1_000, 3_600_000),
    workerCpuNice: readInt(env, 'WORKER_CPU_NICE', 10, 0, 19),
    retention: {
      // 13 months: a year of raw hits plus a month, so last year's same month is still raw for timelines and year-long segment windows.
      engagementDays: readInt(env, 'ENGAGEMENT_RETENTION_DAYS', 395, MIN_ENGAGEMENT_RETENTION_DAYS, 36_500),
      locationPingDays: readInt(env, 'LOCATION_PING_RETENTION_DAYS', 30, 1, 36_500),
    },
    workerCron: readWorkerCron(env),
    // Dev-only (refused in production): the demo time machine and the loopback servers' outbox.
    demoClock: readDemoClock(env, nodeEnv), devOutboxDir: readDevOutboxDir(env, nodeEnv),
    rateLimits: readRateLimits(env, nodeEnv),
    trustProxy: readTrustProxy(env),
    auditLogRetentionDays: readInt(env, 'AUDIT_LOG_RETENTION_DAYS', 400, 1, 36_500),
    ...readMetrics(env, nodeEnv),
  };
}

function readMetrics(env: NodeJS.ProcessEnv, nodeEnv: AppConfig['nodeEnv']): Pick<AppConfig, 'metricsToken' | 'metricsPort'> {
  const metricsToken = readOptional(env, 'METRICS_TOKEN');
  if (metricsToken !== undefined && !/^\S{16,512}$/.test(metricsToken)) throw new ConfigError('METRICS_TOKEN', 'must be 16 to 512 characters without spaces');
  const metricsPort = readOptional(env, 'METRICS_PORT') === undefined ? undefined : readInt(env, 'METRICS_PORT', 0, 1, 65535);
  // Fail at start rather than listen and refuse every scrape.
  if (metricsPort !== undefined && metricsToken === undefined && nodeEnv === 'production') {
    throw new ConfigError('METRICS_PORT', 'needs METRICS_TOKEN in production (metrics are not served without it)');
  }
  return { metricsToken, metricsPort };
}

export const APP_CONFIG = Symbol('APP_CONFIG');

/** The Twilio credentials (both or neither), API base URL and default sender. */
function readTwilio(env: NodeJS.ProcessEnv): AppConfig['twilio'] {
  const accountSid = readOptional(env, 'TWILIO_ACCOUNT_SID');
  if (accountSid !== undefined && !/^AC[0-9a-fA-F]{32}$/.test(accountSid)) {
    throw new ConfigError('TWILIO_ACCOUNT_SID', 'must look like AC followed by 32 hex digits');
  }
  const authToken = readOptional(env, 'TWILIO_AUTH_TOKEN');
  if ((accountSid === undefined) !== (authToken === undefined)) {
    throw new ConfigError(accountSid ? 'TWILIO_AUTH_TOKEN' : 'TWILIO_ACCOUNT_SID', 'must be set together with the other Twilio credential');
  }
  return { accountSid, authToken, apiBaseUrl: readUrl(env, 'TWILIO_API_BASE_URL', ['http:', 'https:']), from: readSmsSender(env) };
}

/** The env variable that sets a calendar job's schedule: WORKER_CRON_AGED_SEGMENTS for 'aged-segments'. */
export function workerCronVariable(job: WorkerCronJob): string {
  return `WORKER_CRON_${job.toUpperCase().replace(/-/g, '_')}`;
}

// Each field: *, numbers, names (JAN, MON), ranges, lists and steps; the worker parses the expression fully at start.
const CRON_FIELD = /^(\*|[0-9A-Za-z]+(-[0-9A-Za-z]+)?)(\/\d+)?(,(\*|[0-9A-Za-z]+(-[0-9A-Za-z]+)?)(\/\d+)?)*$/;

function readWorkerCron(env: NodeJS.ProcessEnv): AppConfig['workerCron'] {
  const schedules = { ...WORKER_CRON_DEFAULTS } as Record<WorkerCronJob, string>;
  for (const job of Object.keys(WORKER_CRON_DEFAULTS) as WorkerCronJob[]) {
    const variable = workerCronVariable(job);
    const value = readOptional(env, variable)?.trim().replace(/\s+/g, ' ');
    if (value === undefined) continue;
    const fields = value.split(' ');
    if (fields.length < 5 || fields.length > 6 || !fields.every((f) => CRON_FIELD.test(f))) {
      throw new ConfigError(variable, `must be a cron expression (5 fields, or 6 with seconds first, such as "0 * * * * *"), got "${value}"`);
    }
    schedules[job] = value;
  }
  return schedules;
}

/** MAP_TILE_URL: an http(s) URL template with {z}, {x} and {y}. */
function readTileUrl(env: NodeJS.ProcessEnv): string | undefined {
  const value = readOptional(env, 'MAP_TILE_URL');
  if (value === undefined) return undefined;
  const placeholders = ['{z}', '{x}', '{y}'].every((p) => value.includes(p));
  let url: URL | undefined;
  try {
    url = new URL(value.replace(/\{[a-z]\}/g, '0'));
  } catch {
    url = undefined;
  }
  if (!placeholders || !url || !['http:', 'https:'].includes(url.protocol)) {
    throw new ConfigError('MAP_TILE_URL', 'must be an http(s) URL template containing {z}, {x} and {y}');
  }
  return value;
}
