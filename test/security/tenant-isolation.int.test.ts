import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp } from '../support/test-app.ts';
import {
  created,
  etagOf,
  fillPath,
  isDocsRoute,
  isProblem,
  leakedIn,
  multipartFile,
  pathParams,
  type Reply,
  type Route,
  type SeededTenant,
  SHARED_PHONE,
  secretsOf,
  seedTenant,
  send,
  snapshot,
  tokenWith,
} from './security-fixtures.ts';

// Built at collection time so every route becomes its own test; seeded in beforeAll.
const t = await createTestApp();
let a: SeededTenant;
let b: SeededTenant;
let aTwinCustomerId: string;

beforeAll(async () => {
  a = await seedTenant(t, t.tenantA, 'aardwolf');
  b = await seedTenant(t, t.tenantB, 'zebracorn');
  aTwinCustomerId = created(
    await t.call(t.tenantA.tokens.admin, 'POST', '/api/v1/customers', {
      name: 'aardwolf Twin',
      contacts: [{ kind: 'phone', value: SHARED_PHONE }],
    }),
    'twin customer',
  ).id;
});
afterAll(async () => t.close());

// Which object a path parameter names, keyed by the path segment before it. A new kind of id
// fails the walk below until it gets a line here.
const ID_OF: Record<string, (seeded: SeededTenant) => string> = {
  'users/:id': (s) => s.userId,
  'teams/:id': (s) => s.teamId,
  'tokens/:id': (s) => s.extraToken.id,
  'customers/:id': (s) => s.customerId,
  'tickets/:id': (s) => s.ticketId,
  'ticket-types/:id': (s) => s.ticketTypeId,
  'calendars/:id': (s) => s.calendarId,
  'attachments/:attachmentId': (s) => s.attachmentId,
  'sla-policies/:id': (s) => s.slaPolicyId,
  'triggers/:id': (s) => s.triggerId,
  'automations/:id': (s) => s.automationId,
  'macros/:id': (s) => s.macroId,
  'macros/:macroId': (s) => s.macroId,
  'notification-channels/:id': (s) => s.channelId,
  'notifications/:id': (s) => s.notificationId,
  'jobs/:id': (s) => s.deadJobId,
  'engineers/:userId': (s) => s.engineerUserId,
};

function idFor(route: Route, seeded: SeededTenant, param: string, resource: string): string {
  const rule = ID_OF[`${resource}/:${param}`];
  if (!rule)
    throw new Error(
      `No rule for :${param} after /${resource}/ in ${route.method} ${route.url}: add one to ID_OF in tenant-isolation.int.test.ts`,
    );
  return rule(seeded);
}

type Attack = { json: unknown } | { multipart: true };

// For each unsafe route, a body that would visibly damage the object if the route found it.
const ATTACKS: Record<string, (own: SeededTenant) => Attack> = {
  'PATCH /api/v1/users/:id': () => ({ json: { name: 'Taken over', role: 'admin', active: false } }),
  'PATCH /api/v1/teams/:id': () => ({ json: { name: 'Taken over', memberIds: [] } }),
  'PATCH /api/v1/customers/:id': () => ({ json: { name: 'Taken over', notes: 'owned' } }),
  'PATCH /api/v1/tickets/:id': () => ({ json: { subject: 'Taken over', priority: 'P1', tags: ['owned'] } }),
  'PATCH /api/v1/ticket-types/:id': () => ({ json: { name: 'Taken over' } }),
  'PATCH /api/v1/calendars/:id': () => ({ json: { name: 'Taken over', holidays: [] } }),
  'POST /api/v1/calendars/:id/import': () => ({
    json: { format: 'json', content: '{"holidays":["2026-12-25"],"workdays":[]}' },
  }),
  'POST /api/v1/calendars/:id/due': () => ({ json: { start: '2026-10-01T09:00:00+08:00', minutes: 60 } }),
  'POST /api/v1/tickets/:id/comments': () => ({ json: { body: 'A was here', public: true } }),
  'POST /api/v1/tickets/:id/links': (own) => ({ json: { ticketId: own.ticketId, kind: 'related' } }),
  'POST /api/v1/tickets/:id/merge': (own) => ({ json: { targetId: own.ticketId } }),
  'POST /api/v1/tickets/:id/attachments': () => ({ multipart: true }),
  'PATCH /api/v1/sla-policies/:id': () => ({ json: { name: 'Taken over', active: false, targets: { resolution: 1 } } }),
  'PATCH /api/v1/triggers/:id': () => ({
    json: { name: 'Taken over', actions: [{ type: 'setPriority', value: 'P4' }] },
  }),
  'PATCH /api/v1/automations/:id': () => ({ json: { name: 'Taken over', active: false } }),
  'PATCH /api/v1/macros/:id': () => ({
    json: { name: 'Taken over', actions: [{ type: 'setStatus', value: 'closed' }] },
  }),
  // These three take no body: the path (and for a macro, the ticket's If-Match) is the whole request.
  'POST /api/v1/tickets/:id/macros/:macroId': () => ({ json: {} }),
  'POST /api/v1/notifications/:id/read': () => ({ json: {} }),
  'POST /api/v1/jobs/:id/retry': () => ({ json: {} }),
  'PUT /api/v1/engineers/:userId': () => ({
    json: { status: 'off', skills: [], certifications: [], dailyCapacity: 0, rating: 0, home: null },
  }),
  'POST /api/v1/engineers/:userId/location': () => ({ json: { lat: 0, lng: 0 } }),
  'POST /api/v1/tickets/:id/offers': (own) => ({ json: { engineerIds: [own.engineerUserId], expiresInMinutes: 1440 } }),
  // No body: the caller (an engineer: only they may accept) and the path are the whole request.
  'POST /api/v1/tickets/:id/offers/accept': () => ({ json: {} }),
  'POST /api/v1/tickets/:id/decline': () => ({ json: { reason: 'taken over' } }),
};

// Writes besides PATCH and PUT that need If-Match, and the URL of the object whose ETag they send.
const IF_MATCH_FROM: Record<string, (url: string) => string> = {
  'POST /api/v1/tickets/:id/macros/:macroId': (url) => url.replace(/\/macros\/[^/]+$/, ''),
  'POST /api/v1/tickets/:id/decline': (url) => url.replace(/\/decline$/, ''),
};

async function attack(route: Route, url: string, own: SeededTenant): Promise<Reply> {
  // The admin, or for a route the admin may not call (accepting an offer) a role that may: a 403 proves nothing.
  const token = tokenWith(own.tenant, route.permission);
  const method = route.method as 'GET' | 'POST' | 'PATCH' | 'DELETE' | 'PUT';
  const headers: Record<string, string> = {};
  const preconditionOn =
    method === 'PATCH' || method === 'PUT' ? url : IF_MATCH_FROM[`${route.method} ${route.url}`]?.(url);
  if (preconditionOn) {
    // Send the victim's real ETag so only tenancy, not the precondition, can stop the write. Where the object
    // carrying the ETag is the attacker's own (a macro of B applied to a ticket of A), send that one.
    const etag =
      (await etagOf(t, t.tenantB.tokens.admin, preconditionOn)) ??
      (await etagOf(t, own.tenant.tokens.admin, preconditionOn));
    if (etag) headers['if-match'] = etag;
  }
  if (method === 'GET' || method === 'DELETE') return send(t, { method, url, token, headers });
  const build = ATTACKS[`${route.method} ${route.url}`];
  if (!build)
    throw new Error(
      `No attack body for ${route.method} ${route.url}: add one to ATTACKS in tenant-isolation.int.test.ts`,
    );
  const body = build(own);
  if ('multipart' in body) {
    const file = multipartFile({ filename: 'evil.txt', contentType: 'text/plain', content: 'from tenant A' });
    return send(t, { method, url, token, payload: file.payload, headers: { ...headers, ...file.headers } });
  }
  return send(t, {
    method,
    url,
    token,
    payload: JSON.stringify(body.json),
    headers: { ...headers, 'content-type': 'application/json' },
  });
}

/** What tenant B sees of its own objects: every GET-by-id route, its team list, and its extra token. */
async function tenantBView(): Promise<string[]> {
  const views: string[] = [];
  for (const route of t.app.routeList.filter(
    (r) => r.method === 'GET' && pathParams(r.url).length > 0 && !isDocsRoute(r),
  )) {
    const url = fillPath(route.url, (param, resource) => idFor(route, b, param, resource));
    const reply = await t.call(tokenWith(t.tenantB, route.permission), 'GET', url);
    views.push(`${url} ${reply.statusCode} ${String(reply.headers.etag ?? '')} ${reply.body}`);
  }
  views.push((await t.call(t.tenantB.tokens.admin, 'GET', '/api/v1/teams')).body);
  views.push(`extra token: ${(await t.call(b.extraToken.secret, 'GET', '/api/v1/auth/me')).statusCode}`);
  // B's engineer's open offers (of B's seeded ticket): an accept that got through would close one.
  views.push((await t.call(t.tenantB.tokens.engineer, 'GET', '/api/v1/offers')).body);
  return views;
}

const idRoutes = t.app.routeList.filter((route) => pathParams(route.url).length > 0 && !isDocsRoute(route));

describe('the snapshot these tests compare', () => {
  it("changes when one row changes, and only in that tenant's view", async () => {
    const whole = await snapshot(t.database.db);
    const ownA = await snapshot(t.database.db, t.tenantA.id);
    const ownB = await snapshot(t.database.db, t.tenantB.id);
    const current = await t.call(t.tenantA.tokens.admin, 'GET', `/api/v1/customers/${aTwinCustomerId}`);
    const patch = await t.call(
      t.tenantA.tokens.admin,
      'PATCH',
      `/api/v1/customers/${aTwinCustomerId}`,
      { notes: 'changed once' },
      { 'if-match': String(current.headers.etag) },
    );
    expect(patch.statusCode).toBe(200);
    expect(await snapshot(t.database.db)).not.toEqual(whole);
    expect((await snapshot(t.database.db, t.tenantA.id)).customers).not.toBe(ownA.customers);
    expect(await snapshot(t.database.db, t.tenantB.id)).toEqual(ownB);
  });
});

describe("tenant A calling every route with tenant B's ids", () => {
  it('finds the id routes it is meant to walk', () => {
    const names = idRoutes.map((r) => `${r.method} ${r.url}`);
    expect(names).toEqual(
      expect.arrayContaining([
        'GET /api/v1/tickets/:id',
        'PATCH /api/v1/tickets/:id',
        'DELETE /api/v1/tokens/:id',
        'GET /api/v1/tickets/:id/attachments/:attachmentId',
        'PATCH /api/v1/macros/:id',
        'POST /api/v1/tickets/:id/macros/:macroId',
        'POST /api/v1/notifications/:id/read',
        'POST /api/v1/jobs/:id/retry',
        'GET /api/v1/engineers/:userId',
        'PUT /api/v1/engineers/:userId',
        'POST /api/v1/engineers/:userId/location',
        'GET /api/v1/tickets/:id/candidates',
        'POST /api/v1/tickets/:id/offers',
        'POST /api/v1/tickets/:id/offers/accept',
        'POST /api/v1/tickets/:id/decline',
      ]),
    );
  });

  it.each(idRoutes.map((route) => [`${route.method} ${route.url}`, route] as const))(
    '%s answers 404 problem+json and changes nothing',
    async (_name, route) => {
      const before = await snapshot(t.database.db);
      const viewBefore = await tenantBView();
      const url = fillPath(route.url, (param, resource) => idFor(route, b, param, resource));
      const reply = await attack(route, url, a);
      expect(reply.statusCode, reply.body).toBe(404);
      expect(isProblem(reply)).toBe(true);
      expect(reply.json().code).toMatch(/NOT_FOUND$/);
      expect(leakedIn(reply.body, secretsOf(b), url)).toEqual([]);
      expect(await snapshot(t.database.db)).toEqual(before);
      expect(await tenantBView()).toEqual(viewBefore);
    },
  );

  it.each(
    idRoutes
      .filter((route) => pathParams(route.url).length > 1)
      .flatMap((route) =>
        pathParams(route.url).map((foreign) => [`${route.method} ${route.url}`, foreign, route] as const),
      ),
  )("%s answers 404 when only :%s is tenant B's and the rest are A's own", async (_name, foreign, route) => {
    const before = await snapshot(t.database.db);
    const url = fillPath(route.url, (param, resource) => idFor(route, param === foreign ? b : a, param, resource));
    const reply = await attack(route, url, a);
    expect(reply.statusCode, reply.body).toBe(404);
    expect(isProblem(reply)).toBe(true);
    expect(leakedIn(reply.body, secretsOf(b), url)).toEqual([]);
    expect(await snapshot(t.database.db)).toEqual(before);
  });

  it("still serves tenant A's own objects on the same routes, so the 404s above are about tenancy", async () => {
    for (const route of idRoutes.filter((r) => r.method === 'GET')) {
      const url = fillPath(route.url, (param, resource) => idFor(route, a, param, resource));
      const reply = await t.call(tokenWith(t.tenantA, route.permission), 'GET', url);
      expect(reply.statusCode, `${route.url}: ${reply.body}`).toBe(200);
    }
  });
});

describe("lists and searches in tenant A never return tenant B's rows", () => {
  it('walks every list route without a path id and finds none of B in the answers', async () => {
    const lists = t.app.routeList.filter(
      (r) => r.method === 'GET' && !r.public && !isDocsRoute(r) && pathParams(r.url).length === 0,
    );
    expect(lists.map((r) => r.url)).toEqual(
      expect.arrayContaining([
        '/api/v1/tickets',
        '/api/v1/customers',
        '/api/v1/users',
        '/api/v1/teams',
        '/api/v1/ticket-types',
        '/api/v1/sla-policies',
        '/api/v1/triggers',
        '/api/v1/automations',
        '/api/v1/macros',
        '/api/v1/notification-channels',
        '/api/v1/notifications',
        '/api/v1/notifications/stream',
        '/api/v1/jobs/dead',
        '/api/v1/engineers',
        '/api/v1/offers',
      ]),
    );
    for (const route of lists) {
      // `send` rather than `t.call`: it reads the notification stream up to its first event instead of forever.
      // The admin, or for a list only another role may read (an engineer's open offers) that role.
      const reply = await send(t, { method: 'GET', url: route.url, token: tokenWith(t.tenantA, route.permission) });
      expect(reply.statusCode, route.url).toBe(200);
      expect(leakedIn(reply.body, secretsOf(b)), route.url).toEqual([]);
    }
  });

  it("answers searches and filters naming B's words, ids and contacts with A's rows only", async () => {
    const queries = [
      `/api/v1/tickets?q=${b.marker}`,
      `/api/v1/tickets?q=${b.ticketNumber}`,
      `/api/v1/tickets?customerId=${b.customerId}`,
      `/api/v1/tickets?assigneeId=${b.userId}`,
      `/api/v1/tickets?teamId=${b.teamId}`,
      `/api/v1/tickets?type=${b.marker}_type`,
      `/api/v1/tickets?tag=${b.marker}`,
      `/api/v1/customers?phone=${SHARED_PHONE}`,
      `/api/v1/customers?q=${b.marker}`,
      `/api/v1/customers?email=${encodeURIComponent(`zhang.${b.marker}@customer.example.com`)}`,
      `/api/v1/customers?contact=${encodeURIComponent(`zhang.${b.marker}@customer.example.com`)}`,
      '/api/v1/users',
      '/api/v1/teams',
      '/api/v1/ticket-types',
    ];
    for (const url of queries) {
      // The same query works for B, so an empty answer for A means filtering, not a broken query.
      const own = await t.call(t.tenantB.tokens.admin, 'GET', url);
      expect(leakedIn(own.body, secretsOf(b)).length, `B's own ${url}`).toBeGreaterThan(0);
      const foreign = await t.call(t.tenantA.tokens.admin, 'GET', url);
      expect(foreign.statusCode, url).toBe(200);
      expect(leakedIn(foreign.body, secretsOf(b)), url).toEqual([]);
    }
  });

  it("finds duplicates of an A customer among A's customers only, though B has one with the same phone", async () => {
    const reply = await t.call(t.tenantA.tokens.admin, 'GET', `/api/v1/customers/${a.customerId}/duplicates`);
    expect(reply.statusCode).toBe(200);
    expect(reply.json().items.map((item: { customer: { id: string } }) => item.customer.id)).toContain(aTwinCustomerId);
    expect(leakedIn(reply.body, secretsOf(b))).toEqual([]);
  });

  it("lists only the caller's own API tokens", async () => {
    const reply = await t.call(t.tenantA.tokens.admin, 'GET', '/api/v1/tokens');
    expect(reply.json().items.map((token: { id: string }) => token.id)).toContain(a.extraToken.id);
    expect(leakedIn(reply.body, secretsOf(b))).toEqual([]);
  });
});

describe("tenant A's writes that name tenant B's objects in the body", () => {
  // `foreignId` is the B id the request names: echoing it back is fine, anything else of B's is a leak.
  const expectRefusedAndNothingWritten = async (run: () => Promise<Reply>, foreignId: string) => {
    const before = await snapshot(t.database.db);
    const reply = await run();
    expect(reply.statusCode, reply.body).toBeGreaterThanOrEqual(400);
    expect(reply.statusCode, reply.body).toBeLessThan(500);
    expect(isProblem(reply)).toBe(true);
    expect(leakedIn(reply.body, secretsOf(b), foreignId)).toEqual([]);
    expect(await snapshot(t.database.db)).toEqual(before);
  };
  const ticket = { subject: '跨租户测试', description: 'cross-tenant reference' };

  it.each([
    ['customerId', () => b.customerId],
    ['assigneeId', () => b.userId],
    ['teamId', () => b.teamId],
  ])("refuses a new ticket whose %s is B's and writes nothing", async (field, foreign) => {
    await expectRefusedAndNothingWritten(
      () => t.call(t.tenantA.tokens.admin, 'POST', '/api/v1/tickets', { ...ticket, [field]: foreign() }),
      foreign(),
    );
  });

  it("accepts the same new ticket with A's own customer, assignee and team", async () => {
    const reply = await t.call(t.tenantA.tokens.admin, 'POST', '/api/v1/tickets', {
      ...ticket,
      customerId: a.customerId,
      assigneeId: a.userId,
      teamId: a.teamId,
    });
    expect(reply.statusCode, reply.body).toBe(201);
  });

  it.each([
    ['customerId', () => b.customerId],
    ['assigneeId', () => b.userId],
    ['teamId', () => b.teamId],
  ])("refuses to point an A ticket's %s at B's object", async (field, foreign) => {
    const current = await t.call(t.tenantA.tokens.admin, 'GET', `/api/v1/tickets/${a.ticketId}`);
    await expectRefusedAndNothingWritten(
      () =>
        t.call(
          t.tenantA.tokens.admin,
          'PATCH',
          `/api/v1/tickets/${a.ticketId}`,
          { [field]: foreign() },
          { 'if-match': String(current.headers.etag) },
        ),
      foreign(),
    );
  });

  it("refuses to link or merge an A ticket with B's ticket", async () => {
    const admin = t.tenantA.tokens.admin;
    await expectRefusedAndNothingWritten(
      () => t.call(admin, 'POST', `/api/v1/tickets/${a.ticketId}/links`, { ticketId: b.ticketId, kind: 'duplicate' }),
      b.ticketId,
    );
    await expectRefusedAndNothingWritten(
      () => t.call(admin, 'POST', `/api/v1/tickets/${a.ticketId}/merge`, { targetId: b.ticketId }),
      b.ticketId,
    );
  });

  it("refuses a comment in A that cites B's attachment, and accepts one citing A's own", async () => {
    const admin = t.tenantA.tokens.admin;
    await expectRefusedAndNothingWritten(
      () =>
        t.call(admin, 'POST', `/api/v1/tickets/${a.ticketId}/comments`, {
          body: 'see attached',
          public: true,
          attachmentIds: [b.attachmentId],
        }),
      b.attachmentId,
    );
    const own = await t.call(admin, 'POST', `/api/v1/tickets/${a.ticketId}/comments`, {
      body: 'see attached',
      public: true,
      attachmentIds: [a.attachmentId],
    });
    expect(own.statusCode, own.body).toBe(201);
  });

  it("refuses an SLA policy in A on B's calendar, new or edited, and accepts A's own", async () => {
    const admin = t.tenantA.tokens.admin;
    const policy = { name: 'Spy hours', targets: { resolution: 60 } };
    await expectRefusedAndNothingWritten(
      () => t.call(admin, 'POST', '/api/v1/sla-policies', { ...policy, calendarId: b.calendarId }),
      b.calendarId,
    );
    const url = `/api/v1/sla-policies/${a.slaPolicyId}`;
    const current = await t.call(admin, 'GET', url);
    await expectRefusedAndNothingWritten(
      () => t.call(admin, 'PATCH', url, { calendarId: b.calendarId }, { 'if-match': String(current.headers.etag) }),
      b.calendarId,
    );
    const own = await t.call(admin, 'POST', '/api/v1/sla-policies', { ...policy, calendarId: a.calendarId });
    expect(own.statusCode, own.body).toBe(201);
  });

  it("refuses to offer an A ticket to B's engineer or to profile B's engineer in A, and accepts A's own", async () => {
    const admin = t.tenantA.tokens.admin;
    await expectRefusedAndNothingWritten(
      () => t.call(admin, 'POST', `/api/v1/tickets/${a.offeredTicketId}/offers`, { engineerIds: [b.engineerUserId] }),
      b.engineerUserId,
    );
    await expectRefusedAndNothingWritten(
      () =>
        t.call(admin, 'POST', `/api/v1/tickets/${a.offeredTicketId}/offers`, {
          engineerIds: [a.engineerUserId, b.engineerUserId],
        }),
      b.engineerUserId,
    );
    const own = await t.call(admin, 'POST', `/api/v1/tickets/${a.offeredTicketId}/offers`, {
      engineerIds: [a.engineerUserId],
    });
    expect(own.statusCode, own.body).toBe(201);
    // B's engineer cannot take A's offer either: it was not made to them, and the ticket is not B's.
    const before = await snapshot(t.database.db);
    const url = `/api/v1/tickets/${a.ticketId}/offers/accept`;
    const taken = await t.call(t.tenantB.tokens.engineer, 'POST', url);
    expect(taken.statusCode, taken.body).toBe(404);
    expect(isProblem(taken)).toBe(true);
    expect(leakedIn(taken.body, secretsOf(a), url)).toEqual([]);
    expect(await snapshot(t.database.db)).toEqual(before);
  });

  it("refuses a customer in A whose organisation is B's, and a team in A with B's user", async () => {
    const admin = t.tenantA.tokens.admin;
    await expectRefusedAndNothingWritten(
      () => t.call(admin, 'POST', '/api/v1/customers', { name: 'Spy', organisationId: b.organisationId }),
      b.organisationId,
    );
    const current = await t.call(admin, 'GET', `/api/v1/customers/${a.customerId}`);
    await expectRefusedAndNothingWritten(
      () =>
        t.call(
          admin,
          'PATCH',
          `/api/v1/customers/${a.customerId}`,
          { organisationId: b.organisationId },
          { 'if-match': String(current.headers.etag) },
        ),
      b.organisationId,
    );
    await expectRefusedAndNothingWritten(
      () => t.call(admin, 'POST', '/api/v1/teams', { name: 'Spies', memberIds: [b.userId] }),
      b.userId,
    );
    await expectRefusedAndNothingWritten(
      () => t.call(admin, 'PATCH', `/api/v1/teams/${a.teamId}`, { memberIds: [a.userId, b.userId] }),
      b.userId,
    );
  });
});
