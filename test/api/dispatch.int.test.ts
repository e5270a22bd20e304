import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApiToken, createUser } from '../../src/modules/identity/index.ts';
import { createTestApp, type TestApp } from '../support/test-app.ts';

// The frozen clock: Sunday 2026-11-22 10:00 in Shanghai.
let t: TestApp;
let dispatcher: string;
const ALL_WEEK = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'].map((weekday) => ({
  weekday,
  start: '08:00',
  end: '20:00',
}));
const engineers: { id: string; token: string }[] = [];

async function engineer(name: string, profile: Record<string, unknown>) {
  const user = await createUser(t.ctx, {
    tenantId: t.tenantA.id,
    email: `${name}@alpha.example.com`,
    name,
    role: 'engineer',
  });
  const { token } = await createApiToken(t.ctx, { tenantId: t.tenantA.id, userId: user.id });
  const saved = await t.call(dispatcher, 'PUT', `/api/v1/engineers/${user.id}`, {
    status: 'idle',
    shifts: ALL_WEEK,
    ...profile,
  });
  expect(saved.statusCode, saved.body).toBe(200);
  engineers.push({ id: user.id, token });
  return { id: user.id, token };
}

beforeAll(async () => {
  t = await createTestApp();
  dispatcher = t.tenantA.tokens.dispatcher;
});
afterAll(async () => t.close());

describe('engineers and matching', () => {
  it('ranks eligible engineers with reasons and says why the others are not', async () => {
    const near = await engineer('near', {
      skills: [{ key: 'hvac', level: 4 }],
      home: { lat: 31.2304, lng: 121.4737 },
      territories: [{ kind: 'radius', center: { lat: 31.23, lng: 121.47 }, radiusKm: 20 }],
    });
    const far = await engineer('far', { skills: [{ key: 'hvac', level: 3 }], home: { lat: 31.35, lng: 121.6 } });
    const unskilled = await engineer('unskilled', {
      skills: [{ key: 'plumbing', level: 5 }],
      home: { lat: 31.23, lng: 121.47 },
    });
    const offDuty = await engineer('offduty', { status: 'off', skills: [{ key: 'hvac', level: 5 }] });
    const ticket = (
      await t.call(t.tenantA.tokens.agent, 'POST', '/api/v1/tickets', {
        subject: '中央空调不制冷',
        description: '',
        type: 'field_service',
        tags: ['skill:hvac:3'],
        location: { address: '人民广场', lat: 31.2317, lng: 121.4752 },
      })
    ).json();
    const result = (await t.call(dispatcher, 'GET', `/api/v1/tickets/${ticket.id}/candidates`)).json();
    expect(result.ranked.map((c: { engineerId: string }) => c.engineerId)).toEqual([near.id, far.id]);
    expect(result.ranked[0].reasons.length).toBeGreaterThan(0);
    expect(result.ranked[0].travelMinutes).toBeLessThan(result.ranked[1].travelMinutes);
    const why = Object.fromEntries(
      result.excluded.map((e: { engineerId: string; reasons: { code: string }[] }) => [
        e.engineerId,
        e.reasons.map((r) => r.code),
      ]),
    );
    expect(why[unskilled.id]).toContain('SKILL_MISSING');
    expect(why[offDuty.id]).toContain('OFF_DUTY');
    expect((await t.call(t.tenantA.tokens.agent, 'GET', `/api/v1/tickets/${ticket.id}/candidates`)).statusCode).toBe(
      403,
    );
    expect(
      (await t.call(t.tenantB.tokens.dispatcher, 'GET', `/api/v1/tickets/${ticket.id}/candidates`)).statusCode,
    ).toBe(404);
  });

  it('refuses a profile with bad shifts, zones or polygons, naming each field', async () => {
    const bad = await t.call(dispatcher, 'PUT', `/api/v1/engineers/${engineers[0]?.id}`, {
      shifts: [{ weekday: 'mon', start: '25:00', end: '18:00' }],
      timeZone: 'Mars/Olympus',
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().errors.map((e: { path: string }) => e.path)).toEqual(['/shifts/0/start', '/timeZone']);
    const agentUser = await t.call(dispatcher, 'PUT', `/api/v1/engineers/${t.tenantA.userIds.agent}`, {
      status: 'idle',
    });
    expect(agentUser.statusCode).toBe(400);
  });
});

describe('grab pool', () => {
  it('gives the job to the first engineer who accepts; everyone else gets 409', async () => {
    const ticket = (
      await t.call(t.tenantA.tokens.agent, 'POST', '/api/v1/tickets', {
        subject: '电梯异响',
        description: '',
        type: 'field_service',
        location: { lat: 31.23, lng: 121.47 },
      })
    ).json();
    const pool = engineers.slice(0, 3);
    const offer = await t.call(dispatcher, 'POST', `/api/v1/tickets/${ticket.id}/offers`, {
      engineerIds: pool.map((e) => e.id),
      expiresInMinutes: 10,
    });
    expect(offer.statusCode, offer.body).toBe(201);
    expect((await t.call(pool[0]?.token ?? '', 'GET', '/api/v1/offers')).json().items).toHaveLength(1);
    const answers = await Promise.all(
      pool.map((e) => t.call(e.token, 'POST', `/api/v1/tickets/${ticket.id}/offers/accept`)),
    );
    expect(answers.map((a) => a.statusCode).sort()).toEqual([200, 409, 409]);
    const winner = pool[answers.findIndex((a) => a.statusCode === 200)];
    expect((await t.call(dispatcher, 'GET', `/api/v1/tickets/${ticket.id}`)).json().assigneeId).toBe(winner?.id);
    const stranger = engineers[3];
    expect((await t.call(stranger?.token ?? '', 'POST', `/api/v1/tickets/${ticket.id}/offers/accept`)).statusCode).toBe(
      404,
    );
  });

  it('auto-assigns an offer nobody took before it expired', async () => {
    const ticket = (
      await t.call(t.tenantA.tokens.agent, 'POST', '/api/v1/tickets', {
        subject: '空调加氟',
        description: '',
        type: 'field_service',
        tags: ['skill:hvac'],
        location: { lat: 31.2317, lng: 121.4752 },
      })
    ).json();
    expect(
      (await t.call(dispatcher, 'POST', `/api/v1/tickets/${ticket.id}/offers`, { expiresInMinutes: 5 })).statusCode,
    ).toBe(201);
    t.clock.advance(6 * 60_000);
    await t.app.worker.drain();
    t.clock.set('2026-11-22T02:00:00Z');
    const after = (await t.call(dispatcher, 'GET', `/api/v1/tickets/${ticket.id}?include=timeline`)).json();
    expect(after.assigneeId).toBe(engineers[0]?.id);
    expect(after.timeline.events.map((e: { type: string }) => e.type)).toContain('dispatch.offer_expired');
  });
});

describe('dispatch by rule', () => {
  it('auto-assigns new urgent field jobs to the best engineer and offers the others to the pool', async () => {
    const admin = t.tenantA.tokens.admin;
    const urgent = await t.call(admin, 'POST', '/api/v1/triggers', {
      name: '紧急上门单自动派单',
      events: ['ticket.created'],
      conditions: {
        all: [
          { field: 'type', operator: 'is', value: 'field_service' },
          { field: 'priority', operator: 'in', value: ['P1', 'P2'] },
        ],
      },
      actions: [{ type: 'dispatch', mode: 'auto' }],
    });
    expect(urgent.statusCode, urgent.body).toBe(201);
    const routine = await t.call(admin, 'POST', '/api/v1/triggers', {
      name: '普通上门单进抢单池',
      events: ['ticket.created'],
      conditions: {
        all: [
          { field: 'type', operator: 'is', value: 'field_service' },
          { field: 'priority', operator: 'in', value: ['P3', 'P4'] },
        ],
      },
      actions: [{ type: 'dispatch', mode: 'pool', expiresInMinutes: 30 }],
    });
    expect(routine.statusCode, routine.body).toBe(201);
    const bad = await t.call(admin, 'POST', '/api/v1/triggers', {
      name: 'bad',
      events: ['ticket.created'],
      actions: [{ type: 'dispatch', mode: 'auto', expiresInMinutes: 5 }],
    });
    expect(bad.json().errors).toEqual([
      { path: '/actions/0/expiresInMinutes', message: 'applies to pool dispatch only' },
    ]);
    const body = (priority: string) => ({
      subject: `空调维修 ${priority}`,
      description: '',
      type: 'field_service',
      priority,
      tags: ['skill:hvac:3'],
      location: { lat: 31.2317, lng: 121.4752 },
    });
    const p1 = (await t.call(t.tenantA.tokens.agent, 'POST', '/api/v1/tickets', body('P1'))).json();
    const p4 = (await t.call(t.tenantA.tokens.agent, 'POST', '/api/v1/tickets', body('P4'))).json();
    await t.app.worker.drain();
    expect((await t.call(dispatcher, 'GET', `/api/v1/tickets/${p1.id}`)).json().assigneeId).toBe(engineers[0]?.id);
    expect((await t.call(dispatcher, 'GET', `/api/v1/tickets/${p4.id}`)).json().assigneeId).toBeNull();
    const offers = (await t.call(engineers[0]?.token ?? '', 'GET', '/api/v1/offers')).json().items;
    expect(offers.map((o: { ticketId: string }) => o.ticketId)).toContain(p4.id);
    for (const rule of [urgent.json(), routine.json()])
      expect((await t.call(admin, 'DELETE', `/api/v1/triggers/${rule.id}`)).statusCode).toBe(204);
  });
});

describe('declining', () => {
  it('unassigns a declined job and re-dispatches it to the best other engineer', async () => {
    const [first, second] = engineers;
    const job = (
      await t.call(t.tenantA.tokens.agent, 'POST', '/api/v1/tickets', {
        subject: '空调不制冷（改派）',
        description: '',
        type: 'field_service',
        tags: ['skill:hvac:3'],
        location: { lat: 31.2317, lng: 121.4752 },
      })
    ).json();
    const etag = (await t.call(dispatcher, 'GET', `/api/v1/tickets/${job.id}`)).headers.etag as string;
    await t.call(dispatcher, 'PATCH', `/api/v1/tickets/${job.id}`, { assigneeId: first?.id }, { 'if-match': etag });
    const url = `/api/v1/tickets/${job.id}/decline`;
    expect((await t.call(first?.token ?? '', 'POST', url, { reason: '车坏了' })).statusCode).toBe(428);
    expect(
      (await t.call(second?.token ?? '', 'POST', url, { reason: '不是我的' }, { 'if-match': etag })).statusCode,
    ).toBe(404);
    const current = (await t.call(dispatcher, 'GET', `/api/v1/tickets/${job.id}`)).headers.etag as string;
    const declined = await t.call(first?.token ?? '', 'POST', url, { reason: '车坏了' }, { 'if-match': current });
    expect(declined.statusCode, declined.body).toBe(200);
    expect(declined.json().assigneeId).toBe(second?.id);
    const after = (await t.call(dispatcher, 'GET', `/api/v1/tickets/${job.id}?include=timeline`)).json();
    expect(after.assigneeId).toBe(second?.id);
    expect(after.timeline.events.map((e: { type: string }) => e.type)).toContain('dispatch.declined');
  });
});

describe('matching weights per tenant', () => {
  it("ranks by the tenant's weights, and refuses weights that cannot rank", async () => {
    const [near, far] = engineers;
    const etag = (await t.call(dispatcher, 'GET', `/api/v1/engineers/${far?.id}`)).headers.etag as string;
    await t.call(dispatcher, 'PUT', `/api/v1/engineers/${far?.id}`, { rating: 5 }, { 'if-match': etag });
    const job = (
      await t.call(t.tenantA.tokens.agent, 'POST', '/api/v1/tickets', {
        subject: '评分优先',
        description: '',
        type: 'field_service',
        tags: ['skill:hvac:3'],
        location: { lat: 31.2317, lng: 121.4752 },
      })
    ).json();
    const order = async () =>
      (await t.call(dispatcher, 'GET', `/api/v1/tickets/${job.id}/candidates`))
        .json()
        .ranked.map((c: { engineerId: string }) => c.engineerId)
        .slice(0, 2);
    expect(await order()).toEqual([near?.id, far?.id]);
    const defaults = (await t.call(dispatcher, 'GET', '/api/v1/dispatch/settings')).json();
    const ratingOnly = { travel: 0, load: 0, urgency: 0, rating: 1, continuity: 0 };
    expect((await t.call(dispatcher, 'PUT', '/api/v1/dispatch/settings', { weights: ratingOnly })).statusCode).toBe(
      200,
    );
    expect(await order()).toEqual([far?.id, near?.id]);
    const none = await t.call(dispatcher, 'PUT', '/api/v1/dispatch/settings', {
      weights: { travel: 0, load: 0, urgency: 0, rating: 0, continuity: 0 },
    });
    expect(none.statusCode).toBe(400);
    expect((await t.call(t.tenantB.tokens.dispatcher, 'GET', '/api/v1/dispatch/settings')).json()).toEqual(defaults);
    expect((await t.call(t.tenantA.tokens.agent, 'PUT', '/api/v1/dispatch/settings', defaults)).statusCode).toBe(403);
    await t.call(dispatcher, 'PUT', '/api/v1/dispatch/settings', defaults);
  });
});
