import { sql } from 'kysely';
import type { Db } from '../../platform/db/database.ts';
import type { CallerWrites } from '../customers/index.ts';
import type { TicketEventRow, TicketRow } from './tickets.repo.ts';

// The writes that every change makes: timeline events and outbox rows, and the ticket's own first row.
// Each is one statement, so a create or an update costs one round trip for its record-keeping.
// (Within one statement the events' foreign key to the new ticket holds: PostgreSQL checks it at the end.)

export type NewEvent = Omit<TicketEventRow, 'id'>;
export type NewOutboxRow = { tenant_id: string; topic: string; payload: unknown; created_at: Date };

const EVENT_RECORD = sql.raw(
  'x(tenant_id uuid, ticket_id uuid, type text, actor_type text, actor_id uuid, data jsonb, created_at timestamptz)',
);
const OUTBOX_RECORD = sql.raw('x(tenant_id uuid, topic text, payload jsonb, created_at timestamptz)');

const TICKET_RECORD = sql.raw(
  `x(tenant_id uuid, id uuid, number text, type_id uuid, status text, status_category text, priority text,
    channel text, subject text, description text, customer_id uuid, location_address text,
    location_lat double precision, location_lng double precision, tags text[], custom_fields jsonb,
    assignee_id uuid, team_id uuid, merged_into_id uuid, due_at timestamptz, created_by uuid,
    created_at timestamptz, updated_at timestamptz, resolved_at timestamptz, closed_at timestamptz,
    version integer, search tsvector)`,
);

const json = (rows: unknown[]) => JSON.stringify(rows);

/** A new ticket with its first events and outbox rows, and the customer records that identifying its caller adds. */
export type NewTicket = {
  ticket: TicketRow;
  searchLiteral: string;
  events: NewEvent[];
  outbox: NewOutboxRow[];
  caller: Pick<CallerWrites, 'customers' | 'contacts'>;
};

const CUSTOMER_RECORD = sql.raw(
  `x(tenant_id uuid, id uuid, kind text, name text, organisation_id uuid, notes text, created_at timestamptz,
    updated_at timestamptz, version integer)`,
);
const CONTACT_RECORD = sql.raw(
  'x(tenant_id uuid, id uuid, customer_id uuid, kind text, value text, label text, created_at timestamptz)',
);

export const timelineRepo = {
  /** Timeline events and their outbox copies in one statement. */
  append: async (db: Db, events: NewEvent[], outbox: NewOutboxRow[]) => {
    if (!events.length && !outbox.length) return;
    await sql`with e as (
        insert into ticket_events (tenant_id, ticket_id, type, actor_type, actor_id, data, created_at)
        select * from jsonb_to_recordset(${json(events)}::jsonb) as ${EVENT_RECORD}
      )
      insert into outbox (tenant_id, topic, payload, created_at)
      select * from jsonb_to_recordset(${json(outbox)}::jsonb) as ${OUTBOX_RECORD}`.execute(db);
  },

  /**
   * Inserts new tickets with their events and outbox rows, and their callers' new customers and contact
   * points, in one statement: atomic without a transaction, and one commit for a whole batch (see
   * `writeTicket` in create-ticket.ts). Foreign keys between the rows hold: they are checked at the end.
   */
  insertTickets: async (db: Db, items: NewTicket[]): Promise<void> => {
    const tickets = items.map(({ ticket, searchLiteral }) => ({ ...ticket, search: searchLiteral }));
    await sql`with c as (
        insert into customers (tenant_id, id, kind, name, organisation_id, notes, created_at, updated_at, version)
        select * from jsonb_to_recordset(${json(items.flatMap((item) => item.caller.customers))}::jsonb)
          as ${CUSTOMER_RECORD}
      ), cc as (
        insert into customer_contacts (tenant_id, id, customer_id, kind, value, label, created_at)
        select * from jsonb_to_recordset(${json(items.flatMap((item) => item.caller.contacts))}::jsonb)
          as ${CONTACT_RECORD}
        on conflict do nothing
      ), t as (
        insert into tickets (tenant_id, id, number, type_id, status, status_category, priority, channel, subject,
          description, customer_id, location_address, location_lat, location_lng, tags, custom_fields, assignee_id,
          team_id, merged_into_id, due_at, created_by, created_at, updated_at, resolved_at, closed_at, version, search)
        select * from jsonb_to_recordset(${json(tickets)}::jsonb) as ${TICKET_RECORD}
        returning 1
      ), e as (
        insert into ticket_events (tenant_id, ticket_id, type, actor_type, actor_id, data, created_at)
        select * from jsonb_to_recordset(${json(items.flatMap((item) => item.events))}::jsonb) as ${EVENT_RECORD}
      )
      insert into outbox (tenant_id, topic, payload, created_at)
      select * from jsonb_to_recordset(${json(items.flatMap((item) => item.outbox))}::jsonb) as ${OUTBOX_RECORD}`.execute(
      db,
    );
  },
};
