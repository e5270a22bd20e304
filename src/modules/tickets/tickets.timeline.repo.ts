import { sql } from 'kysely';
import type { Db } from '../../platform/db/database.ts';
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

const json = (rows: unknown[]) => JSON.stringify(rows);

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

  /** Inserts a new ticket with its events and outbox rows in one statement: atomic without a transaction. */
  insertTicket: async (
    db: Db,
    options: { ticket: TicketRow; searchLiteral: string; events: NewEvent[]; outbox: NewOutboxRow[] },
  ): Promise<void> => {
    const { ticket } = options;
    await sql`with t as (
        insert into tickets (tenant_id, id, number, type_id, status, status_category, priority, channel, subject,
          description, customer_id, location_address, location_lat, location_lng, tags, custom_fields, assignee_id,
          team_id, merged_into_id, due_at, created_by, created_at, updated_at, resolved_at, closed_at, version, search)
        values (${ticket.tenant_id}, ${ticket.id}, ${ticket.number}, ${ticket.type_id}, ${ticket.status},
          ${ticket.status_category}, ${ticket.priority}, ${ticket.channel}, ${ticket.subject}, ${ticket.description},
          ${ticket.customer_id}, ${ticket.location_address}, ${ticket.location_lat}, ${ticket.location_lng},
          ${ticket.tags}::text[], ${JSON.stringify(ticket.custom_fields)}::jsonb, ${ticket.assignee_id}, ${ticket.team_id},
          null, ${ticket.due_at}, ${ticket.created_by}, ${ticket.created_at}, ${ticket.updated_at}, null, null, 1,
          ${options.searchLiteral}::tsvector)
        returning 1
      ), e as (
        insert into ticket_events (tenant_id, ticket_id, type, actor_type, actor_id, data, created_at)
        select * from jsonb_to_recordset(${json(options.events)}::jsonb) as ${EVENT_RECORD}
      )
      insert into outbox (tenant_id, topic, payload, created_at)
      select * from jsonb_to_recordset(${json(options.outbox)}::jsonb) as ${OUTBOX_RECORD}`.execute(db);
  },
};
