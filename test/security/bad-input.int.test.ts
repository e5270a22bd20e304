import { createHash } from 'node:crypto';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { Ajv } from 'ajv';
import addFormatsModule from 'ajv-formats';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestTenant } from '../support/test-app.ts';
import {
  created,
  etagOf,
  fillPath,
  isDocsRoute,
  isProblem,
  multipartFile,
  type Reply,
  type Route,
  type SeededAutomation,
  seedAutomation,
  seedDispatch,
  send,
  snapshot,
  tokenWith,
  uploadAttachment,
} from './security-fixtures.ts';

// ajv-formats ships CommonJS with a default export.
const addFormats = addFormatsModule as unknown as (ajv: Ajv) => Ajv;

// Built at collection time so every route becomes its own test. Small attachments keep the upload tests fast.
const t = await createTestApp({ ATTACHMENT_MAX_BYTES: '65536' });
afterAll(async () => t.close());

type JsonSchema = { type?: string | string[]; properties?: Record<string, JsonSchema>; [key: string]: unknown };
type OpenApi = {
  paths: Record<
    string,
    Record<
      string,
      {
        requestBody?: { content?: Record<string, { schema?: JsonSchema }> };
        parameters?: { in: string; name: string; schema?: JsonSchema }[];
      }
    >
  >;
};
const openApi = t.app.swagger() as unknown as OpenApi;
const operationOf = (route: Route) => openApi.paths[route.url.replace(/:(\w+)/g, '{$1}')]?.[route.method.toLowerCase()];
const bodySchemaOf = (route: Route): JsonSchema | undefined =>
  operationOf(route)?.requestBody?.content?.['application/json']?.schema;
const isMultipart = (route: Route) =>
  Boolean(operationOf(route)?.requestBody?.content?.['multipart/form-data']) || route.url.endsWith('/attachments');

const writes = t.app.routeList.filter(
  (route) =>
    ['POST', 'PATCH', 'PUT'].includes(route.method) &&
    !route.public &&
    !isDocsRoute(route) &&
    !route.url.startsWith('/internal/') &&
    !isMultipart(route),
);
const nameOf = (route: Route) => `${route.method} ${route.url}`;
const ajv = addFormats(new Ajv({ strict: false, allErrors: true }));

// Objects the writes below work on: each route gets its own ticket, so a merge in one cannot starve another.
type Targets = {
  tenant: TestTenant;
  tickets: Record<string, string>;
  otherTicket: string;
  userId: string;
  teamId: string;
  customerId: string;
  ticketTypeId: string;
  calendarId: string;
  automation: SeededAutomation;
  /** The tenant's engineer, with a dispatch profile and the accept route's ticket offered to them. */
  engineerUserId: string;
  knownIds: string[];
};
let targets: Targets;
const admin = () => targets.tenant.tokens.admin;

beforeAll(async () => {
  const tenant = t.tenantA;
  const token = tenant.tokens.admin;
  const ticket = async (subject: string) =>
    created(await t.call(token, 'POST', '/api/v1/tickets', { subject, description: 'bad input target' }), subject).id;
  const tickets: Record<string, string> = {};
  for (const route of writes.filter((r) => r.url.startsWith('/api/v1/tickets/:id')))
    tickets[nameOf(route)] = await ticket(`target of ${nameOf(route)}`);
  const userId = created(
    await t.call(token, 'POST', '/api/v1/users', {
      email: 'fuzz-target@alpha.example.com',
      name: 'Fuzz target',
      role: 'agent',
    }),
    'user',
  ).id;
  const teamId = created(await t.call(token, 'POST', '/api/v1/teams', { name: 'Fuzz team' }), 'team').id;
  const customerId = created(
    await t.call(token, 'POST', '/api/v1/customers', { name: 'Fuzz customer' }),
    'customer',
  ).id;
  const ticketTypeId = created(
    await t.call(token, 'POST', '/api/v1/ticket-types', { key: 'fuzz_type', name: 'Fuzz type', kind: 'field' }),
    'ticket type',
  ).id;
  const calendarId = created(
    await t.call(token, 'POST', '/api/v1/calendars', {
      name: 'Fuzz hours',
      timeZone: 'Asia/Shanghai',
      weekly: { mon: [['09:00', '18:00']], tue: [], wed: [], thu: [], fri: [], sat: [], sun: [] },
      holidays: [],
      workdays: [],
    }),
    'calendar',
  ).id;
  const otherTicket = await ticket('link and merge partner');
  // An SLA policy, trigger, automation, channel and macro, an in-app notification of the admin and a dead job.
  const automation = await seedAutomation(t, tenant, 'fuzz', await ticket('automation target'));
  // The accept route works on a ticket of its own, offered to the engineer: the first random body the server
  // takes wins it (200, assigning the ticket), every later one finds it taken (409). No other route needs it.
  const { engineerUserId } = await seedDispatch(
    t,
    tenant,
    tickets['POST /api/v1/tickets/:id/offers/accept'] ?? (await ticket('offer target')),
  );
  targets = {
    tenant,
    tickets,
    otherTicket,
    userId,
    teamId,
    customerId,
    ticketTypeId,
    calendarId,
    automation,
    engineerUserId,
    knownIds: [
      ...Object.values(tickets),
      otherTicket,
      userId,
      teamId,
      customerId,
      ticketTypeId,
      calendarId,
      automation.slaPolicyId,
      automation.triggerId,
      automation.automationId,
      automation.channelId,
      automation.macroId,
      automation.notificationId,
      ...Object.values(tenant.userIds),
    ],
  };
});

function urlOf(route: Route): string {
  return fillPath(route.url, (param, resource) => {
    const key = `${resource}/:${param}`;
    if (key === 'tickets/:id') {
      const id = targets.tickets[nameOf(route)];
      if (id) return id;
    }
    const ids: Record<string, string> = {
      'users/:id': targets.userId,
      'teams/:id': targets.teamId,
      'customers/:id': targets.customerId,
      'ticket-types/:id': targets.ticketTypeId,
      'calendars/:id': targets.calendarId,
      'sla-policies/:id': targets.automation.slaPolicyId,
      'triggers/:id': targets.automation.triggerId,
      'automations/:id': targets.automation.automationId,
      'macros/:id': targets.automation.macroId,
      'macros/:macroId': targets.automation.macroId,
      'notifications/:id': targets.automation.notificationId,
      'jobs/:id': targets.automation.deadJobId,
      'engineers/:userId': targets.engineerUserId,
    };
    const id = ids[key];
    if (!id)
      throw new Error(
        `No target for :${param} after /${resource}/ in ${nameOf(route)}: add one to urlOf in bad-input.int.test.ts`,
      );
    return id;
  });
}

// A body each route accepts, so that breaking one field of it is what the server must notice.
const VALID_BODIES: Record<string, () => Record<string, unknown>> = {
  'POST /api/v1/auth/logout': () => ({}),
  'POST /api/v1/auth/password': () => ({ currentPassword: 'not-the-password', newPassword: 'battery-staple-2' }),
  'POST /api/v1/users': () => ({ email: 'new-user@alpha.example.com', name: 'New user', role: 'agent' }),
  'PATCH /api/v1/users/:id': () => ({ name: 'Renamed' }),
  'POST /api/v1/teams': () => ({ name: 'New team' }),
  'PATCH /api/v1/teams/:id': () => ({ name: 'Renamed team' }),
  'POST /api/v1/tokens': () => ({ name: 'ci' }),
  'POST /api/v1/customers': () => ({ name: '李女士', contacts: [{ kind: 'phone', value: '13800138000' }] }),
  'PATCH /api/v1/customers/:id': () => ({ notes: 'VIP' }),
  'POST /api/v1/tickets': () => ({
    subject: '打印机卡纸',
    description: 'jams',
    priority: 'P2',
    location: { lat: 31.2, lng: 121.5 },
  }),
  'PATCH /api/v1/tickets/:id': () => ({ priority: 'P2', tags: ['x'] }),
  'POST /api/v1/tickets/:id/comments': () => ({ body: 'hello', public: true }),
  'POST /api/v1/tickets/:id/links': () => ({ ticketId: targets.otherTicket, kind: 'related' }),
  'POST /api/v1/tickets/:id/merge': () => ({ targetId: targets.otherTicket }),
  'POST /api/v1/ticket-types': () => ({ key: 'another_type', name: 'Another', kind: 'desk' }),
  'PATCH /api/v1/ticket-types/:id': () => ({ name: 'Renamed type' }),
  'POST /api/v1/calendars': () => ({
    name: '工作日',
    timeZone: 'Asia/Shanghai',
    weekly: { mon: [['09:00', '18:00']], tue: [], wed: [], thu: [], fri: [], sat: [], sun: [] },
    holidays: ['2026-10-01'],
    workdays: ['2026-10-10'],
  }),
  'PATCH /api/v1/calendars/:id': () => ({ name: 'Renamed calendar' }),
  'POST /api/v1/calendars/:id/import': () => ({ format: 'json', content: '{"holidays":["2026-12-25"],"workdays":[]}' }),
  'POST /api/v1/calendars/:id/due': () => ({ start: '2026-10-01T09:00:00+08:00', minutes: 60 }),
  'POST /api/v1/sla-policies': () => ({
    name: 'P1',
    conditions: { priorities: ['P1'] },
    targets: { firstResponse: 30, resolution: 240 },
  }),
  'PATCH /api/v1/sla-policies/:id': () => ({ targets: { firstResponse: 60, resolution: 480 } }),
  'POST /api/v1/triggers': () => ({
    name: 'VIP',
    events: ['ticket.created'],
    conditions: { all: [{ field: 'priority', operator: 'is', value: 'P1' }] },
    actions: [{ type: 'addTags', tags: ['vip'] }],
  }),
  'PATCH /api/v1/triggers/:id': () => ({ name: 'VIP tagging', active: false }),
  'POST /api/v1/automations': () => ({
    name: 'close resolved',
    conditions: { all: [{ field: 'hoursSinceResolved', operator: 'gt', value: 168 }] },
    actions: [{ type: 'setStatus', value: 'closed' }],
  }),
  'PATCH /api/v1/automations/:id': () => ({ name: 'close resolved after a week' }),
  'POST /api/v1/macros': () => ({
    name: '请客户补充信息',
    actions: [
      { type: 'reply', template: '您好 {{customer.name}}，请补充序列号。', public: true },
      { type: 'setStatus', value: 'pending' },
    ],
  }),
  'PATCH /api/v1/macros/:id': () => ({ name: '通知管理员（改）' }),
  'POST /api/v1/notification-channels': () => ({
    kind: 'wecom',
    name: '值班群',
    config: { webhookUrl: 'https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=abc' },
  }),
  'PUT /api/v1/notifications/preferences': () => ({
    channels: { inApp: true, email: false, sms: false },
    quietHours: null,
  }),
  'PUT /api/v1/dispatch/settings': () => ({
    weights: { travel: 0.5, load: 0.2, urgency: 0.2, rating: 0.05, continuity: 0.05 },
  }),
  // These take no body: the path (and for a macro, the ticket's If-Match) is the whole request.
  'POST /api/v1/tickets/:id/macros/:macroId': () => ({}),
  'POST /api/v1/notifications/:id/read': () => ({}),
  'POST /api/v1/jobs/:id/retry': () => ({}),
  'PUT /api/v1/engineers/:userId': () => ({ status: 'idle' }),
  'POST /api/v1/engineers/:userId/location': () => ({ lat: 31.2304, lng: 121.4737 }),
  'POST /api/v1/tickets/:id/offers': () => ({ engineerIds: [targets.engineerUserId], expiresInMinutes: 30 }),
  // No body: the engineer calling and the path are the whole request.
  'POST /api/v1/tickets/:id/offers/accept': () => ({}),
  'POST /api/v1/tickets/:id/decline': () => ({ reason: '车坏了，去不了' }),
};

// Writes besides PATCH that need If-Match, and the URL of the object whose ETag they send. The engineer PUT
// creates a profile without one but changes the (seeded) profile only with it: without, every body gets 428.
const IF_MATCH_FROM: Record<string, (url: string) => string> = {
  'POST /api/v1/tickets/:id/macros/:macroId': (url) => url.replace(/\/macros\/[^/]+$/, ''),
  'POST /api/v1/tickets/:id/decline': (url) => url.replace(/\/decline$/, ''),
  'PUT /api/v1/engineers/:userId': (url) => url,
};

function validBody(route: Route): Record<string, unknown> {
  const build = VALID_BODIES[nameOf(route)];
  if (!build) throw new Error(`No valid body for ${nameOf(route)}: add one to VALID_BODIES in bad-input.int.test.ts`);
  return build();
}

async function write(
  route: Route,
  payload: string | Buffer,
  headers: Record<string, string> = { 'content-type': 'application/json' },
): Promise<Reply> {
  const url = urlOf(route);
  const extra: Record<string, string> = {};
  const preconditionOn = route.method === 'PATCH' ? url : IF_MATCH_FROM[nameOf(route)]?.(url);
  if (preconditionOn) {
    const etag = await etagOf(t, admin(), preconditionOn);
    if (etag) extra['if-match'] = etag;
  }
  // The admin, or for a route only another role may call (accepting an offer) that role, so the body is read.
  const token = tokenWith(targets.tenant, route.permission);
  return send(t, { method: route.method as 'POST', url, token, payload, headers: { ...extra, ...headers } });
}

function expectProblem(reply: Reply, status: number, code?: string): void {
  expect(reply.statusCode, reply.body.slice(0, 300)).toBe(status);
  expect(isProblem(reply), reply.body.slice(0, 300)).toBe(true);
  if (code) expect(reply.json().code).toBe(code);
}

/** The first of a few values of different JSON types that the property's schema refuses. */
function wrongValueFor(schema: JsonSchema): unknown {
  const validate = ajv.compile(schema);
  return [12345, 'not the right type', true, { unexpected: 'object' }, ['unexpected']].find(
    (candidate) => !validate(candidate),
  );
}

describe('the JSON write routes this file walks', () => {
  it('has a target and a valid body for every one of them, and the bodies pass their schemas', () => {
    expect(writes.map(nameOf)).toEqual(
      expect.arrayContaining(['POST /api/v1/tickets', 'PATCH /api/v1/tickets/:id', 'POST /api/v1/customers']),
    );
    for (const route of writes) {
      expect(() => urlOf(route), nameOf(route)).not.toThrow();
      const schema = bodySchemaOf(route);
      if (schema) expect(ajv.validate(schema, validBody(route)), `${nameOf(route)}: ${ajv.errorsText()}`).toBe(true);
    }
  });

  it('only leaves out a body schema where the route takes no body', () => {
    expect(writes.filter((route) => !bodySchemaOf(route)).map(nameOf)).toEqual([
      'POST /api/v1/auth/logout',
      'POST /api/v1/tickets/:id/offers/accept',
      'POST /api/v1/tickets/:id/macros/:macroId',
      'POST /api/v1/notifications/:id/read',
      'POST /api/v1/jobs/:id/retry',
    ]);
  });
});

describe.each(writes.map((route) => [nameOf(route), route] as const))('%s', (_name, route) => {
  let before: Record<string, string>;
  beforeAll(async () => {
    before = await snapshot(t.database.db);
  });

  it('answers malformed JSON with 400 MALFORMED_JSON', async () => {
    for (const text of ['{"subject": ', '{subject: 1}', "{'a': 1}", '[1, 2', '{"a": 1} trailing', 'nul', '{"a": 01}']) {
      expectProblem(await write(route, text), 400, 'MALFORMED_JSON');
    }
  });

  it('answers invalid UTF-8 with 400', async () => {
    const sequences = [[0xff], [0xc0, 0xaf], [0xe4, 0xb8], [0xed, 0xa0, 0x80], [0xf8, 0x88, 0x80, 0x80, 0x80]];
    for (const bytes of sequences) {
      const payload = Buffer.concat([Buffer.from('{"name": "a'), Buffer.from(bytes), Buffer.from('b"}')]);
      expectProblem(await write(route, payload), 400, 'INVALID_TEXT');
    }
  });

  it('answers NUL characters and lone surrogates inside strings with 400', async () => {
    const key = Object.keys(validBody(route))[0] ?? 'name';
    for (const text of ['a\u0000b', '\u0000', '\ud800', 'x\udc00', '\udc00\ud800']) {
      expectProblem(await write(route, JSON.stringify({ ...validBody(route), [key]: text })), 400, 'INVALID_TEXT');
      expectProblem(await write(route, JSON.stringify({ ...validBody(route), nested: { deeper: [text] } })), 400);
    }
  });

  it('answers numbers beyond double range with 400', async () => {
    for (const text of ['{"lat": 1e400}', '{"a": [-1e400]}', '{"a": {"b": 1E999}}'])
      expectProblem(await write(route, text), 400);
  });

  it('answers __proto__ and constructor keys with 400 and pollutes nothing', async () => {
    const texts = [
      '{"__proto__": {"isAdmin": true}}',
      `{"name": "x", "customer": {"__proto__": {"isAdmin": true}}}`,
      '{"constructor": {"prototype": {"isAdmin": true}}}',
      '[{"__proto__": {"isAdmin": true}}]',
    ];
    for (const text of texts) expectProblem(await write(route, text), 400);
    expect(({} as Record<string, unknown>).isAdmin).toBeUndefined();
  });

  it('answers a body over BODY_LIMIT_BYTES with 413', async () => {
    const payload = JSON.stringify({ ...validBody(route), padding: 'x'.repeat(t.config.bodyLimitBytes) });
    expectProblem(await write(route, payload), 413, 'PAYLOAD_TOO_LARGE');
  });

  it('answers a body that is not JSON with 415', async () => {
    const json = JSON.stringify(validBody(route));
    const form = multipartFile({ filename: 'body.json', contentType: 'application/json', content: json });
    const attempts: [string, string | Buffer][] = [
      ['text/plain', json],
      ['application/x-www-form-urlencoded', 'name=x&role=admin'],
      ['application/xml', '<name>x</name>'],
      [String(form.headers['content-type']), form.payload],
    ];
    const answers: string[] = [];
    for (const [contentType, payload] of attempts) {
      const reply = await write(route, payload, { 'content-type': contentType });
      answers.push(
        `${contentType.split(';')[0]} → ${reply.statusCode} ${isProblem(reply) ? reply.json().code : reply.body.slice(0, 50)}`,
      );
    }
    expect(answers).toEqual(
      attempts.map(([contentType]) => `${contentType.split(';')[0]} → 415 UNSUPPORTED_MEDIA_TYPE`),
    );
  });

  it.skipIf(!bodySchemaOf(route))(
    'answers unknown and privileged fields with 400 VALIDATION_FAILED naming the field',
    async () => {
      const known = Object.keys(bodySchemaOf(route)?.properties ?? {});
      const extras = [
        'unexpectedField',
        'tenantId',
        'tenant_id',
        'id',
        'version',
        'createdBy',
        'passwordHash',
        'password_hash',
        'role',
        'isAdmin',
        'slaDueAt',
      ].filter((f) => !known.includes(f));
      for (const field of extras) {
        const reply = await write(route, JSON.stringify({ ...validBody(route), [field]: 'x' }));
        expectProblem(reply, 400, 'VALIDATION_FAILED');
        expect(reply.json().errors, field).toContainEqual({ path: `/${field}`, message: 'is not a known field' });
      }
    },
  );

  it.skipIf(!bodySchemaOf(route))(
    'answers a value of the wrong type in any field with 400 VALIDATION_FAILED naming the field',
    async () => {
      const properties = Object.entries(bodySchemaOf(route)?.properties ?? {});
      expect(properties.length).toBeGreaterThan(0);
      for (const [field, schema] of properties) {
        const wrong = wrongValueFor(schema);
        if (wrong === undefined) continue;
        const reply = await write(route, JSON.stringify({ ...validBody(route), [field]: wrong }));
        expectProblem(reply, 400, 'VALIDATION_FAILED');
        const paths = reply.json().errors.map((e: { path: string }) => e.path);
        expect(
          paths.some((p: string) => p === `/${field}` || p.startsWith(`/${field}/`)),
          `${field}: ${JSON.stringify(paths)}`,
        ).toBe(true);
      }
    },
  );

  it('has written nothing after all the refusals above', async () => {
    expect(await snapshot(t.database.db)).toEqual(before);
  });
});

const HOSTILE_STRINGS = [
  "' OR 1=1--",
  "' OR '1'='1",
  '1; select pg_sleep(5)--',
  "x' || pg_sleep(5) || '",
  "'); drop table tickets;--",
  'created;drop table tickets',
  '= 1 OR 1=1',
  '%',
  '_',
  '\\',
  '"',
  '$1',
  // Template-injection probes must arrive as literal text.
  // biome-ignore lint/suspicious/noTemplateCurlyInString: the literal placeholder is the payload
  '${7*7}',
  '{{constructor.constructor("return process")()}}',
  '<%= 7*7 %>',
  'a\u0000b',
  '\u202e',
  '𠮷野家',
];

describe('random bodies thrown at every JSON write route', () => {
  const valueArbitrary = () =>
    fc.oneof(
      fc.string({ maxLength: 30 }),
      fc.string({ unit: 'binary', maxLength: 20 }),
      fc.integer(),
      fc.double(),
      fc.boolean(),
      fc.constant(null),
      fc.uuid(),
      fc.constantFrom(
        ...targets.knownIds,
        ...HOSTILE_STRINGS,
        'P1',
        'open',
        'resolved',
        'closed',
        'phone',
        'email',
        'desk',
        'field',
        'admin',
        'engineer',
        'related',
        'organisation',
        '2026-11-25',
      ),
      fc.array(fc.oneof(fc.string({ maxLength: 10 }), fc.constantFrom(...targets.knownIds)), { maxLength: 4 }),
      fc.dictionary(
        fc.string({ maxLength: 12 }),
        fc.oneof(fc.string({ maxLength: 12 }), fc.integer(), fc.boolean(), fc.constant(null)),
        { maxKeys: 4 },
      ),
      fc.anything({ maxDepth: 2 }),
    );

  it.each(writes.map((route) => [nameOf(route), route] as const))(
    '%s never answers 5xx, and a 4xx leaves no half-written rows',
    async (_name, route) => {
      const keys = Object.keys(bodySchemaOf(route)?.properties ?? {});
      const fromSchema = keys.length
        ? fc.dictionary(fc.constantFrom(...keys), valueArbitrary(), { maxKeys: keys.length })
        : fc.constant({});
      const payloads = fc.oneof(
        fc.json({ maxDepth: 3 }),
        fc.anything({ maxDepth: 3 }).map((value) => JSON.stringify(value) ?? 'null'),
        fromSchema.map((body) => JSON.stringify(body)),
        fromSchema.map((body) => JSON.stringify({ ...validBody(route), ...body })),
      );
      await fc.assert(
        fc.asyncProperty(payloads, async (payload) => {
          const before = await snapshot(t.database.db);
          const reply = await write(route, payload);
          expect(reply.statusCode, `${payload} → ${reply.body.slice(0, 300)}`).toBeLessThan(500);
          if (reply.statusCode >= 400) {
            expect(isProblem(reply)).toBe(true);
            expect(await snapshot(t.database.db), `${payload} → ${reply.statusCode}`).toEqual(before);
          }
        }),
        { numRuns: 40 },
      );
    },
  );
});

describe('the login route, which takes no token', () => {
  const login = (payload: string | Buffer, contentType = 'application/json') =>
    send(t, { method: 'POST', url: '/api/v1/auth/login', payload, headers: { 'content-type': contentType } });

  it('refuses malformed, oversized, mistyped and polluting bodies with 4xx problem+json', async () => {
    const before = await snapshot(t.database.db);
    expectProblem(await login('{"email": '), 400, 'MALFORMED_JSON');
    expectProblem(await login(Buffer.from([0x7b, 0x22, 0xff, 0x22, 0x7d])), 400, 'INVALID_TEXT');
    expectProblem(await login('{"email": "admin@alpha.example.com\\u0000", "password": "x"}'), 400, 'INVALID_TEXT');
    expectProblem(await login('{"email": "admin@alpha.example.com", "password": "\\ud800"}'), 400, 'INVALID_TEXT');
    expectProblem(await login('{"__proto__": {"isAdmin": true}}'), 400);
    expectProblem(await login('{"email": "admin@alpha.example.com", "password": 1e400}'), 400);
    expectProblem(
      await login(JSON.stringify({ email: 'admin@alpha.example.com', password: 'x', role: 'admin' })),
      400,
      'VALIDATION_FAILED',
    );
    expectProblem(
      await login(JSON.stringify({ email: ['admin@alpha.example.com'], password: 'x' })),
      400,
      'VALIDATION_FAILED',
    );
    expectProblem(
      await login(JSON.stringify({ email: 'a@b.c', password: 'x'.repeat(t.config.bodyLimitBytes) })),
      413,
      'PAYLOAD_TOO_LARGE',
    );
    expectProblem(await login('email=admin%40alpha.example.com&password=x', 'application/x-www-form-urlencoded'), 415);
    expect(await snapshot(t.database.db)).toEqual(before);
  });

  it('never answers 5xx to random bodies and opens no session for them', async () => {
    const payloads = fc.oneof(
      fc.json({ maxDepth: 2 }),
      fc
        .record({
          email: fc.oneof(
            fc.emailAddress(),
            fc.string({ unit: 'binary', maxLength: 40 }),
            fc.constantFrom(...HOSTILE_STRINGS),
          ),
          password: fc.string({ maxLength: 30 }),
          tenant: fc.option(fc.string({ maxLength: 10 }), { nil: undefined }),
        })
        .map((body) => JSON.stringify(body)),
    );
    await fc.assert(
      fc.asyncProperty(payloads, async (payload) => {
        const before = await snapshot(t.database.db);
        const reply = await login(payload);
        expect(reply.statusCode, `${payload} → ${reply.body.slice(0, 200)}`).toBeLessThan(500);
        expect(reply.statusCode).not.toBe(200);
        expect(await snapshot(t.database.db)).toEqual(before);
      }),
      { numRuns: 40 },
    );
  });
});

describe('hostile strings in filters, search and sort', () => {
  let hostile: TestTenant;
  const lists = t.app.routeList.filter(
    (route) => route.method === 'GET' && !route.public && !isDocsRoute(route) && !route.url.includes(':'),
  );
  const cells = lists.flatMap((route) =>
    (operationOf(route)?.parameters ?? [])
      .filter((p) => p.in === 'query')
      .map((p) => [route.url, p.name, route] as const),
  );

  beforeAll(async () => {
    // A tenant of its own: none of its rows contain any hostile string, so every match is a leak.
    hostile = await t.newTenant('Hostile');
    for (const subject of ['空调不制冷', '打印机卡纸', 'Kettle broken']) {
      created(
        await t.call(hostile.tokens.admin, 'POST', '/api/v1/tickets', {
          subject,
          description: '维修',
          customer: { name: '王先生', phone: '13800138000' },
        }),
        subject,
      );
    }
  });

  it('walks the query parameters of the list routes', () => {
    expect(cells.map(([url, name]) => `${url}?${name}`)).toEqual(
      expect.arrayContaining([
        '/api/v1/tickets?q',
        '/api/v1/tickets?sort',
        '/api/v1/tickets?field',
        '/api/v1/customers?phone',
      ]),
    );
  });

  it.each(cells)(
    '%s ?%s= answers every hostile value with 400 or an empty list, within a second',
    async (url, name) => {
      const before = await snapshot(t.database.db);
      const values = name === 'field' ? HOSTILE_STRINGS.map((value) => `product_model:${value}`) : HOSTILE_STRINGS;
      const failures: string[] = [];
      for (const value of values) {
        const started = performance.now();
        const reply = await t.call(hostile.tokens.admin, 'GET', `${url}?${name}=${encodeURIComponent(value)}`);
        const elapsed = performance.now() - started;
        const items = reply.statusCode === 200 ? reply.json().items : undefined;
        if (![200, 400].includes(reply.statusCode))
          failures.push(`${JSON.stringify(value)} → ${reply.statusCode} ${reply.json().code}`);
        else if (Array.isArray(items) && items.length > 0)
          failures.push(`${JSON.stringify(value)} → ${items.length} rows`);
        if (elapsed > 1000) failures.push(`${JSON.stringify(value)} took ${Math.round(elapsed)} ms`);
      }
      expect(failures).toEqual([]);
      expect(await snapshot(t.database.db)).toEqual(before);
    },
  );

  it('refuses a forged pagination cursor with 400 INVALID_CURSOR rather than a database error', async () => {
    const cursor = (values: unknown) => Buffer.from(JSON.stringify(values)).toString('base64url');
    const forged = [
      `/api/v1/tickets?cursor=${cursor(["' OR 1=1--", 'x'])}`,
      `/api/v1/tickets?cursor=${cursor(['2026-11-22T02:00:00.000Z', "' OR 1=1--"])}`,
      `/api/v1/tickets?cursor=${cursor([null, 'not-a-uuid'])}`,
      `/api/v1/tickets?sort=priority&cursor=${cursor(['P1', 'not-a-uuid'])}`,
      `/api/v1/customers?cursor=${cursor(['王', "' OR 1=1--"])}`,
      '/api/v1/tickets?cursor=bm9wZQ',
    ];
    const answers: string[] = [];
    for (const url of forged) {
      const reply = await t.call(hostile.tokens.admin, 'GET', url);
      answers.push(`${url} → ${reply.statusCode} ${reply.json().code}`);
    }
    expect(answers).toEqual(forged.map((url) => `${url} → 400 INVALID_CURSOR`));
  });
});

describe('attachments', () => {
  let ticketId: string;
  const token = () => t.tenantA.tokens.agent;
  const blobRoot = () => join(t.config.dataDir, 'blobs');
  const filesUnder = (dir: string): string[] =>
    readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
      entry.isDirectory() ? filesUnder(join(dir, entry.name)) : [join(dir, entry.name)],
    );

  beforeAll(async () => {
    ticketId = created(
      await t.call(token(), 'POST', '/api/v1/tickets', { subject: '附件测试', description: 'uploads' }),
      'ticket',
    ).id;
  });

  it('stores a file under its hash whatever path its name claims, and serves it only as a download', async () => {
    const content = 'root:x:0:0:not really';
    const reply = await uploadAttachment(t, { token: token(), ticketId, filename: '../../../etc/passwd', content });
    expect(reply.statusCode, reply.body).toBe(201);
    const filename = String(reply.json().filename);
    expect(filename).not.toMatch(/[\\/]|^\./);
    const sha = createHash('sha256').update(content).digest('hex');
    const stored = filesUnder(blobRoot());
    expect(stored).toContain(join(blobRoot(), sha.slice(0, 2), sha.slice(2, 4), sha));
    expect(filesUnder(t.config.dataDir).filter((path) => path.endsWith('passwd'))).toEqual([]);
    const download = await t.call(token(), 'GET', `/api/v1/tickets/${ticketId}/attachments/${reply.json().id}`);
    expect(download.statusCode).toBe(200);
    expect(download.body).toBe(content);
    expect(String(download.headers['content-disposition'])).toMatch(
      /^attachment; filename="[^"/\\]*"; filename\*=UTF-8''/,
    );
    expect(download.headers['x-content-type-options']).toBe('nosniff');
    expect(String(download.headers['content-security-policy'])).toContain('sandbox');
  });

  it('strips zero-width, bidi and control characters and leading dots from file names', async () => {
    const reply = await uploadAttachment(t, {
      token: token(),
      ticketId,
      filename: '.in\u200bvoice\u202egpj.txt',
      content: 'x',
    });
    expect(reply.statusCode, reply.body).toBe(201);
    expect(reply.json().filename).not.toMatch(/[\u200b-\u200f\u202a-\u202e]|^\./);
  });

  it('refuses active content types, a type its bytes contradict, an oversized file and a JSON body, writing nothing', async () => {
    const before = await snapshot(t.database.db);
    const refused = [
      { filename: 'page.html', contentType: 'text/html', content: '<script>window.__xss=1</script>' },
      { filename: 'logo.svg', contentType: 'image/svg+xml', content: '<svg onload="alert(1)"/>' },
      { filename: 'shell.phtml', contentType: 'application/x-httpd-php', content: '<?php system($_GET[0]); ?>' },
      { filename: 'photo.png', contentType: 'image/png', content: '<html><script>alert(1)</script></html>' },
      { filename: 'scan.pdf', contentType: 'application/pdf', content: 'not a pdf' },
    ];
    for (const file of refused) {
      const reply = await uploadAttachment(t, { token: token(), ticketId, ...file });
      expect(reply.statusCode, `${file.filename}: ${reply.body}`).toBeGreaterThanOrEqual(400);
      expect(reply.statusCode, file.filename).toBeLessThan(500);
      expect(isProblem(reply)).toBe(true);
    }
    const big = await uploadAttachment(t, { token: token(), ticketId, content: Buffer.alloc(65_537, 0x61) });
    expectProblem(big, 413, 'PAYLOAD_TOO_LARGE');
    const json = await t.call(token(), 'POST', `/api/v1/tickets/${ticketId}/attachments`, { file: 'x' });
    expectProblem(json, 415, 'UNSUPPORTED_MEDIA_TYPE');
    expect(await snapshot(t.database.db)).toEqual(before);
  });
});
