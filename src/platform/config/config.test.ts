import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from './config.ts';

describe('configuration', () => {
  it('has working defaults', () => {
    const config = loadConfig({}, '/srv/loopdesk');
    expect(config).toMatchObject({
      port: 3000,
      host: '0.0.0.0',
      dataDir: '/srv/loopdesk/data',
      databaseUrl: null,
      logLevel: 'info',
      adminEmail: 'admin@example.com',
      adminPassword: null,
    });
  });

  it.each([
    [{ PORT: 'eighty' }, 'PORT must be a whole number'],
    [{ PORT: '70000' }, 'PORT must be between'],
    [{ DATABASE_URL: 'mysql://x' }, 'DATABASE_URL must start with'],
    [{ DATABASE_URL: 'not a url' }, 'DATABASE_URL is not a valid URL'],
    [{ LOG_LEVEL: 'loud' }, 'LOG_LEVEL must be one of'],
    [{ LOOPDESK_ADMIN_PASSWORD: 'short' }, 'at least 8 characters'],
    [{ LOOPDESK_ADMIN_EMAIL: 'nobody' }, 'not an e-mail address'],
    [{ SECURE_COOKIES: 'maybe' }, 'SECURE_COOKIES must be true or false'],
    [{ HOST: 'a b' }, 'HOST is not a host name'],
  ])('refuses %o with a clear message', (env, message) => {
    expect(() => loadConfig(env)).toThrow(ConfigError);
    expect(() => loadConfig(env)).toThrow(message);
  });

  it('reads the database URL, limits and flags', () => {
    const config = loadConfig({
      DATABASE_URL: 'postgresql://u@h:5432/db',
      RATE_LIMIT_PER_MINUTE: '0',
      SECURE_COOKIES: 'true',
      ATTACHMENT_TYPES: 'image/png, Text/Plain',
    });
    expect(config.databaseUrl).toBe('postgresql://u@h:5432/db');
    expect(config.rateLimitPerMinute).toBe(0);
    expect(config.secureCookies).toBe(true);
    expect(config.attachmentTypes).toEqual(['image/png', 'text/plain']);
  });
});
