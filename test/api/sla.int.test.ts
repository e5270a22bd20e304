import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../support/test-app.ts';

// The frozen clock starts on Sunday 2026-11-22 10:00 in Shanghai (02:00 UTC).
let t: TestApp;
let admin: string;
let agent: string;
let calendarId: string;

const WEEKDAYS = [['09:00', '18:00']];
const slas = async (id: string) =>
  (await t.call(agent, 'GET', `/api/v1/tickets/${id}/slas`)).json().items as Array<Record<string, unknown>>;
const byMetric = async (id: string) => Object.fromEntries((await slas(id)).map((clock) => [clock.metric, clock]));
const timelineTypes = async (id: string) =>
  (await t.call(agent, 'GET', `/api/v1/tickets/${id}?include=timeline`))
    .json()
    .timeline.events.map((event: { type: string }) => event.type) as string[];
const etagOf = async (id: string) => (await t.call(agent, 'GET', `/api/v1/tickets/${id}`)).headers.etag as string;

beforeAll(async () => {
  t = await createTestApp();
  admin = t.tenantA.tokens.admin;
  agent = t.tenantA.tokens.agent;
  const calendar = await t.call(admin, 'POST', '/api/v1/calendars', {
    name: '工作日 9-18',
    timeZone: 'Asia/Shanghai',
    weekly: { mon: WEEKDAYS, tue: WEEKDAYS, wed: WEEKDAYS, thu: WEEKDAYS, fri: WEEKDAYS, sat: [], sun: [] },
  });
  expect(calendar.statusCode).toBe(201);
  calendarId = calendar.json().id;
});
afterAll(async () => t.close());

describe('SLA policies', () => {
  it('refuses a policy with bad targets, thresholds or an unknown calendar, naming each field', async () => {
    const bad = await t.call(admin, 'POST', '/api/v1/sla-policies', {
      name: 'bad',
      targets: {},
      warnAtPercent: [75, 75],
    });
    expect(bad.statusCode).toBe(400);
    const paths = bad.json().errors.map((e: { path: string }) => e.path);
    expect(paths).toContain('/targets');
    expect(paths.some((path: string) => path.startsWith('/warnAtPercent'))).toBe(true);
    const missingCalendar = await t.call(admin, 'POST', '/api/v1/sla-policies', {
      name: 'no calendar',
      calendarId: '00000000-0000-7000-8000-000000000000',
      targets: { resolution: 60 },
    });
    expect(missingCalendar.statusCode).toBe(400);
    expect(missingCalendar.json().errors).toEqual([{ path: '/calendarId', message: 'is not a calendar' }]);
    const agentTry = await t.call(agent, 'POST', '/api/v1/sla-policies', { name: 'x', targets: { resolution: 60 } });
    expect(agentTry.statusCode).toBe(403);
  });

  it('starts business-time clocks, warns, announces a breach exactly once, pauses and recomputes', async () => {
    const policy = await t.call(admin, 'POST', '/api/v1/sla-policies', {
      name: 'P2 工作日',
      position: 10,
      conditions: { priorities: ['P2'] },
      calendarId,
      targets: { firstResponse: 60, resolution: 480 },
      warnAtPercent: [50, 75],
    });
    expect(policy.statusCode).toBe(201);
    await t.call(admin, 'POST', '/api/v1/sla-policies', {
      name: 'P1 全天',
      position: 5,
      conditions: { priorities: ['P1'] },
      targets: { firstResponse: 15, resolution: 240 },
    });

    const created = await t.call(agent, 'POST', '/api/v1/tickets', {
      subject: '打印机卡纸',
      description: '三楼打印机一直卡纸',
      priority: 'P2',
      customer: { name: '李女士', phone: '13900001111' },
    });
    const id = created.json().id;
    await t.app.worker.drain();

    // Sunday: the clocks start on Monday 09:00 Shanghai (01:00 UTC).
    let clocks = await byMetric(id);
    expect(clocks.firstResponse).toMatchObject({ status: 'running', dueAt: '2026-11-23T02:00:00.000Z' });
    expect(clocks.resolution).toMatchObject({ status: 'running', dueAt: '2026-11-23T09:00:00.000Z' });
    expect((await t.call(agent, 'GET', `/api/v1/tickets/${id}`)).json().dueAt).toBe('2026-11-23T02:00:00.000Z');

    // Half of the first-response time: one warning, for 50 %.
    t.clock.set('2026-11-23T01:35:00Z');
    await t.app.worker.drain();
    expect((await timelineTypes(id)).filter((type) => type === 'sla.warning')).toHaveLength(1);

    // Past the due time: the breach is announced once, however often the scan runs.
    t.clock.set('2026-11-23T02:00:01Z');
    await t.app.worker.drain();
    await t.app.worker.drain();
    const types = await timelineTypes(id);
    expect(types.filter((type) => type === 'sla.breached')).toHaveLength(1);
    // The 75 % moment passed unannounced while nothing ran; a breach supersedes it.
    expect(types.filter((type) => type === 'sla.warning')).toHaveLength(1);
    expect((await byMetric(id)).firstResponse).toMatchObject({
      status: 'breached',
      breachedAt: '2026-11-23T02:00:00.000Z',
    });

    // A late reply meets the clock (still breached); pending pauses the resolution clock.
    await t.call(agent, 'POST', `/api/v1/tickets/${id}/comments`, { body: '已收到，马上处理', public: true });
    t.clock.set('2026-11-23T03:00:00Z');
    const toPending = await t.call(
      agent,
      'PATCH',
      `/api/v1/tickets/${id}`,
      { status: 'pending' },
      { 'if-match': await etagOf(id) },
    );
    expect(toPending.statusCode).toBe(200);
    await t.app.worker.drain();
    clocks = await byMetric(id);
    expect(clocks.firstResponse).toMatchObject({ status: 'breached', metAt: '2026-11-23T02:00:01.000Z' });
    expect(clocks.resolution).toMatchObject({ status: 'paused', dueAt: null });

    // Two paused hours later the clock resumes with its 6 hours left: 5 until Monday 18:00, 1 on Tuesday.
    t.clock.set('2026-11-23T05:00:00Z');
    await t.call(agent, 'PATCH', `/api/v1/tickets/${id}`, { status: 'open' }, { 'if-match': await etagOf(id) });
    await t.app.worker.drain();
    clocks = await byMetric(id);
    expect(clocks.resolution).toMatchObject({ status: 'running', dueAt: '2026-11-24T02:00:00.000Z' });
    expect(clocks.resolution?.pausedMinutes).toBe(120);

    // P1 matches the 24×7 policy: the clocks are recomputed from the history with its targets.
    await t.call(agent, 'PATCH', `/api/v1/tickets/${id}`, { priority: 'P1' }, { 'if-match': await etagOf(id) });
    await t.app.worker.drain();
    clocks = await byMetric(id);
    expect(clocks.resolution).toMatchObject({ targetMinutes: 240, status: 'breached' });
    expect(clocks.resolution?.breachedAt).toBe('2026-11-22T06:00:00.000Z');
  });

  it('escalates a breached ticket up the support tiers and tells the supervisors', async () => {
    const l1 = (await t.call(admin, 'POST', '/api/v1/teams', { name: '一线', tier: 1 })).json();
    const l2 = (await t.call(admin, 'POST', '/api/v1/teams', { name: '二线', tier: 2 })).json();
    expect(l2.tier).toBe(2);
    await t.call(admin, 'POST', '/api/v1/sla-policies', {
      name: 'VIP 全天',
      position: 1,
      conditions: { customerTiers: ['VIP'] },
      targets: { firstResponse: 30 },
    });
    await t.call(admin, 'POST', '/api/v1/triggers', {
      name: '超时升级',
      events: ['sla.breach'],
      actions: [
        { type: 'escalateTier' },
        { type: 'setPriority', value: 'P1' },
        {
          type: 'notify',
          to: ['supervisors'],
          template: '{{ticket.number}} {{sla.metric}} 已超时（应于 {{sla.dueAt}}）',
        },
      ],
    });
    const customer = (
      await t.call(agent, 'POST', '/api/v1/customers', {
        name: '大客户王总',
        tier: 'VIP',
        contacts: [{ kind: 'phone', value: '13811112222' }],
      })
    ).json();
    expect(customer.tier).toBe('VIP');
    t.clock.set('2026-11-24T02:00:00Z');
    const created = (
      await t.call(agent, 'POST', '/api/v1/tickets', {
        subject: '系统无法登录',
        description: '',
        customerId: customer.id,
        teamId: l1.id,
        assigneeId: t.tenantA.userIds.agent,
      })
    ).json();
    await t.app.worker.drain();
    expect((await byMetric(created.id)).firstResponse).toMatchObject({ dueAt: '2026-11-24T02:30:00.000Z' });
    t.clock.set('2026-11-24T02:31:00Z');
    await t.app.worker.drain();
    const after = (await t.call(agent, 'GET', `/api/v1/tickets/${created.id}`)).json();
    expect(after).toMatchObject({ teamId: l2.id, assigneeId: null, priority: 'P1' });
    const inbox = (await t.call(t.tenantA.tokens.supervisor, 'GET', '/api/v1/notifications')).json().items;
    expect(inbox.map((n: { body: string }) => n.body)).toContain(
      `${created.number} firstResponse 已超时（应于 2026-11-24T02:30:00.000Z）`,
    );
    // Once: draining again neither escalates to a next tier nor notifies again.
    await t.app.worker.drain();
    expect((await t.call(t.tenantA.tokens.supervisor, 'GET', '/api/v1/notifications')).json().items).toHaveLength(
      inbox.length,
    );
  });

  it('does not count an automatic acknowledgement as the first response', async () => {
    await t.call(admin, 'POST', '/api/v1/triggers', {
      name: '自动回执',
      events: ['ticket.created'],
      actions: [{ type: 'reply', public: true, template: '已收到您的工单 {{ticket.number}}，我们会尽快处理。' }],
    });
    const created = (
      await t.call(agent, 'POST', '/api/v1/tickets', { subject: '网络断了', description: '', priority: 'P2' })
    ).json();
    await t.app.worker.drain();
    const timeline = (await t.call(agent, 'GET', `/api/v1/tickets/${created.id}?include=timeline`)).json().timeline;
    expect(timeline.comments.map((c: { body: string }) => c.body)).toEqual([
      `已收到您的工单 ${created.number}，我们会尽快处理。`,
    ]);
    expect((await byMetric(created.id)).firstResponse).toMatchObject({ status: 'running', metAt: null });
  });

  it("keeps another tenant out of its policies and its tickets' clocks", async () => {
    const [first] = (await t.call(admin, 'GET', '/api/v1/sla-policies')).json().items;
    const other = t.tenantB.tokens.admin;
    expect((await t.call(other, 'GET', `/api/v1/sla-policies/${first.id}`)).statusCode).toBe(404);
    expect((await t.call(other, 'GET', '/api/v1/sla-policies')).json().items).toEqual([]);
  });
});
