import { randomUUID } from 'node:crypto';
import type { HTTPMethods, LightMyRequestResponse } from 'fastify';
import { sql } from 'kysely';
import type { Db } from '../../src/platform/db/database.ts';
import type { TestApp, TestTenant } from '../support/test-app.ts';

// biome-ignore lint/suspicious/noExplicitAny: response bodies are checked field by field in tests
export type Reply = LightMyRequestResponse & { json(): any };
export type Route = TestApp['app']['routeList'][number];

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
  const response = await t.app.inject({
    method: options.method,
    url: options.url,
    headers,
    ...(options.payload !== undefined ? { payload: options.payload } : {}),
  });
  return response as Reply;
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
};

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
  const response = await t.app.inject({
    method: options.method,
    url: options.url,
    cookies: { loopdesk_session: options.session },
    headers: { ...(options.body !== undefined ? { 'content-type': 'application/json' } : {}), ...options.headers },
    ...(options.body !== undefined ? { payload: JSON.stringify(options.body) } : {}),
  });
  return response as Reply;
}
