import { randomInt, randomUUID } from 'node:crypto';
import type { HTTPMethods, InjectOptions, LightMyRequestResponse } from 'fastify';
import { sql } from 'kysely';
import { hasPermission, type Permission } from '../../src/platform/auth/permissions.ts';
import { ROLES } from '../../src/platform/auth/principal.ts';
import type { Db } from '../../src/platform/db/database.ts';
import { etagFor } from '../../src/platform/http/etag.ts';
import type { TestApp, TestTenant } from '../support/test-app.ts';

// biome-ignore lint/suspicious/noExplicitAny: response bodies are checked field by field in tests
export type Reply = LightMyRequestResponse & { json(): any };
export type Route = TestApp['app']['routeList'][number];

/**
 * Routes whose answer never ends: Server-Sent Events. Injecting one the usual way waits for an end that never
 * comes, so `send` and `sessionCall` open these as a stream, keep the status, headers and first event (or the
 * whole body of an error answer, which does end), then hang up. Every walk covers them like any other route.
 */
export const STREAMING_ROUTES: readonly string[] = ['GET /api/v1/notifications/stream'];

// How long to wait for a stream's first event before hanging up anyway.
const FIRST_EVENT_MS = 5_000;

function isStreaming(method: string, url: string): boolean {
  const path = url.split('?')[0];
  return STREAMING_ROUTES.includes(`${method === 'HEAD' ? 'GET' : method} ${path}`);
}

/** `app.inject`, except that a streaming route is read only up to its first event. */
async function inject(t: TestApp, options: InjectOptions & { method: HTTPMethods; url: string }): Promise<Reply> {
  if (!isStreaming(options.method, options.url)) return (await t.app.inject(options)) as Reply;
  const controller = new AbortController();
  const response = await t.app.inject({ ...options, payloadAsStream: true, signal: controller.signal });
  const eventStream = String(response.headers['content-type'] ?? '').startsWith('text/event-stream');
  const chunks: Buffer[] = [];
  const timer = setTimeout(() => controller.abort(), FIRST_EVENT_MS);
  try {
    if (options.method !== 'HEAD') {
      for await (const chunk of response.stream()) {
        chunks.push(Buffer.from(chunk));
        if (eventStream && Buffer.concat(chunks).includes('\n\n')) break;
      }
    }
  } catch (error) {
    if (!controller.signal.aborted) throw error;
  } finally {
    clearTimeout(timer);
    // Hangs up like a browser closing the tab: the route's close handler unsubscribes.
    controller.abort();
  }
  const rawPayload = Buffer.concat(chunks);
  const body = rawPayload.toString();
  return {
    ...response,
    cookies: response.cookies,
    rawPayload,
    payload: body,
    body,
    json: () => JSON.parse(body),
  } as Reply;
}

/** A made-up id of the right shape for a path parameter: job ids are numbers, every other id is a UUID. */
export function madeUpId(_param: string, resource: string): string {
  return resource === 'jobs' ? String(randomInt(1, 2 ** 47)) : randomUUID();
}

/** One request with a raw payload (string or bytes) and any headers; `token` adds a Bearer header. */
export async function send(
  t: TestApp,
  options: {
    method: HTTPMethods;
    url: string;
    token?: string;
    payload?: string | Buffer;
    headers?: Record<string, string>;
  },
): Promise<Reply> {
  const headers: Record<string, string> = {
    ...(options.token ? { authorization: `Bearer ${options.token}` } : {}),
    ...options.headers,
  };
  return inject(t, {
    method: options.method,
    url: options.url,
    headers,
    ...(options.payload !== undefined ? { payload: options.payload } : {}),
  });
}

// Objects whose PATCH needs If-Match but that have no GET-by-id route: the list their version is read from.
const LISTED_ONLY = /^(\/api\/v1\/macros)\/([0-9a-f-]{36})$/;

/**
 * The ETag a client holds for the object at `url`: from its GET, or for an object that has no GET of its own
 * (macros), built from the version its list shows.
 */
export async function etagOf(t: TestApp, token: string, url: string): Promise<string | undefined> {
  const read = await send(t, { method: 'GET', url, token });
  if (typeof read.headers.etag === 'string') return read.headers.etag;
  const [, list, id] = LISTED_ONLY.exec(url) ?? [];
  if (!list || !id) return undefined;
  const listed = await send(t, { method: 'GET', url: list, token });
  if (listed.statusCode !== 200) return undefined;
  const item = listed.json().items.find((entry: { id: string }) => entry.id === id);
  return item ? etagFor(item.id, item.version) : undefined;
}

export function isProblem(reply: Reply): boolean {
  return String(reply.headers['content-type'] ?? '').startsWith('application/problem+json');
}

/** Reads a 2xx body or throws with the whole response, so a broken fixture says why. */
export function created(reply: Reply, what: string): Record<string, unknown> & { id: string } {
  if (reply.statusCode >= 300) throw new Error(`creating ${what} failed: ${reply.statusCode} ${reply.body}`);
  return reply.json();
}

// Counters that advance outside the write's transaction on purpose, like a sequence: create-ticket.ts takes
// the ticket number first, so a refused create may leave a gap. A gap is not a half-written record.
const SEQUENCE_TABLES = new Set(['ticket_number_counters']);

const tableNames = new WeakMap<Db, Promise<{ name: string; tenantScoped: boolean }[]>>();

function tablesOf(db: Db): Promise<{ name: string; tenantScoped: boolean }[]> {
  let found = tableNames.get(db);
  if (!found) {
    found = sql<{ name: string; tenant_scoped: boolean }>`
      select t.table_name as name,
        exists (select 1 from information_schema.columns c
                where c.table_schema = t.table_schema and c.table_name = t.table_name and c.column_name = 'tenant_id') as tenant_scoped
      from information_schema.tables t
      where t.table_schema = current_schema() and t.table_type = 'BASE TABLE'
      order by 1`
      .execute(db)
      .then((result) => result.rows.map((row) => ({ name: row.name, tenantScoped: row.tenant_scoped })));
    tableNames.set(db, found);
  }
  return found;
}

/**
 * Row count and a hash of every row of every table (or only one tenant's rows), sequences aside: two
 * equal snapshots mean nothing was inserted, updated or deleted in between.
 */
export async function snapshot(db: Db, tenantId?: string): Promise<Record<string, string>> {
  const tables = (await tablesOf(db)).filter(
    (table) => !SEQUENCE_TABLES.has(table.name) && (!tenantId || table.tenantScoped || table.name === 'tenants'),
  );
  const parts = tables.map(({ name, tenantScoped }) => {
    const where = !tenantId
      ? sql``
      : tenantScoped
        ? sql`where x.tenant_id = ${tenantId}`
        : sql`where x.id = ${tenantId}`;
    return sql`select ${name}::text as name, count(*)::int || ':' || md5(coalesce(string_agg(x::text, '|' order by x::text), '')) as digest
      from ${sql.table(name)} as x ${where}`;
  });
  const result = await sql<{ name: string; digest: string }>`${sql.join(parts, sql` union all `)}`.execute(db);
  return Object.fromEntries(result.rows.map((row) => [row.name, row.digest]));
}

/** A multipart/form-data body with one file in the field `file`, as a browser would send it. */
export function multipartFile(file: { filename: string; contentType: string; content: string | Buffer }): {
  payload: Buffer;
  headers: Record<string, string>;
} {
  const boundary = `----loopdesk-${randomUUID()}`;
  const head = `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${file.filename}"\r\nContent-Type: ${file.contentType}\r\n\r\n`;
  return {
    payload: Buffer.concat([Buffer.from(head), Buffer.from(file.content), Buffer.from(`\r\n--${boundary}--\r\n`)]),
    headers: { 'content-type': `multipart/form-data; boundary=${boundary}` },
  };
}

export async function uploadAttachment(
  t: TestApp,
  options: { token: string; ticketId: string; filename?: string; contentType?: string; content?: string | Buffer },
): Promise<Reply> {
  const body = multipartFile({
    filename: options.filename ?? 'notes.txt',
    contentType: options.contentType ?? 'text/plain',
    content: options.content ?? 'plain text file',
  });
  return send(t, {
    method: 'POST',
    url: `/api/v1/tickets/${options.ticketId}/attachments`,
    token: options.token,
    payload: body.payload,
    headers: body.headers,
  });
}

/** Replaces each `:param` of a route with what `idFor` gives for it (and the path segment before it). */
export function fillPath(url: string, idFor: (param: string, resource: string) => string): string {
  const segments = url.split('/');
  return segments
    .map((segment, index) => {
      if (segment.includes('*')) throw new Error(`route ${url} has a wildcard; give it an explicit rule`);
      if (!segment.startsWith(':')) return segment;
      return idFor(segment.slice(1), segments[index - 1] ?? '');
    })
    .join('/');
}

export function pathParams(url: string): string[] {
  return url
    .split('/')
    .filter((segment) => segment.startsWith(':'))
    .map((segment) => segment.slice(1));
}

/** The swagger UI is served without login by prefix in create-app.ts; everything else must say `public`. */
export function isDocsRoute(route: Pick<Route, 'url'>): boolean {
  return route.url === '/api/docs' || route.url.startsWith('/api/docs/');
}

export const SHARED_PHONE = '13900139000';

export type SeededTenant = {
  tenant: TestTenant;
  marker: string;
  organisationId: string;
  customerId: string;
  userId: string;
  userEmail: string;
  teamId: string;
  ticketTypeId: string;
  calendarId: string;
  ticketId: string;
  ticketNumber: string;
  attachmentId: string;
  attachmentContent: string;
  commentId: string;
  extraToken: { id: string; secret: string };
} & SeededAutomation &
  SeededDispatch;

export type SeededDispatch = {
  /** The tenant's engineer (`tenant.userIds.engineer`), who has a dispatch profile. */
  engineerUserId: string;
  /** The unassigned ticket offered to that engineer (the grab pool offers only unassigned jobs). */
  offeredTicketId: string;
};

/**
 * The token of a role that may call a route with `permission`: the admin's where it may, else the first role
 * that may (offers are for engineers only). A walk that always used the admin would stop at 403 there.
 */
export function tokenWith(tenant: TestTenant, permission: string | null | undefined): string {
  if (!permission) return tenant.tokens.admin;
  const role = hasPermission('admin', permission as Permission)
    ? 'admin'
    : ROLES.find((r) => hasPermission(r, permission as Permission));
  if (!role) throw new Error(`no role has the permission ${permission}`);
  return tenant.tokens[role];
}

/**
 * A dispatch profile for the tenant's engineer (idle, HVAC level 3) and an open offer of `ticketId` to that
 * engineer (15 minutes, in the test clock's time, which stands still). Accepting the offer assigns the ticket
 * to the engineer: a suite that lets the accept route succeed gives it a ticket of its own.
 */
export async function seedDispatch(t: TestApp, tenant: TestTenant, ticketId: string): Promise<SeededDispatch> {
  const engineerUserId = tenant.userIds.engineer;
  created(
    await t.call(tenant.tokens.admin, 'PUT', `/api/v1/engineers/${engineerUserId}`, {
      status: 'idle',
      skills: [{ key: 'hvac', level: 3 }],
    }),
    'engineer profile',
  );
  await offerTo(t, tenant, ticketId);
  return { engineerUserId, offeredTicketId: ticketId };
}

/** Opens (or re-opens) an offer of `ticketId` to the tenant's engineer. */
export async function offerTo(t: TestApp, tenant: TestTenant, ticketId: string): Promise<void> {
  created(
    await t.call(tenant.tokens.admin, 'POST', `/api/v1/tickets/${ticketId}/offers`, {
      engineerIds: [tenant.userIds.engineer],
    }),
    'offer',
  );
}

export type SeededAutomation = {
  slaPolicyId: string;
  triggerId: string;
  automationId: string;
  channelId: string;
  macroId: string;
  /** An in-app notification of the tenant's admin, left by applying the macro. */
  notificationId: string;
  /** A dead job (the macro's e-mail, with no e-mail channel set up), as the decimal id the API uses. */
  deadJobId: string;
};

/**
 * One SLA policy, trigger, time-based automation, notification channel and macro in the tenant, and what
 * applying the macro to `ticketId` leaves: an in-app notification for the admin and, once the worker has run, a
 * dead job (the e-mail it sends has no channel to go through). `marker` is in every name and message. With
 * `ticketType` (the ticket's type key) the policy applies to the ticket, so its SLA clocks name the policy.
 */
export async function seedAutomation(
  t: TestApp,
  tenant: TestTenant,
  marker: string,
  ticketId: string,
  ticketType?: string,
): Promise<SeededAutomation> {
  const admin = tenant.tokens.admin;
  const slaPolicy = created(
    await t.call(admin, 'POST', '/api/v1/sla-policies', {
      name: `${marker} SLA`,
      conditions: ticketType ? { ticketTypes: [ticketType] } : { priorities: ['P1'] },
      targets: { firstResponse: 30, resolution: 240 },
    }),
    'SLA policy',
  );
  const trigger = created(
    await t.call(admin, 'POST', '/api/v1/triggers', {
      name: `${marker} VIP`,
      events: ['ticket.created'],
      conditions: { all: [{ field: 'priority', operator: 'is', value: 'P1' }] },
      actions: [{ type: 'addTags', tags: ['vip'] }],
    }),
    'trigger',
  );
  const automation = created(
    await t.call(admin, 'POST', '/api/v1/automations', {
      name: `${marker} close resolved`,
      conditions: { all: [{ field: 'hoursSinceResolved', operator: 'gt', value: 168 }] },
      actions: [{ type: 'setStatus', value: 'closed' }],
    }),
    'automation',
  );
  const channel = created(
    await t.call(admin, 'POST', '/api/v1/notification-channels', {
      kind: 'wecom',
      name: `${marker} 值班群`,
      config: { webhookUrl: `https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=${marker}-robot-key` },
    }),
    'notification channel',
  );
  const macro = created(
    await t.call(admin, 'POST', '/api/v1/macros', {
      name: `${marker} 通知管理员`,
      actions: [
        {
          type: 'notify',
          to: [{ userId: tenant.userIds.admin }],
          channels: ['inApp', 'email'],
          template: `${marker} 请跟进 {{ticket.number}}`,
        },
      ],
    }),
    'macro',
  );
  const ticket = await send(t, { method: 'GET', url: `/api/v1/tickets/${ticketId}`, token: admin });
  created(
    await t.call(admin, 'POST', `/api/v1/tickets/${ticketId}/macros/${macro.id}`, undefined, {
      'if-match': String(ticket.headers.etag),
    }),
    'macro application',
  );
  await t.app.worker.drain();
  const notifications = (await t.call(admin, 'GET', '/api/v1/notifications')).json().items;
  const notification = notifications.find((n: { body: string }) => n.body.startsWith(marker));
  if (!notification) throw new Error(`the macro left no notification: ${JSON.stringify(notifications)}`);
  const dead = (await t.call(admin, 'GET', '/api/v1/jobs/dead')).json().items;
  const job = dead.find((j: { payload: { ticketId?: string } }) => j.payload.ticketId === ticketId);
  if (!job) throw new Error(`the macro's e-mail did not end as a dead job: ${JSON.stringify(dead)}`);
  return {
    slaPolicyId: slaPolicy.id,
    triggerId: trigger.id,
    automationId: automation.id,
    channelId: channel.id,
    macroId: macro.id,
    notificationId: notification.id,
    deadJobId: String(job.id),
  };
}

/**
 * One of everything in a tenant, created through the API with its admin token. `marker` is a
 * word that appears in the tenant's ticket, comment and customer, so a leak is easy to grep.
 */
export async function seedTenant(t: TestApp, tenant: TestTenant, marker: string): Promise<SeededTenant> {
  const admin = tenant.tokens.admin;
  const organisation = created(
    await t.call(admin, 'POST', '/api/v1/customers', { kind: 'organisation', name: `${marker} Holdings` }),
    'organisation',
  );
  const customer = created(
    await t.call(admin, 'POST', '/api/v1/customers', {
      name: `${marker} Zhang`,
      organisationId: organisation.id,
      notes: `${marker} private notes`,
      contacts: [
        { kind: 'phone', value: SHARED_PHONE },
        { kind: 'email', value: `zhang.${marker}@customer.example.com` },
      ],
    }),
    'customer',
  );
  const userEmail = `victim.${marker}@${tenant.slug}.example.com`;
  const user = created(
    await t.call(admin, 'POST', '/api/v1/users', {
      email: userEmail,
      name: `${marker} Victim`,
      role: 'agent',
      password: 'victim-pass-1',
    }),
    'user',
  );
  const team = created(
    await t.call(admin, 'POST', '/api/v1/teams', { name: `${marker} Team`, memberIds: [user.id] }),
    'team',
  );
  const calendar = created(
    await t.call(admin, 'POST', '/api/v1/calendars', {
      name: `${marker} hours`,
      timeZone: 'Asia/Shanghai',
      weekly: { mon: [['09:00', '18:00']], tue: [['09:00', '18:00']], wed: [], thu: [], fri: [], sat: [], sun: [] },
      holidays: ['2026-10-01'],
      workdays: ['2026-10-10'],
    }),
    'calendar',
  );
  const ticketType = created(
    await t.call(admin, 'POST', '/api/v1/ticket-types', {
      key: `${marker}_type`,
      name: `${marker} type`,
      kind: 'desk',
    }),
    'ticket type',
  );
  const ticket = created(
    await t.call(admin, 'POST', '/api/v1/tickets', {
      subject: `${marker} 空调漏水`,
      description: `${marker} description`,
      type: `${marker}_type`,
      customerId: customer.id,
      assigneeId: user.id,
      teamId: team.id,
      tags: [marker],
    }),
    'ticket',
  );
  const attachmentContent = `${marker} attachment bytes`;
  const attachment = created(
    await uploadAttachment(t, {
      token: admin,
      ticketId: ticket.id,
      filename: `${marker}.txt`,
      content: attachmentContent,
    }),
    'attachment',
  );
  const comment = created(
    await t.call(admin, 'POST', `/api/v1/tickets/${ticket.id}/comments`, {
      body: `${marker} internal note`,
      public: false,
      attachmentIds: [attachment.id],
    }),
    'comment',
  );
  const token = created(await t.call(admin, 'POST', '/api/v1/tokens', { name: `${marker} token` }), 'token');
  const automation = await seedAutomation(t, tenant, marker, ticket.id, `${marker}_type`);
  // The grab pool offers only unassigned jobs: the offer sits on a ticket of its own.
  const offered = created(
    await t.call(admin, 'POST', '/api/v1/tickets', { subject: `${marker} offered job`, description: '' }),
    'ticket',
  );
  const dispatch = await seedDispatch(t, tenant, offered.id);
  return {
    tenant,
    marker,
    organisationId: organisation.id,
    customerId: customer.id,
    userId: user.id,
    userEmail,
    teamId: team.id,
    ticketTypeId: ticketType.id,
    calendarId: calendar.id,
    ticketId: ticket.id,
    ticketNumber: String(ticket.number),
    attachmentId: attachment.id,
    attachmentContent,
    commentId: comment.id,
    extraToken: { id: token.id, secret: String(token.token) },
    ...automation,
    ...dispatch,
  };
}

/** Every id and word of a seeded tenant that must never show up in another tenant's responses. */
export function secretsOf(seeded: SeededTenant): string[] {
  return [
    seeded.tenant.id,
    seeded.marker,
    seeded.organisationId,
    seeded.customerId,
    seeded.userId,
    seeded.userEmail,
    seeded.teamId,
    seeded.ticketTypeId,
    seeded.ticketId,
    seeded.attachmentId,
    seeded.commentId,
    seeded.extraToken.id,
    seeded.slaPolicyId,
    seeded.triggerId,
    seeded.automationId,
    seeded.channelId,
    seeded.macroId,
    seeded.notificationId,
    // Not deadJobId: a small number that any body may contain by chance. The marker in its payload still counts.
    ...Object.values(seeded.tenant.userIds),
  ];
}

/** The secrets found in a response body, leaving out those the request itself named (problem `instance`, echoed ids). */
export function leakedIn(body: string, secrets: string[], request = ''): string[] {
  return secrets.filter((secret) => body.includes(secret) && !request.includes(secret));
}

/** Login with e-mail and password; returns the session cookie value and the CSRF token. */
export async function login(
  t: TestApp,
  credentials: { email: string; password: string; tenant?: string },
): Promise<{ reply: Reply; session: string; csrfToken: string }> {
  const reply = await send(t, {
    method: 'POST',
    url: '/api/v1/auth/login',
    payload: JSON.stringify(credentials),
    headers: { 'content-type': 'application/json' },
  });
  const cookie = reply.cookies.find((c) => c.name === 'loopdesk_session');
  if (reply.statusCode !== 200 || !cookie) throw new Error(`login failed: ${reply.statusCode} ${reply.body}`);
  return { reply, session: cookie.value, csrfToken: String(reply.json().csrfToken) };
}

/** A request carrying a session cookie instead of a Bearer token, as the browser UI sends it. */
export async function sessionCall(
  t: TestApp,
  options: { session: string; method: HTTPMethods; url: string; body?: unknown; headers?: Record<string, string> },
): Promise<Reply> {
  return inject(t, {
    method: options.method,
    url: options.url,
    cookies: { loopdesk_session: options.session },
    headers: { ...(options.body !== undefined ? { 'content-type': 'application/json' } : {}), ...options.headers },
    ...(options.body !== undefined ? { payload: JSON.stringify(options.body) } : {}),
  });
}
