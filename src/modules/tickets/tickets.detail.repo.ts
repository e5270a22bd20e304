import { sql } from 'kysely';
import type { Db } from '../../platform/db/database.ts';
import {
  type AttachmentRow,
  type CommentRow,
  type LinkRow,
  TICKET_COLUMNS,
  type TicketEventRow,
  type TicketRow,
} from './tickets.repo.ts';

export type TicketDetailRows = {
  ticket: TicketRow;
  events: TicketEventRow[];
  comments: CommentRow[];
  attachments: AttachmentRow[];
  links: (Pick<LinkRow, 'linked_id' | 'kind'> & Pick<TicketRow, 'number' | 'subject' | 'status' | 'assignee_id'>)[];
  mergedFrom: Pick<TicketRow, 'id' | 'number' | 'subject' | 'assignee_id'>[];
};

const columns = sql.raw(TICKET_COLUMNS.map((c) => `t.${c}`).join(', '));

/**
 * A ticket with its whole timeline in one statement: events, replies, files, links and the tickets merged
 * into it come back as JSON arrays. The detail view is read far more than it is written, and six
 * statements per view cost more in round trips and planning than the indexed lookups themselves.
 * (Timestamps inside the arrays arrive as ISO text; the views format both forms.)
 */
export async function loadTicketDetail(db: Db, tenantId: string, id: string): Promise<TicketDetailRows | undefined> {
  const result = await sql<
    TicketRow & {
      events: TicketEventRow[];
      comments: CommentRow[];
      attachments: AttachmentRow[];
      links: TicketDetailRows['links'];
      merged_from: TicketDetailRows['mergedFrom'];
    }
  >`
    select ${columns},
      (select coalesce(json_agg(e order by e.id), '[]') from (
        select id, tenant_id, ticket_id, type, actor_type, actor_id, data, created_at from ticket_events
        where tenant_id = t.tenant_id and ticket_id = t.id order by id limit 1000) e) as events,
      (select coalesce(json_agg(c order by c.created_at, c.id), '[]') from (
        select * from ticket_comments where tenant_id = t.tenant_id and ticket_id = t.id
        order by created_at, id limit 1000) c) as comments,
      (select coalesce(json_agg(a order by a.created_at), '[]') from attachments a
        where a.tenant_id = t.tenant_id and a.ticket_id = t.id) as attachments,
      (select coalesce(json_agg(l), '[]') from (
        select l.linked_id, l.kind, o.number, o.subject, o.status, o.assignee_id from ticket_links l
        join tickets o on o.tenant_id = l.tenant_id and o.id = l.linked_id
        where l.tenant_id = t.tenant_id and l.ticket_id = t.id) l) as links,
      (select coalesce(json_agg(m), '[]') from (
        select id, number, subject, assignee_id from tickets
        where tenant_id = t.tenant_id and merged_into_id = t.id) m) as merged_from
    from tickets t where t.tenant_id = ${tenantId} and t.id = ${id}`.execute(db);
  const row = result.rows[0];
  if (!row) return undefined;
  const { events, comments, attachments, links, merged_from, ...ticket } = row;
  return { ticket: ticket as TicketRow, events, comments, attachments, links, mergedFrom: merged_from };
}
