import { resolve } from 'node:path';

export type Config = {
  port: number;
  host: string;
  dataDir: string;
  databaseUrl: string | null;
  logLevel: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
  publicUrl: string | null;
  adminEmail: string;
  adminPassword: string | null;
  defaultTenantName: string;
  rateLimitPerMinute: number;
  loginAttemptsPerMinute: number;
  bodyLimitBytes: number;
  attachmentMaxBytes: number;
  attachmentTypes: string[];
  secureCookies: boolean;
  trustProxy: boolean;
  /** Let notification robots, webhooks and SMS gateways reach loopback and private addresses (off: SSRF guard). */
  outboundAllowPrivate: boolean;
  /** Run the background worker (outbox, SLA scans, automations, deliveries) in this process. */
  worker: boolean;
};

export class ConfigError extends Error {
  override name = 'ConfigError';
}

type Env = Record<string, string | undefined>;

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

/** The documented settings: README's configuration table is generated from this list by hand, keep them in step. */
export const CONFIG_KEYS = [
  'PORT',
  'HOST',
  'DATA_DIR',
  'DATABASE_URL',
  'LOG_LEVEL',
  'PUBLIC_URL',
  'LOOPDESK_ADMIN_EMAIL',
  'LOOPDESK_ADMIN_PASSWORD',
  'LOOPDESK_TENANT_NAME',
  'RATE_LIMIT_PER_MINUTE',
  'LOGIN_ATTEMPTS_PER_MINUTE',
  'BODY_LIMIT_BYTES',
  'ATTACHMENT_MAX_BYTES',
  'ATTACHMENT_TYPES',
  'SECURE_COOKIES',
  'TRUST_PROXY',
  'OUTBOUND_ALLOW_PRIVATE',
  'WORKER',
] as const;

const DEFAULT_ATTACHMENT_TYPES = [
  'image/png',
  'image/jpeg',
  'image/gif',
  'image/webp',
  'application/pdf',
  'text/plain',
  'text/csv',
  'application/zip',
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  'application/msword',
  'application/vnd.ms-excel',
  'audio/mpeg',
  'audio/wav',
  'video/mp4',
  'message/rfc822',
];

function integer(env: Env, key: string, fallback: number, min: number, max: number): number {
  const raw = env[key];
  if (raw === undefined || raw === '') return fallback;
  if (!/^\d+$/.test(raw.trim())) throw new ConfigError(`${key} must be a whole number, got "${raw}"`);
  const value = Number(raw.trim());
  if (value < min || value > max) throw new ConfigError(`${key} must be between ${min} and ${max}, got ${value}`);
  return value;
}

function boolean(env: Env, key: string, fallback: boolean): boolean {
  const raw = env[key]?.trim().toLowerCase();
  if (raw === undefined || raw === '') return fallback;
  if (['1', 'true', 'yes', 'on'].includes(raw)) return true;
  if (['0', 'false', 'no', 'off'].includes(raw)) return false;
  throw new ConfigError(`${key} must be true or false, got "${env[key]}"`);
}

function url(env: Env, key: string, protocols: string[]): string | null {
  const raw = env[key]?.trim();
  if (!raw) return null;
  let parsed: URL;
  try {
    parsed = new URL(raw);
  } catch {
    throw new ConfigError(`${key} is not a valid URL`);
  }
  if (!protocols.includes(parsed.protocol)) {
    throw new ConfigError(`${key} must start with ${protocols.map((p) => `${p}//`).join(' or ')}`);
  }
  return raw;
}

/** Parses and validates the environment once; nothing else in the code reads process.env. */
export function loadConfig(env: Env, cwd = process.cwd()): Config {
  const logLevel = (env.LOG_LEVEL?.trim() || 'info') as Config['logLevel'];
  if (!LOG_LEVELS.includes(logLevel)) throw new ConfigError(`LOG_LEVEL must be one of ${LOG_LEVELS.join(', ')}`);
  const adminEmail = (env.LOOPDESK_ADMIN_EMAIL?.trim() || 'admin@example.com').toLowerCase();
  if (!/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(adminEmail))
    throw new ConfigError('LOOPDESK_ADMIN_EMAIL is not an e-mail address');
  const adminPassword = env.LOOPDESK_ADMIN_PASSWORD ?? null;
  if (adminPassword !== null && adminPassword.length < 8) {
    throw new ConfigError('LOOPDESK_ADMIN_PASSWORD must be at least 8 characters');
  }
  const host = env.HOST?.trim() || '0.0.0.0';
  if (!/^[\w.:[\]-]+$/.test(host)) throw new ConfigError(`HOST is not a host name or address: "${host}"`);
  const types = env.ATTACHMENT_TYPES?.trim();
  return {
    port: integer(env, 'PORT', 3000, 0, 65535),
    host,
    dataDir: resolve(cwd, env.DATA_DIR?.trim() || './data'),
    databaseUrl: url(env, 'DATABASE_URL', ['postgres:', 'postgresql:']),
    logLevel,
    publicUrl: url(env, 'PUBLIC_URL', ['http:', 'https:']),
    adminEmail,
    adminPassword,
    defaultTenantName: env.LOOPDESK_TENANT_NAME?.trim() || 'Default',
    rateLimitPerMinute: integer(env, 'RATE_LIMIT_PER_MINUTE', 1200, 0, 10_000_000),
    loginAttemptsPerMinute: integer(env, 'LOGIN_ATTEMPTS_PER_MINUTE', 10, 1, 10_000),
    bodyLimitBytes: integer(env, 'BODY_LIMIT_BYTES', 1_048_576, 1024, 104_857_600),
    attachmentMaxBytes: integer(env, 'ATTACHMENT_MAX_BYTES', 26_214_400, 1, 1_073_741_824),
    attachmentTypes: types ? types.split(',').map((t) => t.trim().toLowerCase()) : DEFAULT_ATTACHMENT_TYPES,
    secureCookies: boolean(env, 'SECURE_COOKIES', false),
    trustProxy: boolean(env, 'TRUST_PROXY', false),
    outboundAllowPrivate: boolean(env, 'OUTBOUND_ALLOW_PRIVATE', false),
    worker: boolean(env, 'WORKER', true),
  };
}
