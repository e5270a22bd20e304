import { sql } from 'kysely';
import type { Db } from '../../platform/db/database.ts';
import type { Calendar } from './calendar/index.ts';

export type CalendarRow = {
  tenant_id: string;
  id: string;
  name: string;
  definition: Calendar;
  created_at: Date;
  updated_at: Date;
  version: number;
};

const t = (db: Db) => db.withTables<{ calendars: CalendarRow }>();

export const calendarsRepo = {
  insert: (db: Db, row: CalendarRow) =>
    t(db)
      .insertInto('calendars')
      .values({ ...row, definition: JSON.stringify(row.definition) as never })
      .execute(),
  list: (db: Db, tenantId: string) =>
    t(db).selectFrom('calendars').selectAll().where('tenant_id', '=', tenantId).orderBy('name').orderBy('id').execute(),
  byId: (db: Db, tenantId: string, id: string) =>
    t(db).selectFrom('calendars').selectAll().where('tenant_id', '=', tenantId).where('id', '=', id).executeTakeFirst(),
  update: (
    db: Db,
    row: Pick<CalendarRow, 'tenant_id' | 'id' | 'name' | 'definition' | 'updated_at'>,
    expectedVersion: number,
  ) =>
    t(db)
      .updateTable('calendars')
      .set({
        name: row.name,
        definition: JSON.stringify(row.definition) as never,
        updated_at: row.updated_at,
        version: sql`version + 1`,
      })
      .where('tenant_id', '=', row.tenant_id)
      .where('id', '=', row.id)
      .where('version', '=', expectedVersion)
      .returningAll()
      .executeTakeFirst(),
};
