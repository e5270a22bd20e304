import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { createTestApp, type TestApp, usingPostgres } from '../support/test-app.ts';
import { created, etagOf, isDocsRoute, isProblem, type Reply, snapshot } from './security-fixtures.ts';

let t: TestApp;

beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => t.close());

async function ticketsWithSubject(app: TestApp, subject: string): Promise<{ tenant_id: string; id: string }[]> {
  const result = await sql<{
    tenant_id: string;
    id: string;
  }>`select tenant_id, id from tickets where subject = ${subject}`.execute(app.database.db);
  return result.rows;
}

const ticket = (subject: string) => ({
  subject,
  description: 'idempotent create',
  priority: 'P2',
  customer: { name: '赵先生', phone: '13700137000' },
});

describe('Idempotency-Key on POST /api/v1/tickets', () => {
  it('replays the first status and body for a retry and creates one ticket', async () => {
    const key = randomUUID();
    const subject = `retry ${key}`;
    const first = await t.call(t.tenantA.tokens.agent, 'POST', '/api/v1/tickets', ticket(subject), {
      'idempotency-key': key,
    });
    expect(first.statusCode).toBe(201);
    const again = await t.call(t.tenantA.tokens.agent, 'POST', '/api/v1/tickets', ticket(subject), {
      'idempotency-key': key,
    });
    expect(again.statusCode).toBe(201);
    expect(again.json()).toEqual(first.json());
    expect(again.headers['idempotent-replayed']).toBe('true');
    expect(await ticketsWithSubject(t, subject)).toHaveLength(1);
  });

  it('lets exactly one of 20 concurrent requests with one key create the ticket; the rest replay it or answer 409', async () => {
    const key = randomUUID();
    const subject = `burst ${key}`;
    const replies = await Promise.all(
      Array.from({ length: 20 }, () =>
        t.call(t.tenantA.tokens.agent, 'POST', '/api/v1/tickets', ticket(subject), { 'idempotency-key': key }),
      ),
    );
    const rows = await ticketsWithSubject(t, subject);
    expect(rows).toHaveLength(1);
    const createdId = rows[0]?.id;
    for (const reply of replies) {
      if (reply.statusCode === 409) {
        expect(isProblem(reply)).toBe(true);
        expect(reply.json().code).toBe('IDEMPOTENCY_IN_PROGRESS');
      } else {
        expect(reply.statusCode, reply.body).toBe(201);
        expect(reply.json().id).toBe(createdId);
      }
    }
    expect(replies.filter((r) => r.statusCode === 201 && r.headers['idempotent-replayed'] !== 'true')).toHaveLength(1);
    const later = await t.call(t.tenantA.tokens.agent, 'POST', '/api/v1/tickets', ticket(subject), {
      'idempotency-key': key,
    });
    expect(later.statusCode).toBe(201);
    expect(later.json().id).toBe(createdId);
  });

  it('answers 422 to the same key with another body and creates nothing more', async () => {
    const key = randomUUID();
    const first = await t.call(t.tenantA.tokens.agent, 'POST', '/api/v1/tickets', ticket(`first ${key}`), {
      'idempotency-key': key,
    });
    expect(first.statusCode).toBe(201);
    const before = await snapshot(t.database.db);
    const other = await t.call(t.tenantA.tokens.agent, 'POST', '/api/v1/tickets', ticket(`second ${key}`), {
      'idempotency-key': key,
    });
    expect(other.statusCode).toBe(422);
    expect(isProblem(other)).toBe(true);
    expect(other.json().code).toBe('IDEMPOTENCY_KEY_REUSED');
    expect(await snapshot(t.database.db)).toEqual(before);
  });

  it("keeps keys per tenant: B sending A's key creates B's own ticket", async () => {
    const key = `order-${randomUUID()}`;
    const subject = `shared key ${key}`;
    const a = await t.call(t.tenantA.tokens.agent, 'POST', '/api/v1/tickets', ticket(subject), {
      'idempotency-key': key,
    });
    const b = await t.call(t.tenantB.tokens.agent, 'POST', '/api/v1/tickets', ticket(subject), {
      'idempotency-key': key,
    });
    expect(a.statusCode).toBe(201);
    expect(b.statusCode).toBe(201);
    expect(b.headers['idempotent-replayed']).toBeUndefined();
    expect(b.json().id).not.toBe(a.json().id);
    const rows = await ticketsWithSubject(t, subject);
    expect(rows.map((r) => r.tenant_id).sort()).toEqual([t.tenantA.id, t.tenantB.id].sort());
    expect((await t.call(t.tenantB.tokens.agent, 'GET', `/api/v1/tickets/${a.json().id}`)).statusCode).toBe(404);
  });

  it('refuses a key that is not 1–255 visible ASCII characters, creating nothing', async () => {
    const before = await snapshot(t.database.db);
    for (const key of ['x'.repeat(256), 'has space', 'ключ']) {
      const reply = await t.app.inject({
        method: 'POST',
        url: '/api/v1/tickets',
        headers: {
          authorization: `Bearer ${t.tenantA.tokens.agent}`,
          'content-type': 'application/json',
          'idempotency-key': key,
        },
        payload: JSON.stringify(ticket(`bad key ${key}`)),
      });
      expect(reply.statusCode, key).toBe(400);
    }
    expect(await snapshot(t.database.db)).toEqual(before);
  });

  it("never hands one user's stored response to another user of the tenant, such as a new API token", async () => {
    const key = 'create-ci-token';
    const mine = await t.call(
      t.tenantA.tokens.admin,
      'POST',
      '/api/v1/tokens',
      { name: 'ci' },
      { 'idempotency-key': key },
    );
    expect(mine.statusCode).toBe(201);
    const theirs = await t.call(
      t.tenantA.tokens.engineer,
      'POST',
      '/api/v1/tokens',
      { name: 'ci' },
      { 'idempotency-key': key },
    );
    expect(theirs.body).not.toContain(String(mine.json().token));
    if (theirs.statusCode === 201) {
      const me = await t.call(String(theirs.json().token), 'GET', '/api/v1/auth/me');
      expect(me.json().user.id).toBe(t.tenantA.userIds.engineer);
    }
  });
});

describe('rate limits', () => {
  let limited: TestApp;

  beforeAll(async () => {
    limited = await createTestApp({ RATE_LIMIT_PER_MINUTE: '5' });
  });
  afterAll(async () => limited.close());
  afterEach(() => {
    vi.useRealTimers();
  });

  it('answers the 6th request in a minute with 429 problem+json and an integer Retry-After, without doing the work', async () => {
    const token = limited.tenantA.tokens.agent;
    for (let i = 0; i < 5; i++) {
      const ok = await limited.call(token, 'GET', '/api/v1/tickets');
      expect(ok.statusCode).toBe(200);
      expect(ok.headers['ratelimit-remaining']).toBe(String(4 - i));
    }
    const before = await snapshot(limited.database.db);
    const blocked = await limited.call(token, 'POST', '/api/v1/tickets', ticket('over the limit'));
    expect(blocked.statusCode).toBe(429);
    expect(isProblem(blocked)).toBe(true);
    expect(blocked.json().code).toBe('RATE_LIMITED');
    expect(String(blocked.headers['retry-after'])).toMatch(/^\d+$/);
    expect(Number(blocked.headers['retry-after'])).toBeGreaterThanOrEqual(1);
    expect(Number(blocked.headers['retry-after'])).toBeLessThanOrEqual(60);
    expect(await snapshot(limited.database.db)).toEqual(before);
  });

  it("leaves other tenants and the tenant's other users unaffected", async () => {
    const token = limited.tenantA.tokens.supervisor;
    const replies: Reply[] = [];
    for (let i = 0; i < 7; i++) replies.push(await limited.call(token, 'GET', '/api/v1/tickets'));
    expect(replies.map((r) => r.statusCode)).toEqual([200, 200, 200, 200, 200, 429, 429]);
    expect((await limited.call(limited.tenantB.tokens.supervisor, 'GET', '/api/v1/tickets')).statusCode).toBe(200);
    expect((await limited.call(limited.tenantA.tokens.dispatcher, 'GET', '/api/v1/tickets')).statusCode).toBe(200);
  });

  it('lets the caller in again once Retry-After has passed', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    const token = limited.tenantA.tokens.engineer;
    for (let i = 0; i < 5; i++) await limited.call(token, 'GET', '/api/v1/auth/me');
    const blocked = await limited.call(token, 'GET', '/api/v1/auth/me');
    expect(blocked.statusCode).toBe(429);
    vi.setSystemTime(Date.now() + Number(blocked.headers['retry-after']) * 1000);
    expect((await limited.call(token, 'GET', '/api/v1/auth/me')).statusCode).toBe(200);
  });
});

describe('concurrent edits', () => {
  // Every route that edits a versioned object, with a change to make and how to read its ETag.
  // `change(n)` differs for every n, so no PATCH below is a no-op.
  type Editable = { url: string; change: (n: number) => Record<string, unknown> };
  let counter = 0;
  let editables: Record<string, Editable>;

  beforeAll(async () => {
    const admin = t.tenantA.tokens.admin;
    const ticketId = created(await t.call(admin, 'POST', '/api/v1/tickets', ticket('并发编辑')), 'ticket').id;
    const customerId = created(await t.call(admin, 'POST', '/api/v1/customers', { name: '并发客户' }), 'customer').id;
    const userId = created(
      await t.call(admin, 'POST', '/api/v1/users', {
        email: 'concurrent@alpha.example.com',
        name: 'Concurrent',
        role: 'agent',
      }),
      'user',
    ).id;
    const typeId = created(
      await t.call(admin, 'POST', '/api/v1/ticket-types', { key: 'concurrent', name: 'Concurrent', kind: 'desk' }),
      'type',
    ).id;
    const teamId = created(await t.call(admin, 'POST', '/api/v1/teams', { name: 'Concurrent team' }), 'team').id;
    const calendarId = created(
      await t.call(admin, 'POST', '/api/v1/calendars', { name: 'Concurrent hours', alwaysOpen: true }),
      'calendar',
    ).id;
    const slaPolicyId = created(
      await t.call(admin, 'POST', '/api/v1/sla-policies', {
        name: 'Concurrent P1',
        conditions: { priorities: ['P1'] },
        targets: { firstResponse: 30, resolution: 240 },
      }),
      'SLA policy',
    ).id;
    const triggerId = created(
      await t.call(admin, 'POST', '/api/v1/triggers', {
        name: 'Concurrent VIP',
        events: ['ticket.created'],
        conditions: { all: [{ field: 'priority', operator: 'is', value: 'P1' }] },
        actions: [{ type: 'addTags', tags: ['vip'] }],
      }),
      'trigger',
    ).id;
    const automationId = created(
      await t.call(admin, 'POST', '/api/v1/automations', {
        name: 'Concurrent close',
        conditions: { all: [{ field: 'hoursSinceResolved', operator: 'gt', value: 168 }] },
        actions: [{ type: 'setStatus', value: 'closed' }],
      }),
      'automation',
    ).id;
    const engineerId = t.tenantA.userIds.engineer;
    // A PUT without If-Match creates the profile; from then on it changes it only with one.
    created(
      await t.call(admin, 'PUT', `/api/v1/engineers/${engineerId}`, {
        status: 'idle',
        skills: [{ key: 'hvac', level: 3 }],
      }),
      'engineer profile',
    );
    const macroId = created(
      await t.call(admin, 'POST', '/api/v1/macros', {
        name: '并发宏',
        actions: [{ type: 'reply', template: '您好 {{customer.name}}，请补充序列号。', public: true }],
      }),
      'macro',
    ).id;
    editables = {
      'PATCH /api/v1/calendars/:id': {
        url: `/api/v1/calendars/${calendarId}`,
        change: (n) => ({ name: `Concurrent hours ${n}` }),
      },
      'PATCH /api/v1/tickets/:id': {
        url: `/api/v1/tickets/${ticketId}`,
        change: (n) => ({ subject: `并发编辑 ${n}` }),
      },
      'PATCH /api/v1/customers/:id': {
        url: `/api/v1/customers/${customerId}`,
        change: (n) => ({ notes: `note ${n}` }),
      },
      'PATCH /api/v1/users/:id': { url: `/api/v1/users/${userId}`, change: (n) => ({ name: `Concurrent ${n}` }) },
      'PATCH /api/v1/ticket-types/:id': {
        url: `/api/v1/ticket-types/${typeId}`,
        change: (n) => ({ name: `Concurrent ${n}` }),
      },
      'PATCH /api/v1/teams/:id': { url: `/api/v1/teams/${teamId}`, change: (n) => ({ name: `Concurrent team ${n}` }) },
      'PATCH /api/v1/sla-policies/:id': {
        url: `/api/v1/sla-policies/${slaPolicyId}`,
        change: (n) => ({ targets: { firstResponse: 30 + n, resolution: 240 } }),
      },
      'PATCH /api/v1/triggers/:id': { url: `/api/v1/triggers/${triggerId}`, change: (n) => ({ name: `VIP ${n}` }) },
      'PATCH /api/v1/automations/:id': {
        url: `/api/v1/automations/${automationId}`,
        change: (n) => ({ name: `Concurrent close ${n}` }),
      },
      // No GET /api/v1/macros/:id: etagOf reads the macro's version from the list.
      'PATCH /api/v1/macros/:id': { url: `/api/v1/macros/${macroId}`, change: (n) => ({ name: `并发宏 ${n}` }) },
      'PUT /api/v1/engineers/:userId': {
        url: `/api/v1/engineers/${engineerId}`,
        change: (n) => ({ skills: [{ key: `skill-${n}`, level: 1 + (n % 5) }] }),
      },
    };
  });

  // PUTs that store a setting with no version, where the last write wins by design: not edits of an object.
  const UNVERSIONED_PUTS = ['PUT /api/v1/notifications/preferences', 'PUT /api/v1/dispatch/settings'];
  // Every PATCH, and every PUT that changes a versioned object (an engineer's dispatch profile).
  const patches = () =>
    t.app.routeList.filter(
      (route) =>
        (route.method === 'PATCH' ||
          (route.method === 'PUT' && !UNVERSIONED_PUTS.includes(`${route.method} ${route.url}`))) &&
        !route.public &&
        !isDocsRoute(route),
    );
  const editableFor = (name: string): Editable => {
    const found = editables[name];
    if (!found)
      throw new Error(`No editable object for ${name}: add one to editables in idempotency-and-limits.int.test.ts`);
    return found;
  };

  it('lets exactly one of two PATCHes with the same If-Match win; the other gets 412 and changes nothing', async () => {
    const admin = t.tenantA.tokens.admin;
    const { url } = editableFor('PATCH /api/v1/tickets/:id');
    const etag = String((await t.call(admin, 'GET', url)).headers.etag);
    const [one, two] = await Promise.all([
      t.call(admin, 'PATCH', url, { priority: 'P1', tags: ['first'] }, { 'if-match': etag }),
      t.call(t.tenantA.tokens.agent, 'PATCH', url, { priority: 'P4', tags: ['second'] }, { 'if-match': etag }),
    ]);
    const statuses = [one?.statusCode, two?.statusCode].sort();
    expect(statuses).toEqual([200, 412]);
    const winner = (one?.statusCode === 200 ? one : two) as Reply;
    const loser = (one?.statusCode === 200 ? two : one) as Reply;
    expect(isProblem(loser)).toBe(true);
    const final = (await t.call(admin, 'GET', url)).json();
    expect({ priority: final.priority, tags: final.tags }).toEqual({
      priority: winner.json().priority,
      tags: winner.json().tags,
    });
    const events = (await t.call(admin, 'GET', `${url}/timeline`))
      .json()
      .events.filter((e: { type: string }) => e.type === 'ticket.priority_changed');
    expect(events).toHaveLength(1);
  });

  it('refuses a PATCH without If-Match (428) on every route that edits an object', async () => {
    const answers: string[] = [];
    for (const route of patches()) {
      const { url, change } = editableFor(`${route.method} ${route.url}`);
      const before = await snapshot(t.database.db);
      const reply = await t.call(t.tenantA.tokens.admin, route.method as 'PATCH', url, change(++counter));
      answers.push(`${route.url} → ${reply.statusCode}`);
      if (reply.statusCode === 428) expect(await snapshot(t.database.db)).toEqual(before);
    }
    expect(answers).toEqual(patches().map((route) => `${route.url} → 428`));
    expect(answers).toContain('/api/v1/engineers/:userId → 428');
  });

  it('gives every such route a lost-update guard: of two PATCHes with the same If-Match one gets 412', async () => {
    const answers: string[] = [];
    for (const route of patches()) {
      const { url, change } = editableFor(`${route.method} ${route.url}`);
      const etag = (await etagOf(t, t.tenantA.tokens.admin, url)) ?? '"00000000.1"';
      const method = route.method as 'PATCH';
      const replies = await Promise.all([
        t.call(t.tenantA.tokens.admin, method, url, change(++counter), { 'if-match': etag }),
        t.call(t.tenantA.tokens.admin, method, url, change(++counter), { 'if-match': etag }),
      ]);
      answers.push(`${route.url} → ${replies.map((r) => r.statusCode).sort()}`);
    }
    expect(answers).toEqual(patches().map((route) => `${route.url} → 200,412`));
  });
});

describe('the database connection pool', () => {
  it.skipIf(!usingPostgres)(
    'keeps serving, without an uncaught error, after PostgreSQL ends its idle connections',
    async () => {
      // A PostgreSQL restart, failover or idle_session_timeout ends pooled connections the same way.
      const uncaught: unknown[] = [];
      const capture = (error: unknown) => uncaught.push(error);
      process.on('uncaughtException', capture);
      try {
        await Promise.all(Array.from({ length: 4 }, () => t.call(t.tenantA.tokens.agent, 'GET', '/api/v1/tickets')));
        await sql`select pg_terminate_backend(pid) from pg_stat_activity
        where datname = current_database() and pid <> pg_backend_pid()`.execute(t.database.db);
        await new Promise((resolve) => setTimeout(resolve, 300));
        expect((await t.call(t.tenantA.tokens.agent, 'GET', '/api/v1/tickets')).statusCode).toBe(200);
      } finally {
        process.off('uncaughtException', capture);
      }
      expect(uncaught.map((error) => String((error as { code?: unknown }).code))).toEqual([]);
    },
  );
});
