import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp, type TestTenant } from '../support/test-app.ts';
import {
  fillPath,
  isDocsRoute,
  isProblem,
  login,
  pathParams,
  type Reply,
  type SeededTenant,
  seedTenant,
  send,
  sessionCall,
  snapshot,
  tokenWith,
} from './security-fixtures.ts';

// Built at collection time so the router walks below have one test per route.
const t = await createTestApp();
let seeded: SeededTenant;
const PASSWORD = 'correct-horse-1';
const host = 'desk.example.com';
const sameOrigin = { host, origin: `https://${host}` };

beforeAll(async () => {
  seeded = await seedTenant(t, t.tenantA, 'lynx');
});
afterAll(async () => t.close());

const emailOf = (tenant: TestTenant, role: string) => `${role}@${tenant.slug}.example.com`;
const me = (session: string) => sessionCall(t, { session, method: 'GET', url: '/api/v1/auth/me' });

// Real ids of the seeded tenant for every path parameter, so GET routes do real work.
function seededId(param: string, resource: string): string {
  const ids: Record<string, string> = {
    'users/:id': seeded.userId,
    'teams/:id': seeded.teamId,
    'tokens/:id': seeded.extraToken.id,
    'customers/:id': seeded.customerId,
    'tickets/:id': seeded.ticketId,
    'ticket-types/:id': seeded.ticketTypeId,
    'calendars/:id': seeded.calendarId,
    'attachments/:attachmentId': seeded.attachmentId,
    'sla-policies/:id': seeded.slaPolicyId,
    'triggers/:id': seeded.triggerId,
    'automations/:id': seeded.automationId,
    'macros/:id': seeded.macroId,
    'macros/:macroId': seeded.macroId,
    'notification-channels/:id': seeded.channelId,
    'notifications/:id': seeded.notificationId,
    'jobs/:id': seeded.deadJobId,
    'engineers/:userId': seeded.engineerUserId,
  };
  const id = ids[`${resource}/:${param}`];
  if (!id)
    throw new Error(`No seeded id for :${param} after /${resource}/: add one to seededId in sessions-csrf.int.test.ts`);
  return id;
}

describe('logging in', () => {
  it('sets an HttpOnly, SameSite session cookie for the whole site and returns a separate CSRF token', async () => {
    const { reply, session, csrfToken } = await login(t, { email: emailOf(t.tenantA, 'agent'), password: PASSWORD });
    const cookie = reply.cookies.find((c) => c.name === 'loopdesk_session');
    expect(cookie?.httpOnly).toBe(true);
    expect(String(cookie?.sameSite).toLowerCase()).toMatch(/^(lax|strict)$/);
    expect(cookie?.path).toBe('/');
    expect(cookie?.domain).toBeUndefined();
    expect(session.length).toBeGreaterThanOrEqual(43);
    expect(csrfToken.length).toBeGreaterThanOrEqual(43);
    expect(csrfToken).not.toBe(session);
    expect(reply.body).not.toContain(session);
    expect((await me(session)).json().user.email).toBe(emailOf(t.tenantA, 'agent'));
  });

  it('opens a new session at every login and ignores a cookie planted beforehand', async () => {
    const planted = 'attacker-chosen-session-id-0123456789abcdef';
    const reply = await send(t, {
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: JSON.stringify({ email: emailOf(t.tenantA, 'agent'), password: PASSWORD }),
      headers: { 'content-type': 'application/json', cookie: `loopdesk_session=${planted}` },
    });
    expect(reply.statusCode).toBe(200);
    const issued = reply.cookies.find((c) => c.name === 'loopdesk_session')?.value;
    expect(issued).toBeTruthy();
    expect(issued).not.toBe(planted);
    expect((await me(planted)).statusCode).toBe(401);
    const again = await login(t, { email: emailOf(t.tenantA, 'agent'), password: PASSWORD });
    expect(again.session).not.toBe(issued);
    expect(again.csrfToken).not.toBe(reply.json().csrfToken);
  });

  it('gives a wrong password, an unknown e-mail, an unknown tenant and a deactivated user the same status and body', async () => {
    const tenant = await t.newTenant('Enumeration');
    const user = await t.call(tenant.tokens.admin, 'GET', `/api/v1/users/${tenant.userIds.dispatcher}`);
    await t.call(
      tenant.tokens.admin,
      'PATCH',
      `/api/v1/users/${tenant.userIds.dispatcher}`,
      { active: false },
      { 'if-match': String(user.headers.etag) },
    );
    const noPassword = await t.call(tenant.tokens.admin, 'POST', '/api/v1/users', {
      email: 'sso-only@enumeration.example.com',
      name: 'SSO only',
      role: 'agent',
    });
    expect(noPassword.statusCode).toBe(201);
    const attempts = [
      { email: emailOf(tenant, 'agent'), password: 'wrong-horse-1' },
      { email: 'nobody@enumeration.example.com', password: 'wrong-horse-1' },
      { email: emailOf(tenant, 'agent'), password: PASSWORD, tenant: 'no-such-tenant' },
      { email: emailOf(tenant, 'dispatcher'), password: PASSWORD },
      { email: 'sso-only@enumeration.example.com', password: PASSWORD },
    ];
    const replies: Reply[] = [];
    for (const attempt of attempts) {
      replies.push(
        await send(t, {
          method: 'POST',
          url: '/api/v1/auth/login',
          payload: JSON.stringify(attempt),
          headers: { 'content-type': 'application/json' },
        }),
      );
    }
    const [first, ...rest] = replies;
    expect(first?.statusCode).toBe(401);
    expect(isProblem(first as Reply)).toBe(true);
    for (const reply of rest) {
      expect(reply.statusCode).toBe(first?.statusCode);
      expect(reply.body).toBe(first?.body);
      expect(reply.headers['set-cookie']).toBeUndefined();
    }
  });

  it('takes about as long for an unknown e-mail as for a wrong password', async () => {
    const timed = async (email: string) => {
      const started = performance.now();
      await send(t, {
        method: 'POST',
        url: '/api/v1/auth/login',
        payload: JSON.stringify({ email, password: 'wrong-horse-1' }),
        headers: { 'content-type': 'application/json' },
      });
      return performance.now() - started;
    };
    const known: number[] = [];
    const unknown: number[] = [];
    // Interleaved, so load from other test files slows both sides alike.
    for (let i = 0; i < 7; i++) {
      known.push(await timed(emailOf(t.tenantA, 'supervisor')));
      unknown.push(await timed('nobody-at-all@alpha.example.com'));
    }
    const median = (samples: number[]) => samples.sort((x, y) => x - y)[3] as number;
    // Loose bounds: skipping the password hash for unknown accounts would make them 10× faster, not 3×.
    expect(median(unknown) / median(known)).toBeGreaterThan(1 / 3);
    expect(median(unknown) / median(known)).toBeLessThan(3);
  });
});

describe('cookie sessions and CSRF', () => {
  let session: string;
  let csrfToken: string;

  beforeAll(async () => {
    ({ session, csrfToken } = await login(t, { email: emailOf(t.tenantA, 'admin'), password: PASSWORD }));
  });

  const unsafeRoutes = t.app.routeList.filter(
    (route) => !route.public && !isDocsRoute(route) && !['GET', 'HEAD', 'OPTIONS'].includes(route.method),
  );
  const ticket = { subject: '会话创建的工单', description: 'created through a cookie session' };

  it.each(unsafeRoutes.map((route) => [`${route.method} ${route.url}`, route] as const))(
    '%s refuses a cookie session without the CSRF token, or with a foreign Origin, and writes nothing',
    async (_name, route) => {
      const before = await snapshot(t.database.db);
      const url = fillPath(route.url, seededId);
      const attempts: Record<string, Record<string, string>> = {
        noToken: sameOrigin,
        wrongToken: { ...sameOrigin, 'x-csrf-token': `${csrfToken}x` },
        foreignOrigin: { host, origin: 'http://evil.localhost', 'x-csrf-token': csrfToken },
        lookalikeOrigin: { host, origin: `https://${host}.evil.localhost`, 'x-csrf-token': csrfToken },
        methodOverride: { host, 'x-csrf-token': `${csrfToken}x`, 'x-http-method-override': 'GET' },
      };
      for (const [label, headers] of Object.entries(attempts)) {
        const reply = await sessionCall(t, {
          session,
          method: route.method as 'POST',
          url: `${url}?_method=GET`,
          body: {},
          headers,
        });
        expect(reply.statusCode, `${label}: ${reply.body}`).toBe(403);
        expect(isProblem(reply)).toBe(true);
        expect(reply.json().code, label).toBe('CSRF_REJECTED');
      }
      expect(await snapshot(t.database.db)).toEqual(before);
      expect((await me(session)).statusCode).toBe(200);
    },
  );

  it("refuses another session's CSRF token", async () => {
    const other = await login(t, { email: emailOf(t.tenantA, 'admin'), password: PASSWORD });
    const reply = await sessionCall(t, {
      session,
      method: 'POST',
      url: '/api/v1/tickets',
      body: ticket,
      headers: { ...sameOrigin, 'x-csrf-token': other.csrfToken },
    });
    expect(reply.statusCode).toBe(403);
    expect(reply.json().code).toBe('CSRF_REJECTED');
  });

  it('accepts the write with the right CSRF token and the same Origin, or no Origin at all', async () => {
    const withOrigin = await sessionCall(t, {
      session,
      method: 'POST',
      url: '/api/v1/tickets',
      body: ticket,
      headers: { ...sameOrigin, 'x-csrf-token': csrfToken },
    });
    expect(withOrigin.statusCode, withOrigin.body).toBe(201);
    const withoutOrigin = await sessionCall(t, {
      session,
      method: 'POST',
      url: '/api/v1/tickets',
      body: ticket,
      headers: { 'x-csrf-token': csrfToken },
    });
    expect(withoutOrigin.statusCode, withoutOrigin.body).toBe(201);
  });

  it('needs no CSRF token for a Bearer token, which a browser never sends on its own', async () => {
    const reply = await t.call(t.tenantA.tokens.agent, 'POST', '/api/v1/tickets', ticket, {
      origin: 'http://evil.localhost',
    });
    expect(reply.statusCode).toBe(201);
  });
});

describe('GET never changes anything', () => {
  let session: string;

  beforeAll(async () => {
    ({ session } = await login(t, { email: emailOf(t.tenantA, 'admin'), password: PASSWORD }));
  });

  const reads = t.app.routeList.filter((route) => route.method === 'GET' && !route.url.includes('*'));

  it.each(reads.map((route) => [route.url, route] as const))(
    'GET %s leaves every table unchanged, also with ?_method=DELETE and HEAD',
    async (_name, route) => {
      const url = pathParams(route.url).length ? fillPath(route.url, seededId) : route.url;
      const before = await snapshot(t.database.db);
      // `send` and `sessionCall` read the notification stream up to its first event instead of forever.
      // The admin, or for a read only another role may make (an engineer's open offers) that role.
      const token = tokenWith(t.tenantA, route.permission);
      const replies = [
        await send(t, { method: 'GET', url, token }),
        await send(t, {
          method: 'GET',
          url: `${url}?_method=DELETE`,
          token,
          headers: { 'x-http-method-override': 'DELETE' },
        }),
        await sessionCall(t, { session, method: 'GET', url: `${url}?_method=POST` }),
        await send(t, { method: 'HEAD', url, token }),
      ];
      for (const reply of replies) expect(reply.statusCode, reply.body.slice(0, 300)).toBeLessThan(500);
      if (!isDocsRoute(route)) expect(replies[0]?.statusCode, replies[0]?.body).toBe(200);
      expect(await snapshot(t.database.db)).toEqual(before);
    },
  );
});

describe('password changes', () => {
  it('needs the current password, then ends every session of that user', async () => {
    const tenant = await t.newTenant('Password');
    const email = emailOf(tenant, 'agent');
    const first = await login(t, { email, password: PASSWORD });
    const second = await login(t, { email, password: PASSWORD });
    const change = (currentPassword: string) =>
      sessionCall(t, {
        session: first.session,
        method: 'POST',
        url: '/api/v1/auth/password',
        body: { currentPassword, newPassword: 'battery-staple-2' },
        headers: { 'x-csrf-token': first.csrfToken },
      });

    const wrong = await change('not-my-password');
    expect(wrong.statusCode).toBe(401);
    expect(isProblem(wrong)).toBe(true);
    expect((await me(second.session)).statusCode).toBe(200);
    await login(t, { email, password: PASSWORD });

    const noCsrf = await sessionCall(t, {
      session: first.session,
      method: 'POST',
      url: '/api/v1/auth/password',
      body: { currentPassword: PASSWORD, newPassword: 'battery-staple-2' },
    });
    expect(noCsrf.statusCode).toBe(403);
    await login(t, { email, password: PASSWORD });

    const ok = await change(PASSWORD);
    expect(ok.statusCode).toBe(204);
    expect((await me(second.session)).statusCode).toBe(401);
    expect((await me(first.session)).statusCode).toBe(401);
    await expect(login(t, { email, password: PASSWORD })).rejects.toThrow(/401/);
    await login(t, { email, password: 'battery-staple-2' });
  });

  it('refuses a change without the current password at all', async () => {
    const reply = await t.call(t.tenantA.tokens.engineer, 'POST', '/api/v1/auth/password', {
      newPassword: 'battery-staple-2',
    });
    expect(reply.statusCode).toBe(400);
    expect(reply.json().code).toBe('VALIDATION_FAILED');
    await login(t, { email: emailOf(t.tenantA, 'engineer'), password: PASSWORD });
  });
});

describe('logging out and expiry', () => {
  it('ends the session on logout and clears the cookie, but only with the CSRF token', async () => {
    const { session, csrfToken } = await login(t, { email: emailOf(t.tenantA, 'dispatcher'), password: PASSWORD });
    const forged = await sessionCall(t, {
      session,
      method: 'POST',
      url: '/api/v1/auth/logout',
      headers: { origin: 'http://evil.localhost', host },
    });
    expect(forged.statusCode).toBe(403);
    expect((await me(session)).statusCode).toBe(200);
    const out = await sessionCall(t, {
      session,
      method: 'POST',
      url: '/api/v1/auth/logout',
      headers: { 'x-csrf-token': csrfToken },
    });
    expect(out.statusCode).toBe(204);
    const cleared = out.cookies.find((c) => c.name === 'loopdesk_session');
    expect(cleared?.value ?? '').toBe('');
    expect((await me(session)).statusCode).toBe(401);
  });

  it('ends a session after its lifetime even if the browser keeps the cookie', async () => {
    const { session } = await login(t, { email: emailOf(t.tenantA, 'supervisor'), password: PASSWORD });
    const start = t.clock.now();
    try {
      t.clock.advance(6 * 86_400_000);
      expect((await me(session)).statusCode).toBe(200);
      t.clock.advance(2 * 86_400_000);
      expect((await me(session)).statusCode).toBe(401);
    } finally {
      t.clock.set(start);
    }
  });
});

describe('login attempts are limited', () => {
  let limited: TestApp;

  beforeAll(async () => {
    limited = await createTestApp({ LOGIN_ATTEMPTS_PER_MINUTE: '3', SECURE_COOKIES: 'true' });
  });
  afterAll(async () => limited.close());

  const attempt = (email: string, password: string, headers: Record<string, string> = {}) =>
    send(limited, {
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: JSON.stringify({ email, password }),
      headers: { 'content-type': 'application/json', ...headers },
    });

  it('marks the session cookie Secure when SECURE_COOKIES is on', async () => {
    const { reply } = await login(limited, { email: emailOf(limited.tenantB, 'admin'), password: PASSWORD });
    expect(reply.cookies.find((c) => c.name === 'loopdesk_session')?.secure).toBe(true);
  });

  it('answers 429 problem+json with an integer Retry-After after the limit, even to the right password', async () => {
    const email = emailOf(limited.tenantA, 'agent');
    for (let i = 0; i < 3; i++) expect((await attempt(email, `guess-${i}-wrong`)).statusCode).toBe(401);
    const blocked = await attempt(email, PASSWORD);
    expect(blocked.statusCode).toBe(429);
    expect(isProblem(blocked)).toBe(true);
    expect(blocked.json().code).toBe('RATE_LIMITED');
    expect(String(blocked.headers['retry-after'])).toMatch(/^\d+$/);
    expect(Number(blocked.headers['retry-after'])).toBeGreaterThanOrEqual(1);
    expect(Number(blocked.headers['retry-after'])).toBeLessThanOrEqual(60);
    expect(blocked.headers['set-cookie']).toBeUndefined();
    expect((await attempt(emailOf(limited.tenantA, 'supervisor'), PASSWORD)).statusCode).toBe(200);
  });

  it('is not reset by a spoofed X-Forwarded-For', async () => {
    const email = emailOf(limited.tenantA, 'dispatcher');
    for (let i = 0; i < 3; i++) await attempt(email, `guess-${i}-wrong`);
    const spoofed = await attempt(email, 'another-guess', {
      'x-forwarded-for': `203.0.113.${Math.floor(Math.random() * 200)}`,
      'x-real-ip': '198.51.100.7',
    });
    expect(spoofed.statusCode).toBe(429);
  });

  it('counts attempts per account however the e-mail is spelled', async () => {
    const email = emailOf(limited.tenantA, 'engineer');
    for (let i = 0; i < 3; i++) await attempt(email, `guess-${i}-wrong`);
    const spellings = [email.toUpperCase(), ` ${email}`, `${email} `, `\t${email}`, email.replace('e', 'ｅ')];
    for (const spelling of spellings) {
      const reply = await attempt(spelling, `guess-${randomUUID()}`);
      expect(reply.statusCode, JSON.stringify(spelling)).toBe(429);
    }
  });
});
