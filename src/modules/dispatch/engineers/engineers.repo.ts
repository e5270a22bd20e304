import { sql } from 'kysely';
import type { Db } from '../../../platform/db/database.ts';

export type EngineerRow = {
  tenant_id: string;
  user_id: string;
  status: 'off' | 'idle' | 'en_route' | 'on_site' | 'busy';
  skills: { key: string; level: number }[];
  certifications: string[];
  territories: unknown[];
  shifts: { weekday: string; start: string; end: string }[];
  breaks: { start: string; end: string }[];
  time_zone: string;
  home_lat: number | null;
  home_lng: number | null;
  location_lat: number | null;
  location_lng: number | null;
  location_at: Date | null;
  daily_capacity: number;
  rating: number | null;
  van_parts: Record<string, number>;
  updated_at: Date;
  version: number;
};

export type OfferRow = {
  tenant_id: string;
  ticket_id: string;
  status: 'open' | 'accepted' | 'expired' | 'cancelled';
  eligible: string[];
  created_at: Date;
  expires_at: Date;
  accepted_by: string | null;
  accepted_at: Date | null;
};

export type DispatchSettingsRow = { tenant_id: string; weights: Record<string, number>; updated_at: Date };

const t = (db: Db) =>
  db.withTables<{ engineers: EngineerRow; dispatch_offers: OfferRow; dispatch_settings: DispatchSettingsRow }>();

export const dispatchSettingsRepo = {
  get: (db: Db, tenantId: string) =>
    t(db).selectFrom('dispatch_settings').selectAll().where('tenant_id', '=', tenantId).executeTakeFirst(),
  save: (db: Db, row: DispatchSettingsRow) =>
    t(db)
      .insertInto('dispatch_settings')
      .values({ ...row, weights: JSON.stringify(row.weights) as never })
      .onConflict((oc) =>
        oc
          .column('tenant_id')
          .doUpdateSet({ weights: JSON.stringify(row.weights) as never, updated_at: row.updated_at }),
      )
      .execute(),
};
const JSON_COLUMNS = ['skills', 'territories', 'shifts', 'breaks', 'van_parts'] as const;
const asJson = (row: Partial<EngineerRow>) => {
  const out: Record<string, unknown> = { ...row };
  for (const key of JSON_COLUMNS) if (key in row) out[key] = JSON.stringify(row[key]);
  return out as never;
};

export const engineersRepo = {
  list: (db: Db, tenantId: string) =>
    t(db).selectFrom('engineers').selectAll().where('tenant_id', '=', tenantId).orderBy('user_id').execute(),
  byUser: (db: Db, tenantId: string, userId: string) =>
    t(db)
      .selectFrom('engineers')
      .selectAll()
      .where('tenant_id', '=', tenantId)
      .where('user_id', '=', userId)
      .executeTakeFirst(),
  insert: (db: Db, row: EngineerRow) => t(db).insertInto('engineers').values(asJson(row)).execute(),
  update: (db: Db, row: Omit<EngineerRow, 'version'>, expectedVersion: number) =>
    t(db)
      .updateTable('engineers')
      .set({ ...(asJson(row) as object), version: sql`version + 1` } as never)
      .where('tenant_id', '=', row.tenant_id)
      .where('user_id', '=', row.user_id)
      .where('version', '=', expectedVersion)
      .returningAll()
      .executeTakeFirst(),
  /** Live position: not a profile edit, so no version check and no version bump. */
  setLocation: (db: Db, tenantId: string, userId: string, lat: number, lng: number, at: Date) =>
    t(db)
      .updateTable('engineers')
      .set({ location_lat: lat, location_lng: lng, location_at: at })
      .where('tenant_id', '=', tenantId)
      .where('user_id', '=', userId)
      .executeTakeFirst(),
  /** Jobs assigned to each engineer that are open (not resolved or closed): their load today. */
  openLoads: async (db: Db, tenantId: string): Promise<Map<string, number>> => {
    const rows = await sql<{ assignee_id: string; n: number }>`select assignee_id, count(*)::int as n from tickets
      where tenant_id = ${tenantId} and assignee_id is not null and status_category in ('new', 'open', 'pending')
      group by assignee_id`.execute(db);
    return new Map(rows.rows.map((row) => [row.assignee_id, row.n]));
  },
};

export const offersRepo = {
  byTicket: (db: Db, tenantId: string, ticketId: string) =>
    t(db)
      .selectFrom('dispatch_offers')
      .selectAll()
      .where('tenant_id', '=', tenantId)
      .where('ticket_id', '=', ticketId)
      .executeTakeFirst(),
  /** A new offer replaces the ticket's earlier one. */
  open: (db: Db, row: OfferRow) =>
    t(db)
      .insertInto('dispatch_offers')
      .values(row)
      .onConflict((oc) =>
        oc.columns(['tenant_id', 'ticket_id']).doUpdateSet({
          status: row.status,
          eligible: row.eligible,
          created_at: row.created_at,
          expires_at: row.expires_at,
          accepted_by: null,
          accepted_at: null,
        }),
      )
      .execute(),
  /**
   * The first valid accept wins: the row lock orders concurrent accepts, and each later one re-reads the row,
   * finds it no longer open and updates nothing. Exactly one winner, whatever the number of processes.
   */
  accept: (db: Db, tenantId: string, ticketId: string, userId: string, now: Date) =>
    t(db)
      .updateTable('dispatch_offers')
      .set({ status: 'accepted', accepted_by: userId, accepted_at: now })
      .where('tenant_id', '=', tenantId)
      .where('ticket_id', '=', ticketId)
      .where('status', '=', 'open')
      .where('expires_at', '>', now)
      .where(sql<boolean>`${userId}::uuid = any(eligible)`)
      .returningAll()
      .executeTakeFirst(),
  openFor: (db: Db, tenantId: string, userId: string, now: Date) =>
    t(db)
      .selectFrom('dispatch_offers')
      .selectAll()
      .where('tenant_id', '=', tenantId)
      .where('status', '=', 'open')
      .where('expires_at', '>', now)
      .where(sql<boolean>`${userId}::uuid = any(eligible)`)
      .orderBy('created_at')
      .limit(100)
      .execute(),
  /** Open offers past their time, taken under lock by one process. */
  expired: async (db: Db, now: Date, limit: number): Promise<OfferRow[]> =>
    (
      await sql<OfferRow>`update dispatch_offers o set status = 'expired'
        from (select tenant_id, ticket_id from dispatch_offers where status = 'open' and expires_at <= ${now}
              order by expires_at limit ${limit} for update skip locked) due
        where o.tenant_id = due.tenant_id and o.ticket_id = due.ticket_id
        returning o.*`.execute(db)
    ).rows,
};
