import { type Generated, sql } from 'kysely';
import type { Db } from '../../platform/db/database.ts';
import type { CustomFieldDefinition, CustomFieldValues } from './workflow/custom-fields.ts';
import type { StatusCategory, Workflow } from './workflow/workflow.ts';

export type Priority = 'P1' | 'P2' | 'P3' | 'P4';
export type TicketTypeRow = {
  tenant_id: string;
  id: string;
  key: string;
  name: string;
  kind: 'desk' | 'field';
  workflow: Workflow;
  custom_fields: CustomFieldDefinition[];
  created_at: Date;
  updated_at: Date;
  version: number;
};
export type TicketRow = {
  tenant_id: string;
  id: string;
  number: string;
  type_id: string;
  status: string;
  status_category: StatusCategory;
  priority: Priority;
  channel: string;
  subject: string;
  description: string;
  customer_id: string | null;
  location_address: string | null;
  location_lat: number | null;
  location_lng: number | null;
  tags: string[];
  custom_fields: CustomFieldValues;
  assignee_id: string | null;
  team_id: string | null;
  merged_into_id: string | null;
  due_at: Date | null;
  created_by: string | null;
  created_at: Date;
  updated_at: Date;
  resolved_at: Date | null;
  closed_at: Date | null;
  /** When the ticket entered its current status (null: since creation). */
  status_changed_at?: Date | null;
  version: number;
};
export type CommentRow = {
  tenant_id: string;
  id: string;
  ticket_id: string;
  author_user_id: string | null;
  author_customer_id: string | null;
  body: string;
  public: boolean;
  attachment_ids: string[];
  created_at: Date;
};
export type TicketEventRow = {
  tenant_id: string;
  id: number;
  ticket_id: string;
  type: string;
  actor_type: 'user' | 'customer' | 'system';
  actor_id: string | null;
  data: Record<string, unknown>;
  created_at: Date;
};
export type AttachmentRow = {
  tenant_id: string;
  id: string;
  ticket_id: string;
  filename: string;
  content_type: string;
  size_bytes: number;
  sha256: string;
  created_by: string | null;
  created_at: Date;
};
export type LinkRow = {
  tenant_id: string;
  ticket_id: string;
  linked_id: string;
  kind: 'related' | 'duplicate' | 'parent' | 'child';
  created_at: Date;
};

type Tables = {
  ticket_types: TicketTypeRow;
  tickets: TicketRow & { search: string };
  ticket_comments: CommentRow;
  ticket_events: Omit<TicketEventRow, 'id'> & { id: Generated<number> };
  ticket_links: LinkRow;
  attachments: AttachmentRow;
  ticket_number_counters: { tenant_id: string; day: string; last_value: number };
  outbox: {
    tenant_id: string;
    id: Generated<number>;
    topic: string;
    payload: unknown;
    created_at: Date;
    processed_at: Date | null;
  };
};

export const t = (db: Db) => db.withTables<Tables>();
export type TicketTables = Tables;

export const TICKET_COLUMNS = [
  'tenant_id',
  'id',
  'number',
  'type_id',
  'status',
  'status_category',
  'priority',
  'channel',
  'subject',
  'description',
  'customer_id',
  'location_address',
  'location_lat',
  'location_lng',
  'tags',
  'custom_fields',
  'assignee_id',
  'team_id',
  'merged_into_id',
  'due_at',
  'created_by',
  'created_at',
  'updated_at',
  'resolved_at',
  'closed_at',
  'version',
] as const;

export const ticketTypesRepo = {
  insert: (db: Db, row: TicketTypeRow) =>
    t(db)
      .insertInto('ticket_types')
      .values({
        ...row,
        workflow: JSON.stringify(row.workflow) as never,
        custom_fields: JSON.stringify(row.custom_fields) as never,
      })
      .execute(),
  list: (db: Db, tenantId: string) =>
    t(db).selectFrom('ticket_types').selectAll().where('tenant_id', '=', tenantId).orderBy('created_at').execute(),
  byId: (db: Db, tenantId: string, id: string) =>
    t(db)
      .selectFrom('ticket_types')
      .selectAll()
      .where('tenant_id', '=', tenantId)
      .where('id', '=', id)
      .executeTakeFirst(),
  byKey: (db: Db, tenantId: string, key: string) =>
    t(db)
      .selectFrom('ticket_types')
      .selectAll()
      .where('tenant_id', '=', tenantId)
      .where('key', '=', key)
      .executeTakeFirst(),
  update: (db: Db, row: TicketTypeRow, expectedVersion: number) =>
    t(db)
      .updateTable('ticket_types')
      .set({
        name: row.name,
        workflow: JSON.stringify(row.workflow) as never,
        custom_fields: JSON.stringify(row.custom_fields) as never,
        updated_at: row.updated_at,
        version: sql`version + 1`,
      })
      .where('tenant_id', '=', row.tenant_id)
      .where('id', '=', row.id)
      .where('version', '=', expectedVersion)
      .returningAll()
      .executeTakeFirst(),
};

export const ticketsRepo = {
  /** Moves the tenant's counter for `day` on by `count` and returns its new value (the last number reserved). */
  reserveNumbers: async (db: Db, tenantId: string, day: string, count: number): Promise<number> => {
    const result = await sql<{ last_value: number }>`insert into ticket_number_counters (tenant_id, day, last_value)
      values (${tenantId}, ${day}, ${count})
      on conflict (tenant_id, day) do update set last_value = ticket_number_counters.last_value + ${count}
      returning last_value`.execute(db);
    return Number(result.rows[0]?.last_value);
  },
  byId: (db: Db, tenantId: string, id: string) =>
    t(db)
      .selectFrom('tickets')
      .select(TICKET_COLUMNS)
      .where('tenant_id', '=', tenantId)
      .where('id', '=', id)
      .executeTakeFirst(),
  byIdForUpdate: (db: Db, tenantId: string, id: string) =>
    t(db)
      .selectFrom('tickets')
      .select(TICKET_COLUMNS)
      .where('tenant_id', '=', tenantId)
      .where('id', '=', id)
      .forUpdate()
      .executeTakeFirst(),
  update: (db: Db, tenantId: string, id: string, expectedVersion: number, changes: Partial<TicketRow>) => {
    const set: Record<string, unknown> = { ...changes, version: sql`version + 1` };
    if (changes.custom_fields) set.custom_fields = JSON.stringify(changes.custom_fields);
    return t(db)
      .updateTable('tickets')
      .set(set as never)
      .where('tenant_id', '=', tenantId)
      .where('id', '=', id)
      .where('version', '=', expectedVersion)
      .returning(TICKET_COLUMNS)
      .executeTakeFirst();
  },
  appendSearch: (db: Db, tenantId: string, id: string, literal: string) =>
    t(db)
      .updateTable('tickets')
      .set({ search: sql`search || ${literal}::tsvector` as never })
      .where('tenant_id', '=', tenantId)
      .where('id', '=', id)
      .execute(),
  insertComment: (db: Db, row: CommentRow) => t(db).insertInto('ticket_comments').values(row).execute(),
  comments: (db: Db, tenantId: string, ticketIds: string[]) =>
    t(db)
      .selectFrom('ticket_comments')
      .selectAll()
      .where('tenant_id', '=', tenantId)
      .where('ticket_id', 'in', ticketIds)
      .orderBy('created_at')
      .orderBy('id')
      .limit(1000)
      .execute(),
  moveComments: (db: Db, tenantId: string, fromId: string, toId: string) =>
    t(db)
      .updateTable('ticket_comments')
      .set({ ticket_id: toId })
      .where('tenant_id', '=', tenantId)
      .where('ticket_id', '=', fromId)
      .execute(),
  insertAttachment: (db: Db, row: AttachmentRow) => t(db).insertInto('attachments').values(row).execute(),
  attachment: (db: Db, tenantId: string, ticketId: string, id: string) =>
    t(db)
      .selectFrom('attachments')
      .selectAll()
      .where('tenant_id', '=', tenantId)
      .where('ticket_id', '=', ticketId)
      .where('id', '=', id)
      .executeTakeFirst(),
  moveAttachments: (db: Db, tenantId: string, fromId: string, toId: string) =>
    t(db)
      .updateTable('attachments')
      .set({ ticket_id: toId })
      .where('tenant_id', '=', tenantId)
      .where('ticket_id', '=', fromId)
      .execute(),
  insertLinks: (db: Db, rows: LinkRow[]) =>
    t(db)
      .insertInto('ticket_links')
      .values(rows)
      .onConflict((oc) => oc.doNothing())
      .execute(),
};
