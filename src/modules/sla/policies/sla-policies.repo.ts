import { sql } from 'kysely';
import type { Db } from '../../../platform/db/database.ts';

export type SlaPolicyRow = {
  tenant_id: string;
  id: string;
  name: string;
  position: number;
  active: boolean;
  /** The checked policy without name, position and active (see `checkSlaPolicy`). */
  definition: Record<string, unknown>;
  created_at: Date;
  updated_at: Date;
  version: number;
};

const t = (db: Db) => db.withTables<{ sla_policies: SlaPolicyRow }>();

export const slaPoliciesRepo = {
  insert: (db: Db, row: SlaPolicyRow) =>
    t(db)
      .insertInto('sla_policies')
      .values({ ...row, definition: JSON.stringify(row.definition) as never })
      .execute(),
  list: (db: Db, tenantId: string) =>
    t(db)
      .selectFrom('sla_policies')
      .selectAll()
      .where('tenant_id', '=', tenantId)
      .orderBy('position')
      .orderBy('id')
      .execute(),
  byId: (db: Db, tenantId: string, id: string) =>
    t(db)
      .selectFrom('sla_policies')
      .selectAll()
      .where('tenant_id', '=', tenantId)
      .where('id', '=', id)
      .executeTakeFirst(),
  update: (db: Db, row: Omit<SlaPolicyRow, 'created_at' | 'version'>, expectedVersion: number) =>
    t(db)
      .updateTable('sla_policies')
      .set({
        name: row.name,
        position: row.position,
        active: row.active,
        definition: JSON.stringify(row.definition) as never,
        updated_at: row.updated_at,
        version: sql`version + 1`,
      })
      .where('tenant_id', '=', row.tenant_id)
      .where('id', '=', row.id)
      .where('version', '=', expectedVersion)
      .returningAll()
      .executeTakeFirst(),
  delete: (db: Db, tenantId: string, id: string) =>
    t(db).deleteFrom('sla_policies').where('tenant_id', '=', tenantId).where('id', '=', id).executeTakeFirst(),
};
