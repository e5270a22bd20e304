import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../support/test-app.ts';

let t: TestApp;
let admin: string;
let agent: string;
beforeAll(async () => {
  t = await createTestApp();
  admin = t.tenantA.tokens.admin;
  agent = t.tenantA.tokens.agent;
});
afterAll(async () => t.close());

describe('customers', () => {
  it('stores contact points normalised and finds the customer by any of them', async () => {
    const org = await t.call(agent, 'POST', '/api/v1/customers', {
      kind: 'organisation',
      name: '上海恒泰物业管理有限公司',
    });
    expect(org.statusCode).toBe(201);
    const created = await t.call(agent, 'POST', '/api/v1/customers', {
      name: '李娜',
      organisationId: org.json().id,
      contacts: [
        { kind: 'phone', value: '+86-10-12345678' },
        { kind: 'phone', value: '139 1234 5678' },
        { kind: 'email', value: 'Li.Na@Example.COM' },
        { kind: 'wecom', value: 'lina_wx' },
      ],
    });
    expect(created.statusCode).toBe(201);
    const customer = created.json();
    expect(customer.contacts.map((c: { value: string }) => c.value)).toEqual([
      '+861012345678',
      '+8613912345678',
      'li.na@example.com',
      'lina_wx',
    ]);
    for (const query of [
      'phone=010-12345678',
      'phone=%2B8613912345678',
      'email=LI.NA%40example.com',
      'contact=lina_wx',
      'contact=13912345678',
    ]) {
      const found = await t.call(agent, 'GET', `/api/v1/customers?${query}`);
      expect(
        found.json().items.map((c: { id: string }) => c.id),
        query,
      ).toEqual([customer.id]);
    }
    const byName = await t.call(agent, 'GET', `/api/v1/customers?q=${encodeURIComponent('李')}`);
    expect(byName.json().items.map((c: { id: string }) => c.id)).toContain(customer.id);
  });

  it('refuses contact points that are not what they claim to be', async () => {
    const bad = await t.call(agent, 'POST', '/api/v1/customers', {
      name: 'x',
      contacts: [
        { kind: 'phone', value: 'abc' },
        { kind: 'email', value: 'a@b.com\r\nBcc: x@y.com' },
      ],
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().errors[0].path).toBe('/contacts/0/value');
    const notOrg = (await t.call(agent, 'POST', '/api/v1/customers', { name: '个人' })).json();
    const wrongOrg = await t.call(agent, 'POST', '/api/v1/customers', { name: 'y', organisationId: notOrg.id });
    expect(wrongOrg.statusCode).toBe(400);
  });

  it('suggests duplicates that share a contact point or have a similar name', async () => {
    const a = (
      await t.call(agent, 'POST', '/api/v1/customers', {
        name: '张伟',
        contacts: [{ kind: 'phone', value: '13700001111' }],
      })
    ).json();
    const b = (
      await t.call(agent, 'POST', '/api/v1/customers', {
        name: '张伟先生',
        contacts: [{ kind: 'phone', value: '137 0000 1111' }],
      })
    ).json();
    const c = (await t.call(agent, 'POST', '/api/v1/customers', { name: '完全不同的人' })).json();
    const dupes = (await t.call(agent, 'GET', `/api/v1/customers/${a.id}/duplicates`)).json().items;
    const ids = dupes.map((d: { customer: { id: string } }) => d.customer.id);
    expect(ids).toContain(b.id);
    expect(ids).not.toContain(c.id);
    expect(dupes.find((d: { customer: { id: string } }) => d.customer.id === b.id).reasons).toContain(
      'same phone +8613700001111',
    );
  });

  it('updates a customer only with the version it read', async () => {
    const created = await t.call(agent, 'POST', '/api/v1/customers', { name: '赵六' });
    const etag = created.headers.etag as string;
    const ok = await t.call(
      agent,
      'PATCH',
      `/api/v1/customers/${created.json().id}`,
      { notes: 'VIP 客户', contacts: [{ kind: 'email', value: 'zhao@example.cn' }] },
      { 'if-match': etag },
    );
    expect(ok.statusCode).toBe(200);
    expect(ok.json().contacts).toHaveLength(1);
    const stale = await t.call(
      agent,
      'PATCH',
      `/api/v1/customers/${created.json().id}`,
      { notes: 'x' },
      { 'if-match': etag },
    );
    expect(stale.statusCode).toBe(412);
  });
});

describe('users, teams and tokens', () => {
  it('lets an admin create users and teams, and refuses an agent', async () => {
    const user = await t.call(admin, 'POST', '/api/v1/users', {
      email: 'New.Agent@Example.com',
      name: '新坐席',
      role: 'agent',
      password: 'long-enough-1',
    });
    expect(user.statusCode).toBe(201);
    expect(user.json().email).toBe('new.agent@example.com');
    expect(
      (await t.call(admin, 'POST', '/api/v1/users', { email: 'new.agent@example.com', name: 'again', role: 'agent' }))
        .statusCode,
    ).toBe(409);
    expect(
      (await t.call(agent, 'POST', '/api/v1/users', { email: 'x@example.com', name: 'x', role: 'admin' })).statusCode,
    ).toBe(403);
    const team = await t.call(admin, 'POST', '/api/v1/teams', { name: '二线技术支持', memberIds: [user.json().id] });
    expect(team.statusCode).toBe(201);
    expect(team.json().memberIds).toEqual([user.json().id]);
    expect((await t.call(admin, 'PATCH', `/api/v1/teams/${team.json().id}`, { name: 'x' })).statusCode).toBe(428);
    const renamed = await t.call(
      t.tenantA.tokens.supervisor,
      'PATCH',
      `/api/v1/teams/${team.json().id}`,
      { name: 'L2 技术支持', memberIds: [] },
      { 'if-match': team.headers.etag as string },
    );
    expect(renamed.json()).toMatchObject({ name: 'L2 技术支持', memberIds: [] });
    const deactivated = await t.call(
      admin,
      'PATCH',
      `/api/v1/users/${user.json().id}`,
      { active: false },
      { 'if-match': user.headers.etag as string },
    );
    expect(deactivated.json().active).toBe(false);
    const assign = await t.call(agent, 'POST', '/api/v1/tickets', {
      subject: 's',
      description: 'd',
      assigneeId: user.json().id,
    });
    expect(assign.statusCode).toBe(400);
  });

  it('issues a token once, lists it without the secret, and revokes it', async () => {
    const created = await t.call(agent, 'POST', '/api/v1/tokens', { name: 'CRM 集成' });
    expect(created.statusCode).toBe(201);
    const secret = created.json().token;
    expect((await t.call(secret, 'GET', '/api/v1/auth/me')).json().user.role).toBe('agent');
    const listed = await t.call(agent, 'GET', '/api/v1/tokens');
    expect(JSON.stringify(listed.json())).not.toContain(secret);
    expect((await t.call(agent, 'DELETE', `/api/v1/tokens/${created.json().id}`)).statusCode).toBe(204);
    expect((await t.call(secret, 'GET', '/api/v1/auth/me')).statusCode).toBe(401);
  });
});

describe('ticket types and the service surface', () => {
  it('refuses a workflow with unknown states and one that strands tickets', async () => {
    const bad = await t.call(admin, 'POST', '/api/v1/ticket-types', {
      key: 'broken',
      name: 'x',
      kind: 'desk',
      workflow: { initial: 'a', states: [{ key: 'a', name: 'A', category: 'new' }], transitions: [['a', 'b']] },
    });
    expect(bad.statusCode).toBe(400);
    const types = (await t.call(admin, 'GET', '/api/v1/ticket-types')).json().items;
    const desk = types.find((x: { key: string }) => x.key === 'desk');
    await t.call(agent, 'POST', '/api/v1/tickets', { subject: 'waiting', description: '' });
    const current = await t.call(admin, 'GET', `/api/v1/ticket-types/${desk.id}`);
    const stranding = await t.call(
      admin,
      'PATCH',
      `/api/v1/ticket-types/${desk.id}`,
      {
        workflow: {
          initial: 'open',
          states: [
            { key: 'open', name: 'Open', category: 'open' },
            { key: 'done', name: 'Done', category: 'closed' },
          ],
          transitions: [['open', 'done']],
        },
      },
      { 'if-match': current.headers.etag as string },
    );
    expect(stranding.statusCode).toBe(400);
    expect(stranding.json().detail).toContain('new');
  });

  it('serves OpenAPI 3.1, docs, health, readiness and metrics', async () => {
    const spec = await t.app.inject({ method: 'GET', url: '/api/v1/openapi.json' });
    expect(spec.json().openapi).toBe('3.1.0');
    expect(Object.keys(spec.json().paths)).toContain('/api/v1/tickets/{id}');
    expect((await t.app.inject({ method: 'GET', url: '/api/docs/' })).statusCode).toBe(200);
    expect((await t.app.inject({ method: 'GET', url: '/healthz' })).statusCode).toBe(200);
    expect((await t.app.inject({ method: 'GET', url: '/readyz' })).statusCode).toBe(200);
    const metrics = await t.app.inject({ method: 'GET', url: '/metrics' });
    expect(metrics.body).toContain('loopdesk_http_request_duration_seconds');
    const missing = await t.app.inject({ method: 'GET', url: '/api/v1/nothing-here' });
    expect(missing.statusCode).toBe(404);
    expect(missing.headers['content-type']).toContain('application/problem+json');
  });
});
