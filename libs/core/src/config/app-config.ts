import { resolve } from 'node:path';

/** The validated, typed configuration every process reads once at start. */
export interface AppConfig {
  readonly nodeEnv: 'development' | 'test' | 'production';
  readonly port: number;
  readonly publicBaseUrl: string;
  /** Unset means "start an embedded PostgreSQL" (launcher and tests only). */
  readonly databaseUrl: string | undefined;
  readonly databasePoolSize: number;
  /** Unset means "use the loopback development SMTP server". */
  readonly smtpUrl: string | undefined;
  readonly twilio: {
    readonly accountSid: string | undefined;
    readonly authToken: string | undefined;
    readonly apiBaseUrl: string | undefined;
  };
  readonly googleMaps: { readonly apiKey: string | undefined; readonly baseUrl: string | undefined };
  readonly trackingSecret: string;
  readonly logLevel: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
  readonly dataDir: string;
  /** Maximum JSON request body, in bytes. */
  readonly maxJsonBodyBytes: number;
  /** Maximum import upload, in bytes. */
  readonly maxImportBytes: number;
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

function readOptional(env: NodeJS.ProcessEnv, name: string): string | undefined {
  const raw = env[name];
  return raw === undefined || raw === '' ? undefined : raw;
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
  const trackingSecret = readOptional(env, 'TRACKING_SECRET') ?? (nodeEnv === 'production' ? '' : DEV_TRACKING_SECRET);
  if (trackingSecret.length < 16) {
    throw new ConfigError('TRACKING_SECRET', 'must be set to at least 16 characters in production');
  }
  const twilioSid = readOptional(env, 'TWILIO_ACCOUNT_SID');
  if (twilioSid !== undefined && !/^AC[0-9a-fA-F]{32}$/.test(twilioSid)) {
    throw new ConfigError('TWILIO_ACCOUNT_SID', 'must look like AC followed by 32 hex digits');
  }
  const twilioToken = readOptional(env, 'TWILIO_AUTH_TOKEN');
  if ((twilioSid === undefined) !== (twilioToken === undefined)) {
    throw new ConfigError(twilioSid ? 'TWILIO_AUTH_TOKEN' : 'TWILIO_ACCOUNT_SID', 'must be set together with the other Twilio credential');
  }
  return {
    nodeEnv,
    port,
    publicBaseUrl: readUrl(env, 'PUBLIC_BASE_URL', ['http:', 'https:']) ?? `http://localhost:${port}`,
    databaseUrl: readUrl(env, 'DATABASE_URL', ['postgres:', 'postgresql:']),
    databasePoolSize: readInt(env, 'DATABASE_POOL_SIZE', 10, 1, 200),
    smtpUrl: readUrl(env, 'SMTP_URL', ['smtp:', 'smtps:']),
    twilio: { accountSid: twilioSid, authToken: twilioToken, apiBaseUrl: readUrl(env, 'TWILIO_API_BASE_URL', ['http:', 'https:']) },
    googleMaps: {
      apiKey: readOptional(env, 'GOOGLE_MAPS_API_KEY'),
      baseUrl: readUrl(env, 'GOOGLE_MAPS_BASE_URL', ['http:', 'https:']),
    },
    trackingSecret,
    logLevel,
    dataDir: resolve(readOptional(env, 'DATA_DIR') ?? '.data'),
    maxJsonBodyBytes: readInt(env, 'MAX_JSON_BODY_BYTES', 5 * 1024 * 1024, 1024, 1024 * 1024 * 1024),
    maxImportBytes: readInt(env, 'MAX_IMPORT_BYTES', 1024 * 1024 * 1024, 1024, 16 * 1024 * 1024 * 1024),
  };
}

export const APP_CONFIG = Symbol('APP_CONFIG');
