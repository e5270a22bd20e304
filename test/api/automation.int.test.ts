import { createHmac } from 'node:crypto';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifySignature } from '../../src/modules/automation/notify/index.ts';
import { createTestApp, type TestApp } from '../support/test-app.ts';

type Received = { url: string; headers: IncomingMessage['headers']; body: string };

/** A loopback HTTP receiver standing in for a DingTalk robot or a webhook consumer. */
async function receiver(answer: (request: Received) => { status: number; body: string }) {
  const received: Received[] = [];
  const server: Server = createServer((request, response) => {
    let body = '';
    request.on('data', (chunk: Buffer) => {
      body += chunk.toString();
    });
    request.on('end', () => {
      const entry = { url: request.url ?? '', headers: request.headers, body };
      received.push(entry);
      const { status, body: out } = answer(entry);
      response.writeHead(status, { 'content-type': 'application/json' }).end(out);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return { received, url: `http://127.0.0.1:${port}`, close: () => new Promise((r) => server.close(r)) };
}

let t: TestApp;
let admin: string;
let agent: string;
let robot: Awaited<ReturnType<typeof receiver>>;
let hook: Awaited<ReturnType<typeof receiver>>;
const DING_SECRET = `SEC${'a1b2c3d4'.repeat(8)}`;
const HOOK_SECRET = 'whsec-loopdesk-test-0123456789';

const etagOf = async (id: string) => (await t.call(agent, 'GET', `/api/v1/tickets/${id}`)).headers.etag as string;
const ticket = async (id: string) => (await t.call(agent, 'GET', `/api/v1/tickets/${id}?include=timeline`)).json();
const createRule = async (path: string, body: unknown) => {
  const response = await t.call(admin, 'POST', path, body);
  expect(response.statusCode, response.body).toBe(201);
  return response.json();
};

beforeAll(async () => {
  t = await createTestApp({ OUTBOUND_ALLOW_PRIVATE: 'true' });
  admin = t.tenantA.tokens.admin;
  agent = t.tenantA.tokens.agent;
  robot = await receiver(() => ({ status: 200, body: '{"errcode":0,"errmsg":"ok"}' }));
  hook = await receiver(() => ({ status: 200, body: '{}' }));
});
afterAll(async () => {
  await t.close();
  await robot.close();
  await hook.close();
});

describe('triggers', () => {
  it('refuses unknown fields, operators and template variables at save time, naming each', async () => {
    const bad = await t.call(admin, 'POST', '/api/v1/triggers', {
      name: 'bad',
      events: ['ticket.created'],
      conditions: { all: [{ field: 'colour', operator: 'is', value: 'red' }] },
      actions: [{ type: 'notify', to: ['assignee'], template: '{{ticket.secret}} {{constructor.constructor}}' }],
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().errors.map((e: { path: string }) => e.path)).toContain('/conditions/all/0/field');
    const template = await t.call(admin, 'POST', '/api/v1/triggers', {
      name: 'bad template',
      events: ['ticket.created'],
      actions: [{ type: 'reply', public: true, template: '您好 {{customer.nmae}}' }],
    });
    expect(template.statusCode).toBe(400);
    expect(template.body).toContain('customer.nmae');
    const timeInTrigger = await t.call(admin, 'POST', '/api/v1/triggers', {
      name: 'hours in a trigger',
      events: ['ticket.created'],
      conditions: { all: [{ field: 'hoursPending', operator: 'gt', value: 48 }] },
      actions: [{ type: 'addTags', tags: ['x'] }],
    });
    expect(timeInTrigger.statusCode).toBe(400);
    expect(
      (await t.call(agent, 'POST', '/api/v1/triggers', { name: 'x', events: ['ticket.created'], actions: [] }))
        .statusCode,
    ).toBe(403);
  });

  it("refuses users, teams and channels that are not this tenant's, or not ids at all", async () => {
    const otherUser = t.tenantB.userIds.agent;
    const refused = await t.call(admin, 'POST', '/api/v1/triggers', {
      name: 'foreign ids',
      events: ['ticket.created'],
      actions: [
        { type: 'assign', assigneeId: otherUser },
        { type: 'assign', assigneeId: 'not-an-id' },
        { type: 'notify', to: [{ userId: otherUser }], template: 'x' },
        { type: 'webhook', channelId: '00000000-0000-7000-8000-000000000000' },
      ],
    });
    expect(refused.statusCode).toBe(400);
    expect(refused.json().errors.map((e: { path: string }) => e.path)).toEqual([
      '/actions/0/assigneeId',
      '/actions/1/assigneeId',
      '/actions/2/to/0/userId',
      '/actions/3/channelId',
    ]);
    expect((await t.call(admin, 'GET', '/api/v1/triggers')).json().items).toEqual([]);
  });

  it('acts on a new ticket: fields, an in-app notice, a signed DingTalk robot message and a signed webhook', async () => {
    const ding = (
      await t.call(admin, 'POST', '/api/v1/notification-channels', {
        kind: 'dingtalk',
        name: '售后值班群',
        config: { webhookUrl: `${robot.url}/robot/send?access_token=abc`, secret: DING_SECRET },
      })
    ).json();
    const webhook = (
      await t.call(admin, 'POST', '/api/v1/notification-channels', {
        kind: 'webhook',
        name: 'CRM',
        config: { url: `${hook.url}/loopdesk`, secret: HOOK_SECRET },
      })
    ).json();
    expect(ding.config.secret).toBe('********');
    await createRule('/api/v1/triggers', {
      name: '退款升级',
      events: ['ticket.created'],
      conditions: {
        any: [
          { field: 'subject', operator: 'contains', value: '退款' },
          { field: 'description', operator: 'contains', value: 'refund' },
        ],
      },
      actions: [
        { type: 'setPriority', value: 'P1' },
        { type: 'addTags', tags: ['退款'] },
        { type: 'notify', to: ['supervisors'], template: '退款工单 {{ticket.number}}：{{ticket.subject}}' },
        {
          type: 'notifyChannel',
          channelId: ding.id,
          template: '**{{ticket.number}}** {{ticket.subject}} 客户 {{customer.name}}',
        },
        { type: 'webhook', channelId: webhook.id },
      ],
    });
    const created = (
      await t.call(agent, 'POST', '/api/v1/tickets', {
        subject: '我要退款 [点我](http://evil.example) @all',
        description: '买错型号了',
        customer: { name: '周先生', phone: '13700001234' },
      })
    ).json();
    const other = (await t.call(agent, 'POST', '/api/v1/tickets', { subject: '咨询安装', description: '' })).json();
    await t.app.worker.drain();

    const after = await ticket(created.id);
    expect(after.priority).toBe('P1');
    expect(after.tags).toEqual(['退款']);
    expect((await ticket(other.id)).tags).toEqual([]);
    const inbox = (await t.call(t.tenantA.tokens.supervisor, 'GET', '/api/v1/notifications')).json().items;
    expect(inbox).toHaveLength(1);
    expect(inbox[0].body).toBe(`退款工单 ${created.number}：我要退款 [点我](http://evil.example) @all`);

    expect(robot.received).toHaveLength(1);
    const request = robot.received[0] as Received;
    const url = new URL(request.url, robot.url);
    const timestamp = Number(url.searchParams.get('timestamp'));
    const expected = createHmac('sha256', DING_SECRET).update(`${timestamp}\n${DING_SECRET}`).digest('base64');
    expect(url.searchParams.get('sign')).toBe(expected);
    const message = JSON.parse(request.body);
    expect(message.msgtype).toBe('markdown');
    expect(message.markdown.text).toContain(created.number);
    expect(message.markdown.text).toContain('周先生');
    // Customer text cannot inject a link or an @all mention into the group.
    expect(message.markdown.text).not.toContain('](http://evil.example)');
    expect(message.markdown.text).not.toMatch(/(^|[^\\])@all/);

    expect(hook.received).toHaveLength(1);
    const delivery = hook.received[0] as Received;
    expect(
      verifySignature(
        delivery.headers['loopdesk-signature'] as string,
        delivery.body,
        [HOOK_SECRET],
        300,
        t.clock.now(),
      ),
    ).toBe(true);
    expect(
      verifySignature(delivery.headers['loopdesk-signature'] as string, delivery.body, ['wrong'], 300, t.clock.now()),
    ).toBe(false);
    expect(JSON.parse(delivery.body).data.ticketId).toBe(created.id);
    // Draining again delivers nothing twice.
    await t.app.worker.drain();
    expect(robot.received).toHaveLength(1);
    expect(hook.received).toHaveLength(1);
  });

  it('tells business hours from the tenant calendar: a Sunday ticket is tagged out of hours', async () => {
    const hours = [['09:00', '18:00']];
    await t.call(admin, 'POST', '/api/v1/calendars', {
      name: '工作日',
      timeZone: 'Asia/Shanghai',
      weekly: { mon: hours, tue: hours, wed: hours, thu: hours, fri: hours, sat: [], sun: [] },
    });
    const rule = await createRule('/api/v1/triggers', {
      name: '非工作时间来单',
      events: ['ticket.created'],
      conditions: { all: [{ field: 'businessHours', operator: 'is', value: 'closed' }] },
      actions: [{ type: 'addTags', tags: ['非工作时间'] }],
    });
    const sunday = (await t.call(agent, 'POST', '/api/v1/tickets', { subject: '周日报修', description: '' })).json();
    t.clock.set('2026-11-23T02:00:00Z'); // Monday 10:00 in Shanghai
    const monday = (await t.call(agent, 'POST', '/api/v1/tickets', { subject: '周一报修', description: '' })).json();
    await t.app.worker.drain();
    t.clock.set('2026-11-22T02:00:00Z');
    expect((await ticket(sunday.id)).tags).toEqual(['非工作时间']);
    expect((await ticket(monday.id)).tags).toEqual([]);
    expect((await t.call(admin, 'DELETE', `/api/v1/triggers/${rule.id}`)).statusCode).toBe(204);
  });

  it('cuts loops: two triggers that undo each other fire once each and stop', async () => {
    // pong → ping comes first in a pass, so each change is written on its own (a pass in the other order
    // would net out to no change at all, also a cut loop but nothing to see).
    await createRule('/api/v1/triggers', {
      name: 'ping → pong',
      position: 2,
      events: ['ticket.updated'],
      conditions: { all: [{ field: 'tags', operator: 'includes', value: 'ping' }] },
      actions: [
        { type: 'removeTags', tags: ['ping'] },
        { type: 'addTags', tags: ['pong'] },
      ],
    });
    await createRule('/api/v1/triggers', {
      name: 'pong → ping',
      position: 1,
      events: ['ticket.updated'],
      conditions: { all: [{ field: 'tags', operator: 'includes', value: 'pong' }] },
      actions: [
        { type: 'removeTags', tags: ['pong'] },
        { type: 'addTags', tags: ['ping'] },
      ],
    });
    const created = (await t.call(agent, 'POST', '/api/v1/tickets', { subject: '循环测试', description: '' })).json();
    await t.call(
      agent,
      'PATCH',
      `/api/v1/tickets/${created.id}`,
      { tags: ['ping'] },
      { 'if-match': await etagOf(created.id) },
    );
    await t.app.worker.drain();
    const after = await ticket(created.id);
    expect(after.tags).toEqual(['ping']);
    const tagChanges = after.timeline.events.filter((e: { type: string }) => e.type === 'ticket.tags_changed');
    expect(tagChanges.map((e: { actor: { type: string } }) => e.actor.type)).toEqual(['user', 'system', 'system']);
  });
});

describe('time-based automations', () => {
  it('closes a ticket resolved for more than 7 days, once', async () => {
    await createRule('/api/v1/automations', {
      name: '已解决 7 天自动关闭',
      conditions: { all: [{ field: 'hoursSinceResolved', operator: 'gt', value: 168 }] },
      actions: [{ type: 'setStatus', value: 'closed' }],
    });
    const created = (await t.call(agent, 'POST', '/api/v1/tickets', { subject: '已修好', description: '' })).json();
    await t.call(
      agent,
      'PATCH',
      `/api/v1/tickets/${created.id}`,
      { status: 'resolved' },
      { 'if-match': await etagOf(created.id) },
    );
    t.clock.advance(6 * 24 * 3_600_000);
    await t.app.worker.drain();
    expect((await ticket(created.id)).status).toBe('resolved');
    t.clock.advance(2 * 24 * 3_600_000);
    await t.app.worker.drain();
    await t.app.worker.drain();
    const after = await ticket(created.id);
    expect(after.status).toBe('closed');
    expect(after.timeline.events.filter((e: { type: string }) => e.type === 'ticket.status_changed')).toHaveLength(2);
    t.clock.set('2026-11-22T02:00:00Z');
  });
});

describe('macros', () => {
  it('applies a reply template with variables and field changes, guarded by If-Match', async () => {
    const macro = (
      await t.call(admin, 'POST', '/api/v1/macros', {
        name: '请补充序列号',
        actions: [
          { type: 'reply', public: true, template: '{{customer.name}}您好，工单 {{ticket.number}} 需要设备序列号。' },
          { type: 'setStatus', value: 'pending' },
          { type: 'addTags', tags: ['待补充'] },
        ],
      })
    ).json();
    const created = (
      await t.call(agent, 'POST', '/api/v1/tickets', {
        subject: '空调漏水',
        description: '',
        customer: { name: '吴女士', phone: '13600002222' },
      })
    ).json();
    const path = `/api/v1/tickets/${created.id}/macros/${macro.id}`;
    expect((await t.call(agent, 'POST', path)).statusCode).toBe(428);
    const etag = await etagOf(created.id);
    const applied = await t.call(agent, 'POST', path, undefined, { 'if-match': etag });
    expect(applied.statusCode).toBe(200);
    expect(applied.json()).toMatchObject({ status: 'pending', tags: ['待补充'] });
    expect((await t.call(agent, 'POST', path, undefined, { 'if-match': etag })).statusCode).toBe(412);
    const after = await ticket(created.id);
    expect(after.timeline.comments.map((c: { body: string }) => c.body)).toEqual([
      `吴女士您好，工单 ${created.number} 需要设备序列号。`,
    ]);
  });
});

describe('deliveries', () => {
  it('retries a failing webhook with backoff and ends it in the dead-letter list, which can retry it', async () => {
    const closed = await receiver(() => ({ status: 503, body: 'down' }));
    const channel = (
      await t.call(admin, 'POST', '/api/v1/notification-channels', {
        kind: 'webhook',
        name: 'ERP',
        config: { url: `${closed.url}/hook`, secret: HOOK_SECRET },
      })
    ).json();
    await createRule('/api/v1/triggers', {
      name: 'ERP 同步',
      events: ['ticket.created'],
      conditions: { all: [{ field: 'subject', operator: 'contains', value: 'ERP' }] },
      actions: [{ type: 'webhook', channelId: channel.id }],
    });
    await t.call(agent, 'POST', '/api/v1/tickets', { subject: 'ERP 对接', description: '' });
    for (let attempt = 0; attempt < 12; attempt++) {
      await t.app.worker.drain();
      t.clock.advance(2 * 3_600_000);
    }
    await t.app.worker.drain();
    expect(closed.received).toHaveLength(8);
    const ids = new Set(closed.received.map((r) => r.headers['loopdesk-event-id']));
    expect(ids.size).toBe(1);
    const dead = (await t.call(admin, 'GET', '/api/v1/jobs/dead')).json().items;
    expect(dead).toHaveLength(1);
    expect(dead[0]).toMatchObject({ queue: 'channel', attempts: 8 });
    expect(dead[0].lastError).toMatch(/503/);
    expect((await t.call(t.tenantB.tokens.admin, 'POST', `/api/v1/jobs/${dead[0].id}/retry`)).statusCode).toBe(404);
    expect((await t.call(admin, 'POST', `/api/v1/jobs/${dead[0].id}/retry`)).statusCode).toBe(202);
    await t.app.worker.drain();
    expect(closed.received).toHaveLength(9);
    await closed.close();
    t.clock.set('2026-11-22T02:00:00Z');
  });

  it('streams a new in-app notification to the user over SSE', async () => {
    await t.app.listen({ port: 0, host: '127.0.0.1' });
    const { port } = t.app.server.address() as AddressInfo;
    const controller = new AbortController();
    const response = await fetch(`http://127.0.0.1:${port}/api/v1/notifications/stream`, {
      headers: { authorization: `Bearer ${t.tenantA.tokens.supervisor}` },
      signal: controller.signal,
    });
    expect(response.headers.get('content-type')).toContain('text/event-stream');
    const reader = (response.body as ReadableStream<Uint8Array>).getReader();
    const decoder = new TextDecoder();
    await t.call(agent, 'POST', '/api/v1/tickets', { subject: '我要退款，SSE', description: '' });
    await t.app.worker.drain();
    let text = '';
    const deadline = Date.now() + 5_000;
    while (!text.includes('event: notification') && Date.now() < deadline) {
      const { value } = await reader.read();
      text += decoder.decode(value);
    }
    expect(text).toContain('event: notification');
    expect(text).toContain('我要退款，SSE');

    // Revoking the token ends the stream at the next event: nothing more reaches a revoked credential.
    const revoker = (await t.call(t.tenantA.tokens.supervisor, 'GET', '/api/v1/tokens')).json().items;
    for (const token of revoker) await t.call(t.tenantA.tokens.supervisor, 'DELETE', `/api/v1/tokens/${token.id}`);
    await t.call(agent, 'POST', '/api/v1/tickets', { subject: '我要退款，撤销后', description: '' });
    await t.app.worker.drain();
    let after = '';
    const ended = Date.now() + 5_000;
    while (Date.now() < ended) {
      const { value, done } = await reader.read();
      if (done) break;
      after += decoder.decode(value);
    }
    controller.abort();
    expect(after).not.toContain('撤销后');
  });
});
