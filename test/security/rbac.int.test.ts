import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hasPermission, PERMISSIONS, type Permission } from '../../src/platform/auth/permissions.ts';
import { ROLES } from '../../src/platform/auth/principal.ts';
import { createTestApp } from '../support/test-app.ts';
import {
  created,
  fillPath,
  isDocsRoute,
  isProblem,
  madeUpId,
  type Reply,
  type Route,
  STREAMING_ROUTES,
  send,
  snapshot,
  uploadAttachment,
} from './security-fixtures.ts';

// Built at collection time so the matrix below has one test per route.
const t = await createTestApp();
afterAll(async () => t.close());

const guarded = t.app.routeList.filter((route) => !route.public && !isDocsRoute(route));

/**
 * Calls a route with made-up ids and a JSON body; auth runs before parsing, so the body's shape does not matter.
 * `send` reads a streaming route (SSE) only up to its first event, so an allowed role does not wait forever.
 */
function callRoute(route: Route, headers: Record<string, string>): Promise<Reply> {
  const url = fillPath(route.url, madeUpId);
  const unsafe = route.method !== 'GET' && route.method !== 'DELETE';
  return send(t, {
    method: route.method as 'GET',
    url,
    headers: { ...headers, ...(unsafe ? { 'content-type': 'application/json' } : {}) },
    ...(unsafe ? { payload: '{"malformed": ' } : {}),
  });
}

describe('routes without a valid credential', () => {
  it('knows every guarded route by a permission from the PERMISSIONS table', () => {
    const unknown = guarded.filter((route) => !route.permission || !(route.permission in PERMISSIONS));
    expect(unknown.map((r) => `${r.method} ${r.url} (${r.permission})`)).toEqual([]);
    expect(guarded.length).toBeGreaterThan(20);
  });

  it('opens each streaming route as a live event stream for a role that may, rather than hanging', async () => {
    for (const name of STREAMING_ROUTES) {
      const route = guarded.find((r) => `${r.method} ${r.url}` === name);
      expect(route, name).toBeDefined();
      const role = ROLES.find((r) => hasPermission(r, route?.permission as Permission));
      const reply = await send(t, {
        method: route?.method as 'GET',
        url: String(route?.url),
        token: t.tenantA.tokens[role ?? 'admin'],
      });
      expect(reply.statusCode, reply.body).toBe(200);
      expect(String(reply.headers['content-type'])).toMatch(/^text\/event-stream/);
      expect(reply.body).toMatch(/^: connected\n\n/);
    }
  });

  it.each(guarded.map((route) => [`${route.method} ${route.url}`, route] as const))(
    '%s answers 401 problem+json to no token, a wrong one, and a malformed header',
    async (_name, route) => {
      const attempts: Record<string, Record<string, string>> = {
        none: {},
        unknownToken: { authorization: `Bearer ldk_${'x'.repeat(43)}` },
        shortToken: { authorization: 'Bearer abc' },
        basic: { authorization: `Basic ${Buffer.from('admin@alpha.example.com:correct-horse-1').toString('base64')}` },
        trailingGarbage: { authorization: `Bearer ${t.tenantA.tokens.admin} extra` },
        unknownCookie: { cookie: 'loopdesk_session=not-a-session' },
      };
      for (const [label, headers] of Object.entries(attempts)) {
        const reply = await callRoute(route, headers);
        expect(reply.statusCode, `${label}: ${reply.body}`).toBe(401);
        expect(isProblem(reply), label).toBe(true);
        expect(reply.json().code, label).toBe('UNAUTHENTICATED');
      }
    },
  );
});

describe('the role matrix, derived from the PERMISSIONS table', () => {
  const cells = ROLES.flatMap((role) => guarded.map((route) => [role, `${route.method} ${route.url}`, route] as const));

  it.each(cells)(
    '%s calling %s is let through exactly when its role has the permission',
    async (role, _name, route) => {
      const allowed = hasPermission(role, route.permission as Permission);
      const before = allowed ? null : await snapshot(t.database.db);
      const reply = await callRoute(route, { authorization: `Bearer ${t.tenantA.tokens[role]}` });
      if (allowed) {
        expect([401, 403], `${reply.statusCode} ${reply.body}`).not.toContain(reply.statusCode);
      } else {
        expect(reply.statusCode, reply.body).toBe(403);
        expect(isProblem(reply)).toBe(true);
        expect(reply.json().code).toBe('FORBIDDEN');
        expect(await snapshot(t.database.db)).toEqual(before);
      }
    },
  );

  it('has at least one role that is refused somewhere, so the matrix is not all green by accident', () => {
    const refused = cells.filter(([role, , route]) => !hasPermission(role, route.permission as Permission));
    expect(refused.length).toBeGreaterThan(10);
  });
});

describe('engineers see only the tickets assigned to them', () => {
  let mine: string;
  let others: string[];
  let otherAttachment: string;
  const engineer = () => t.tenantA.tokens.engineer;

  beforeAll(async () => {
    const agent = t.tenantA.tokens.agent;
    const make = async (subject: string, assigneeId: string | null) =>
      created(
        await t.call(agent, 'POST', '/api/v1/tickets', { subject, description: `${subject} details`, assigneeId }),
        subject,
      ).id;
    mine = await make('kestrel boiler on site', t.tenantA.userIds.engineer);
    others = [await make('heron unassigned leak', null), await make('osprey agent ticket', t.tenantA.userIds.agent)];
    otherAttachment = created(
      await uploadAttachment(t, { token: agent, ticketId: others[1] as string, content: 'private' }),
      'attachment',
    ).id;
    await t.call(agent, 'POST', `/api/v1/tickets/${others[1]}/comments`, {
      body: 'osprey internal note',
      public: false,
    });
  });

  it('lists only their own tickets, whatever filter or search they add', async () => {
    for (const query of [
      '',
      '?q=heron',
      '?q=osprey',
      `?assigneeId=${t.tenantA.userIds.agent}`,
      '?assigneeId=none',
      '?open=true',
      '?sort=due&limit=200',
    ]) {
      const reply = await t.call(engineer(), 'GET', `/api/v1/tickets${query}`);
      expect(reply.statusCode).toBe(200);
      const ids = reply.json().items.map((item: { id: string }) => item.id);
      expect(
        ids.filter((id: string) => id !== mine),
        query,
      ).toEqual([]);
    }
    expect((await t.call(engineer(), 'GET', '/api/v1/tickets')).json().items.map((i: { id: string }) => i.id)).toEqual([
      mine,
    ]);
  });

  it("answers 404 for every read and write of someone else's ticket, and writes nothing", async () => {
    const before = await snapshot(t.database.db);
    for (const id of others) {
      const attempts: [string, string, unknown?, Record<string, string>?][] = [
        ['GET', `/api/v1/tickets/${id}`],
        ['GET', `/api/v1/tickets/${id}?include=timeline`],
        ['GET', `/api/v1/tickets/${id}/timeline`],
        ['GET', `/api/v1/tickets/${id}/attachments/${otherAttachment}`],
        [
          'PATCH',
          `/api/v1/tickets/${id}`,
          { assigneeId: t.tenantA.userIds.engineer },
          { 'if-match': `"${id.slice(0, 8)}.1"` },
        ],
        ['POST', `/api/v1/tickets/${id}/comments`, { body: 'engineer note', public: false }],
        ['POST', `/api/v1/tickets/${mine}/links`, { ticketId: id }],
        ['POST', `/api/v1/tickets/${id}/links`, { ticketId: mine }],
      ];
      for (const [method, url, body, headers] of attempts) {
        const reply = await t.call(engineer(), method as 'GET', url, body, headers);
        expect(reply.statusCode, `${method} ${url}: ${reply.body}`).toBe(404);
        expect(reply.body).not.toMatch(/heron|osprey/);
      }
      const upload = await uploadAttachment(t, { token: engineer(), ticketId: id });
      expect(upload.statusCode).toBe(404);
    }
    expect(await snapshot(t.database.db)).toEqual(before);
  });

  it('still reads and works their own ticket, so the 404s are about assignment', async () => {
    const read = await t.call(engineer(), 'GET', `/api/v1/tickets/${mine}`);
    expect(read.statusCode).toBe(200);
    const note = await t.call(engineer(), 'POST', `/api/v1/tickets/${mine}/comments`, {
      body: '到场，正在检修',
      public: false,
    });
    expect(note.statusCode).toBe(201);
  });

  it("does not reveal the subject of a ticket they cannot open through their own ticket's links", async () => {
    const agent = t.tenantA.tokens.agent;
    const hidden = others[1] as string;
    expect(
      (await t.call(agent, 'POST', `/api/v1/tickets/${hidden}/links`, { ticketId: mine, kind: 'related' })).statusCode,
    ).toBe(204);
    const timeline = await t.call(engineer(), 'GET', `/api/v1/tickets/${mine}?include=timeline`);
    expect(timeline.statusCode).toBe(200);
    expect(timeline.body).not.toContain('osprey');
  });
});

describe('API tokens', () => {
  async function newToken(token: string): Promise<{ id: string; secret: string }> {
    const reply = created(await t.call(token, 'POST', '/api/v1/tokens', { name: 'rbac test' }), 'token');
    return { id: reply.id, secret: String(reply.token) };
  }

  it('stops a token the moment it is revoked with itself', async () => {
    const token = await newToken(t.tenantA.tokens.agent);
    expect((await t.call(token.secret, 'GET', '/api/v1/auth/me')).statusCode).toBe(200);
    expect((await t.call(token.secret, 'DELETE', `/api/v1/tokens/${token.id}`)).statusCode).toBe(204);
    const after = await t.call(token.secret, 'GET', '/api/v1/auth/me');
    expect(after.statusCode).toBe(401);
    expect(isProblem(after)).toBe(true);
  });

  it("stops a token the moment it is revoked from another of the user's tokens", async () => {
    const token = await newToken(t.tenantA.tokens.dispatcher);
    expect((await t.call(token.secret, 'GET', '/api/v1/tickets')).statusCode).toBe(200);
    expect((await t.call(t.tenantA.tokens.dispatcher, 'DELETE', `/api/v1/tokens/${token.id}`)).statusCode).toBe(204);
    expect((await t.call(token.secret, 'GET', '/api/v1/tickets')).statusCode).toBe(401);
    expect((await t.call(t.tenantA.tokens.dispatcher, 'DELETE', `/api/v1/tokens/${token.id}`)).statusCode).toBe(404);
  });

  it("does not let one user revoke another user's token, even an admin in the same tenant", async () => {
    const token = await newToken(t.tenantA.tokens.supervisor);
    const reply = await t.call(t.tenantA.tokens.admin, 'DELETE', `/api/v1/tokens/${token.id}`);
    expect(reply.statusCode).toBe(404);
    expect((await t.call(token.secret, 'GET', '/api/v1/auth/me')).statusCode).toBe(200);
  });

  it("refuses a deactivated user's token at once", async () => {
    const tenant = await t.newTenant('Deactivated');
    const agentId = tenant.userIds.agent;
    expect((await t.call(tenant.tokens.agent, 'GET', '/api/v1/tickets')).statusCode).toBe(200);
    const user = await t.call(tenant.tokens.admin, 'GET', `/api/v1/users/${agentId}`);
    const patch = await t.call(
      tenant.tokens.admin,
      'PATCH',
      `/api/v1/users/${agentId}`,
      { active: false },
      { 'if-match': String(user.headers.etag) },
    );
    expect(patch.statusCode).toBe(200);
    expect((await t.call(tenant.tokens.agent, 'GET', '/api/v1/tickets')).statusCode).toBe(401);
  });

  it("applies a demoted user's new role to their token at once", async () => {
    const tenant = await t.newTenant('Demoted');
    const supervisorId = tenant.userIds.supervisor;
    expect((await t.call(tenant.tokens.supervisor, 'POST', '/api/v1/teams', { name: 'Night shift' })).statusCode).toBe(
      201,
    );
    const user = await t.call(tenant.tokens.admin, 'GET', `/api/v1/users/${supervisorId}`);
    const patch = await t.call(
      tenant.tokens.admin,
      'PATCH',
      `/api/v1/users/${supervisorId}`,
      { role: 'engineer' },
      { 'if-match': String(user.headers.etag) },
    );
    expect(patch.statusCode).toBe(200);
    expect((await t.call(tenant.tokens.supervisor, 'POST', '/api/v1/teams', { name: 'Day shift' })).statusCode).toBe(
      403,
    );
  });
});
