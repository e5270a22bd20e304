import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance, HTTPMethods, LightMyRequestResponse } from 'fastify';
import pg from 'pg';
import { buildApp } from '../../src/app/build-app.ts';
import { createTenantWithDefaults } from '../../src/app/tenant-setup.ts';
import { createApiToken, createUser } from '../../src/modules/identity/index.ts';
import type { Role } from '../../src/platform/auth/principal.ts';
import { type Clock, fixedClock } from '../../src/platform/clock/clock.ts';
import { type Config, loadConfig } from '../../src/platform/config/config.ts';
import type { Context } from '../../src/platform/db/context.ts';
import { type Database, migrate, openPglite, openPostgres } from '../../src/platform/db/index.ts';
import { createLogger } from '../../src/platform/log/logger.ts';

export const usingPostgres = Boolean(process.env.DATABASE_URL);

/** A fresh database for one test file: in-memory PGlite, or a new PostgreSQL database when DATABASE_URL is set. */
export async function openTestDatabase(): Promise<Database & { drop(): Promise<void> }> {
  const url = process.env.DATABASE_URL;
  if (!url) {
    const database = await openPglite(null);
    await migrate(database);
    return { ...database, drop: () => database.close() };
  }
  const name = `loopdesk_test_${randomBytes(6).toString('hex')}`;
  const target = new URL(url);
  target.pathname = `/${name}`;
  const database = await openPostgres(target.toString(), { poolSize: 5 });
  await migrate(database);
  return {
    ...database,
    drop: async () => {
      await database.close();
      const admin = new URL(url);
      admin.pathname = '/postgres';
      const client = new pg.Client({ connectionString: admin.toString() });
      await client.connect();
      await client.query(`drop database if exists "${name}" with (force)`);
      await client.end();
    },
  };
}

export type TestTenant = { id: string; slug: string; tokens: Record<Role, string>; userIds: Record<Role, string> };

export type TestApp = {
  app: FastifyInstance;
  database: Database;
  ctx: Context;
  config: Config;
  clock: Clock & { advance(ms: number): void; set(at: Date | string): void };
  tenantA: TestTenant;
  tenantB: TestTenant;
  newTenant(name: string): Promise<TestTenant>;
  // biome-ignore lint/suspicious/noExplicitAny: response bodies are checked field by field in tests
  call(
    token: string,
    method: HTTPMethods,
    url: string,
    body?: unknown,
    headers?: Record<string, string>,
    // biome-ignore lint/suspicious/noExplicitAny: response bodies are checked field by field in tests
  ): Promise<LightMyRequestResponse & { json(): any }>;
  close(): Promise<void>;
};

const ROLES: Role[] = ['admin', 'supervisor', 'agent', 'dispatcher', 'engineer'];

export async function createTestApp(env: Record<string, string> = {}): Promise<TestApp> {
  const dataDir = mkdtempSync(join(tmpdir(), 'loopdesk-test-'));
  const config = loadConfig({
    DATA_DIR: dataDir,
    LOG_LEVEL: 'silent',
    RATE_LIMIT_PER_MINUTE: '0',
    LOGIN_ATTEMPTS_PER_MINUTE: '1000',
    ...env,
  });
  const database = await openTestDatabase();
  const clock = fixedClock('2026-11-22T02:00:00Z');
  const ctx: Context = { db: database.db, clock };
  const app = await buildApp({ config, database, logger: createLogger(config), clock });
  await app.ready();
  const newTenant = async (name: string): Promise<TestTenant> => {
    const created = await createTenantWithDefaults(ctx, {
      name,
      adminEmail: `admin@${name.toLowerCase()}.example.com`,
      adminPassword: 'correct-horse-1',
    });
    const tokens = {} as Record<Role, string>;
    const userIds = {} as Record<Role, string>;
    for (const role of ROLES) {
      const user =
        role === 'admin'
          ? created.admin
          : await createUser(ctx, {
              tenantId: created.tenant.id,
              email: `${role}@${name.toLowerCase()}.example.com`,
              name: `${role} ${name}`,
              role,
              password: 'correct-horse-1',
            });
      userIds[role] = user.id;
      tokens[role] = (await createApiToken(ctx, { tenantId: created.tenant.id, userId: user.id })).token;
    }
    return { id: created.tenant.id, slug: created.tenant.slug, tokens, userIds };
  };
  const tenantA = await newTenant('Alpha');
  const tenantB = await newTenant('Beta');
  return {
    app,
    database,
    ctx,
    config,
    clock,
    tenantA,
    tenantB,
    newTenant,
    async call(token, method, url, body, headers = {}) {
      const response = await app.inject({
        method,
        url,
        headers: {
          authorization: `Bearer ${token}`,
          ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
          ...headers,
        },
        ...(body !== undefined ? { payload: typeof body === 'string' ? body : JSON.stringify(body) } : {}),
      });
      // biome-ignore lint/suspicious/noExplicitAny: as above
      return response as unknown as LightMyRequestResponse & { json(): any };
    },
    async close() {
      await app.close();
      await database.drop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
