// `--reuse DB`: measure again on a database kept by an earlier PostgreSQL run (`--keep`), without
// seeding — for repeated or what-if measurements. What the phases need is read back from the data.
import { createDemoRandom, demoCustomers } from '../../src/modules/demo/index.ts';
import type { SeedResult } from './seed.ts';
import type { Sink } from './target.ts';

export async function describeExisting(sink: Sink, seed: number): Promise<SeedResult> {
  const [tenant] = await sink.query<{ id: string }>('select id from tenants order by created_at limit 1');
  const [admin] = await sink.query<{ id: string }>("select id from users where email = 'admin@example.com'");
  if (!tenant || !admin) throw new Error('the reused database has no tenant or admin');
  const rows: SeedResult['rows'] = {};
  for (const table of ['tickets', 'ticket_events', 'ticket_comments', 'customers', 'customer_contacts']) {
    const [count] = await sink.query<{ n: number }>(`select count(*)::int as n from ${table}`);
    rows[table] = count?.n ?? 0;
  }
  const [open] = await sink.query<{ n: number }>(
    "select count(*)::int as n from tickets where status_category in ('new', 'open', 'pending')",
  );
  const ids = await sink.query<{ id: string }>('select id from tickets tablesample system (5) limit 20000');
  const customers = await sink.query<{ id: string; name: string; phone: string | null }>(
    `select c.id, c.name, (select p.value from customer_contacts p where p.tenant_id = c.tenant_id and p.customer_id = c.id and p.kind = 'phone' limit 1) as phone
       from customers c order by c.created_at, c.id limit 5000`,
  );
  return {
    tenantId: tenant.id,
    adminId: admin.id,
    reused: true,
    rows,
    openTickets: open?.n ?? 0,
    eventsPerTicket: Math.round(((rows.ticket_events ?? 0) / Math.max(1, rows.tickets ?? 0)) * 100) / 100,
    seconds: { load: 0, indexes: 0, vacuumAnalyze: 0, integrity: 0, total: 0 },
    rowsPerSecond: { load: 0, includingIndexes: 0 },
    ticketsPerSecond: 0,
    integrity: {},
    sampleTicketIds: ids.map((r) => r.id),
    sampleCustomers: customers,
    street: demoCustomers(createDemoRandom(seed), 1)[0]?.location.street ?? '南京东路',
  };
}
