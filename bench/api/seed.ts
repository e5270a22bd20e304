// Seeds N tickets (+ ~5 timeline events each, comments, customers with contacts, the demo staff) by
// bulk loading: COPY on PostgreSQL, multi-row INSERT on PGlite (copyRows of src/platform/db).
// Secondary indexes are dropped first and rebuilt from their own definitions afterwards, FK triggers
// are off in the loading sessions; integrity is checked by query at the end instead.
import { setImmediate as yieldToStreams } from 'node:timers/promises';
import { createDemoRandom, demoCustomers, demoStaff, streamDemoTickets } from '../../src/modules/demo/index.ts';
import type { Workflow } from '../../src/modules/tickets/index.ts';
import { newId } from '../../src/platform/ids/ids.ts';
import {
  COMMENT_COLS,
  CONTACT_COLS,
  CUSTOMER_COLS,
  chinaDay,
  customerRows,
  EVENT_COLS,
  type TenantSetup,
  TICKET_COLS,
  ticketRows,
} from './rows.ts';
import type { Sink } from './target.ts';

export type SeedResult = {
  tenantId: string;
  adminId: string;
  /** Measured on a kept database (`--reuse`): nothing was seeded in this run. */
  reused?: boolean;
  rows: Record<string, number>;
  openTickets: number;
  eventsPerTicket: number;
  seconds: { load: number; indexes: number; vacuumAnalyze: number; integrity: number; total: number };
  rowsPerSecond: { load: number; includingIndexes: number };
  ticketsPerSecond: number;
  integrity: Record<string, number>;
  /** For the load phases: seeded ticket ids, customers (id, name, raw phone), a street of a customer. */
  sampleTicketIds: string[];
  sampleCustomers: { id: string; name: string; phone: string | null }[];
  street: string;
};

const SEEDED_TABLES = ['tickets', 'ticket_events', 'ticket_comments', 'customers', 'customer_contacts'];
const BATCH = 5_000;
const SAMPLE = 20_000;

const seconds = (since: number) => Math.round((performance.now() - since) / 10) / 100;

async function loadSetup(sink: Sink, now: number): Promise<TenantSetup> {
  const [tenant] = await sink.query<{ id: string }>('select id from tenants order by created_at limit 1');
  const [admin] = await sink.query<{ id: string }>("select id from users where email = 'admin@example.com'");
  if (!tenant || !admin) throw new Error('the bench database is not bootstrapped (no tenant or admin)');
  const types = await sink.query<{ id: string; key: string; workflow: Workflow }>(
    'select id, key, workflow from ticket_types where tenant_id = $1',
    [tenant.id],
  );
  const desk = types.find((t) => t.key === 'desk');
  const field = types.find((t) => t.key === 'field_service');
  if (!desk || !field) throw new Error('the tenant lacks the desk and field_service ticket types');
  const staff = demoStaff();
  const at = new Date(now - 200 * 24 * 3_600_000);
  const staffIds = new Map(staff.members.map((m) => [m.email, newId(at.getTime())]));
  const teamIds = new Map(staff.teams.map((t) => [t.key, newId(at.getTime())]));
  await sink.copy(
    'users',
    ['tenant_id', 'id', 'email', 'name', 'role', 'password_hash', 'active', 'created_at', 'updated_at', 'version'],
    staff.members.map((m) => [tenant.id, staffIds.get(m.email), m.email, m.name, m.role, null, true, at, at, 1]),
  );
  await sink.copy(
    'teams',
    ['tenant_id', 'id', 'name', 'created_at'],
    staff.teams.map((t) => [tenant.id, teamIds.get(t.key), t.name, at]),
  );
  await sink.copy(
    'team_members',
    ['tenant_id', 'team_id', 'user_id'],
    staff.teams.flatMap((t) => t.memberEmails.map((email) => [tenant.id, teamIds.get(t.key), staffIds.get(email)])),
  );
  const idsOf = (role: string) =>
    staff.members.filter((m) => m.role === role).map((m) => staffIds.get(m.email) as string);
  return {
    tenantId: tenant.id,
    adminId: admin.id,
    desk: { id: desk.id, workflow: desk.workflow },
    field: { id: field.id, workflow: field.workflow },
    staffIds,
    teamIds,
    agentIds: idsOf('agent'),
    engineerIds: idsOf('engineer'),
    now,
  };
}

/** Plain (non-constraint) indexes of the seeded tables, dropped now and recreated by their definitions. */
async function dropSecondaryIndexes(sink: Sink): Promise<{ name: string; definition: string }[]> {
  const indexes = await sink.query<{ name: string; definition: string }>(
    `select i.relname as name, pg_get_indexdef(i.oid) as definition
       from pg_index x join pg_class i on i.oid = x.indexrelid join pg_class t on t.oid = x.indrelid
      where t.relname = any($1) and t.relnamespace = 'public'::regnamespace
        and not exists (select 1 from pg_constraint c where c.conindid = i.oid)`,
    [SEEDED_TABLES],
  );
  for (const index of indexes) await sink.exec(`drop index "${index.name}"`);
  return indexes;
}

async function integrityChecks(sink: Sink): Promise<Record<string, number>> {
  const count = async (sql: string) =>
    Number((await sink.query<{ n: number }>(`select count(*)::int as n from ${sql}`))[0]?.n ?? -1);
  return {
    eventsWithoutTicket: await count(
      'ticket_events e where not exists (select 1 from tickets t where t.tenant_id = e.tenant_id and t.id = e.ticket_id)',
    ),
    commentsWithoutTicket: await count(
      'ticket_comments c where not exists (select 1 from tickets t where t.tenant_id = c.tenant_id and t.id = c.ticket_id)',
    ),
    ticketsWithUnknownCustomer: await count(
      'tickets t where t.customer_id is not null and not exists (select 1 from customers c where c.tenant_id = t.tenant_id and c.id = t.customer_id)',
    ),
    ticketsWithUnknownAssignee: await count(
      'tickets t where t.assignee_id is not null and not exists (select 1 from users u where u.tenant_id = t.tenant_id and u.id = t.assignee_id)',
    ),
    ticketsOffWorkflow: await count(
      `tickets t join ticket_types y on y.tenant_id = t.tenant_id and y.id = t.type_id
        where not exists (select 1 from jsonb_array_elements(y.workflow -> 'states') s where s ->> 'key' = t.status and s ->> 'category' = t.status_category)`,
    ),
    ticketsWithoutCreatedEvent: await count(
      "tickets t where not exists (select 1 from ticket_events e where e.tenant_id = t.tenant_id and e.ticket_id = t.id and e.type = 'ticket.created')",
    ),
  };
}

export async function seedTickets(
  sink: Sink,
  count: number,
  seed: number,
  log: (line: string) => void,
): Promise<SeedResult> {
  const started = performance.now();
  const now = Date.now();
  const setup = await loadSetup(sink, now);
  const indexes = await dropSecondaryIndexes(sink);
  const rng = createDemoRandom(seed);
  const rows = {
    users: setup.staffIds.size,
    teams: setup.teamIds.size,
    customers: 0,
    customer_contacts: 0,
    ticket_number_counters: 0,
    tickets: 0,
    ticket_events: 0,
    ticket_comments: 0,
  };

  const customerCount = Math.min(100_000, Math.max(10, Math.ceil(count / 10)));
  const demoCustomerList = demoCustomers(rng, customerCount);
  const customers = customerRows(setup, demoCustomerList);
  for (let i = 0; i < customers.customers.length; i += 20_000)
    await sink.copy('customers', CUSTOMER_COLS, customers.customers.slice(i, i + 20_000));
  for (let i = 0; i < customers.contacts.length; i += 20_000)
    await sink.copy('customer_contacts', CONTACT_COLS, customers.contacts.slice(i, i + 20_000));
  rows.customers = customers.customers.length;
  rows.customer_contacts = customers.contacts.length;
  log(`  customers: ${rows.customers} (+${rows.customer_contacts} contact points) in ${seconds(started)} s\n`);

  const statusRng = createDemoRandom(seed + 1);
  const counters = new Map<string, number>();
  const sampleTicketIds: string[] = [];
  let openTickets = 0;
  let pending: Promise<void> = Promise.resolve();
  let batch = { tickets: [] as unknown[][], events: [] as unknown[][], comments: [] as unknown[][] };
  const flush = async () => {
    await pending;
    const { tickets, events, comments } = batch;
    batch = { tickets: [], events: [], comments: [] };
    // Tickets first, so the load would also pass with FK checks on; then events and comments side by side.
    pending = sink
      .copy('tickets', TICKET_COLS, tickets)
      .then(() =>
        Promise.all([
          sink.copy('ticket_events', EVENT_COLS, events),
          sink.copy('ticket_comments', COMMENT_COLS, comments),
        ]).then(() => {}),
      );
    rows.tickets += tickets.length;
    rows.ticket_events += events.length;
    rows.ticket_comments += comments.length;
  };
  let index = 0;
  for (const demo of streamDemoTickets(rng, {
    count,
    customers: demoCustomerList,
    now: new Date(now - 60_000),
    days: 60,
  })) {
    const day = chinaDay(Date.parse(demo.createdAt));
    const sequence = (counters.get(day) ?? 0) + 1;
    counters.set(day, sequence);
    const out = ticketRows(setup, statusRng, demo, customers.ids[demo.customerIndex] ?? null, sequence);
    batch.tickets.push(out.ticket);
    for (const e of out.events) batch.events.push(e);
    for (const c of out.comments) batch.comments.push(c);
    if (out.open) openTickets++;
    if (sampleTicketIds.length < SAMPLE) sampleTicketIds.push(out.id);
    else if (statusRng.chance(SAMPLE / (index + 1))) sampleTicketIds[statusRng.int(0, SAMPLE - 1)] = out.id;
    index++;
    if (batch.tickets.length >= BATCH) await flush();
    if (index % 1_000 === 0) await yieldToStreams();
    if (index % 100_000 === 0) log(`  tickets: ${index} in ${seconds(started)} s\n`);
  }
  await flush();
  await pending;
  await sink.copy(
    'ticket_number_counters',
    ['tenant_id', 'day', 'last_value'],
    [...counters].map(([day, last]) => [setup.tenantId, day, last]),
  );
  rows.ticket_number_counters = counters.size;
  const load = seconds(started);
  log(
    `  loaded ${rows.tickets} tickets, ${rows.ticket_events} events, ${rows.ticket_comments} comments in ${load} s; rebuilding ${indexes.length} indexes\n`,
  );

  let mark = performance.now();
  for (const idx of indexes) await sink.exec(idx.definition);
  const indexSeconds = seconds(mark);
  mark = performance.now();
  await sink.exec(`vacuum (analyze) ${SEEDED_TABLES.join(', ')}, users, teams, team_members, ticket_number_counters`);
  const vacuumSeconds = seconds(mark);
  mark = performance.now();
  const integrity = await integrityChecks(sink);
  const integritySeconds = seconds(mark);
  const totalRows = Object.values(rows).reduce((a, b) => a + b, 0);
  const sampleCustomers = customers.ids
    .slice(0, 5_000)
    .map((id, i) => ({ id, name: demoCustomerList[i]?.name ?? '', phone: customers.phones[i] ?? null }));
  return {
    tenantId: setup.tenantId,
    adminId: setup.adminId,
    rows,
    openTickets,
    eventsPerTicket: Math.round((rows.ticket_events / Math.max(1, rows.tickets)) * 100) / 100,
    seconds: {
      load,
      indexes: indexSeconds,
      vacuumAnalyze: vacuumSeconds,
      integrity: integritySeconds,
      total: seconds(started),
    },
    rowsPerSecond: {
      load: Math.round(totalRows / load),
      includingIndexes: Math.round(totalRows / (load + indexSeconds)),
    },
    ticketsPerSecond: Math.round(rows.tickets / (load + indexSeconds)),
    integrity,
    sampleTicketIds,
    sampleCustomers,
    street: demoCustomerList[0]?.location.street ?? '南京东路',
  };
}
