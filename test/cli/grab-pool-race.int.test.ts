import { afterAll, describe, expect, it } from 'vitest';
import { createApiToken, createUser, usersRepo } from '../../src/modules/identity/index.ts';
import { systemClock } from '../../src/platform/clock/clock.ts';
import { openPostgres } from '../../src/platform/db/index.ts';
import { cleanUp, cli, freshEnv, startServer, stop } from '../support/processes.ts';

afterAll(cleanUp);

const ENGINEERS = 200;

// PGlite admits one process; the race across processes needs PostgreSQL.
describe.skipIf(!process.env.DATABASE_URL)('the grab pool across two server processes', () => {
  it('lets exactly one of 200 simultaneous accepts win; the other 199 get 409', async () => {
    const env = freshEnv({ LOG_LEVEL: 'error', WORKER: 'false' });
    const admin = cli(['token', 'create', '--email', 'admin@example.com'], env).stdout.trim();
    const database = await openPostgres(env.DATABASE_URL as string, { poolSize: 4 });
    const ctx = { db: database.db, clock: systemClock };
    const adminUser = await database.db
      .withTables<{ users: { id: string; tenant_id: string; email: string } }>()
      .selectFrom('users')
      .selectAll()
      .where('email', '=', 'admin@example.com')
      .executeTakeFirstOrThrow();
    const tenantId = adminUser.tenant_id;
    const engineers: { id: string; token: string }[] = [];
    for (let i = 0; i < ENGINEERS; i++) {
      const user = await createUser(ctx, {
        tenantId,
        email: `e${i}@example.com`,
        name: `工程师${i}`,
        role: 'engineer',
      });
      engineers.push({ id: user.id, token: (await createApiToken(ctx, { tenantId, userId: user.id })).token });
    }
    expect((await usersRepo.list(database.db, tenantId)).length).toBe(ENGINEERS + 1);
    await database.close();

    const a = await startServer(env);
    const b = await startServer(env);
    const call = (base: string, token: string, method: string, path: string, body?: unknown) =>
      fetch(`${base}${path}`, {
        method,
        headers: { authorization: `Bearer ${token}`, ...(body ? { 'content-type': 'application/json' } : {}) },
        ...(body ? { body: JSON.stringify(body) } : {}),
      });
    for (const [i, e] of engineers.entries()) {
      const response = await call(i % 2 ? b.url : a.url, admin, 'PUT', `/api/v1/engineers/${e.id}`, { status: 'idle' });
      expect(response.status).toBe(200);
    }
    const ticket = (await (
      await call(a.url, admin, 'POST', '/api/v1/tickets', {
        subject: '抢单测试',
        description: '',
        type: 'field_service',
      })
    ).json()) as { id: string };
    const offer = await call(b.url, admin, 'POST', `/api/v1/tickets/${ticket.id}/offers`, {
      engineerIds: engineers.map((e) => e.id),
    });
    expect(offer.status).toBe(201);

    const statuses = await Promise.all(
      engineers.map(
        async (e, i) =>
          (await call(i % 2 ? b.url : a.url, e.token, 'POST', `/api/v1/tickets/${ticket.id}/offers/accept`)).status,
      ),
    );
    expect(statuses.filter((s) => s === 200)).toHaveLength(1);
    expect(statuses.filter((s) => s === 409)).toHaveLength(ENGINEERS - 1);
    const winner = engineers[statuses.indexOf(200)];
    const after = (await (await call(a.url, admin, 'GET', `/api/v1/tickets/${ticket.id}`)).json()) as {
      assigneeId: string;
    };
    expect(after.assigneeId).toBe(winner?.id);
    await Promise.all([stop(a.child), stop(b.child)]);
  }, 180_000);
});
