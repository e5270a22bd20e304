import { sql } from 'kysely';
import type { Db } from '../../platform/db/database.ts';

export type ContactKind = 'phone' | 'email' | 'wecom' | 'wechat' | 'dingtalk';
export type CustomerRow = {
  tenant_id: string;
  id: string;
  kind: 'person' | 'organisation';
  name: string;
  organisation_id: string | null;
  notes: string;
  tier?: string | null | undefined;
  created_at: Date;
  updated_at: Date;
  version: number;
};
export type ContactRow = {
  tenant_id: string;
  id: string;
  customer_id: string;
  kind: ContactKind;
  value: string;
  label: string;
  created_at: Date;
};
type Tables = { customers: CustomerRow; customer_contacts: ContactRow };

const t = (db: Db) => db.withTables<Tables>();

export const customersRepo = {
  insert: (db: Db, row: CustomerRow) => t(db).insertInto('customers').values(row).execute(),
  insertContacts: async (db: Db, rows: ContactRow[]) => {
    if (rows.length)
      await t(db)
        .insertInto('customer_contacts')
        .values(rows)
        .onConflict((oc) => oc.doNothing())
        .execute();
  },
  deleteContacts: (db: Db, tenantId: string, customerId: string) =>
    t(db)
      .deleteFrom('customer_contacts')
      .where('tenant_id', '=', tenantId)
      .where('customer_id', '=', customerId)
      .execute(),
  byId: (db: Db, tenantId: string, id: string) =>
    t(db).selectFrom('customers').selectAll().where('tenant_id', '=', tenantId).where('id', '=', id).executeTakeFirst(),
  byIds: (db: Db, tenantId: string, ids: string[]) =>
    ids.length
      ? t(db).selectFrom('customers').selectAll().where('tenant_id', '=', tenantId).where('id', 'in', ids).execute()
      : Promise.resolve([]),
  contactsOf: (db: Db, tenantId: string, customerIds: string[]) =>
    customerIds.length
      ? t(db)
          .selectFrom('customer_contacts')
          .selectAll()
          .where('tenant_id', '=', tenantId)
          .where('customer_id', 'in', customerIds)
          .orderBy('created_at')
          .execute()
      : Promise.resolve([]),
  /** Customers holding a contact point, most recently updated first. */
  byContact: (db: Db, tenantId: string, kind: ContactKind, value: string) =>
    t(db)
      .selectFrom('customer_contacts as c')
      .innerJoin('customers as u', (join) =>
        join.onRef('u.tenant_id', '=', 'c.tenant_id').onRef('u.id', '=', 'c.customer_id'),
      )
      .selectAll('u')
      .where('c.tenant_id', '=', tenantId)
      .where('c.kind', '=', kind)
      .where('c.value', '=', value)
      .orderBy('u.updated_at', 'desc')
      .limit(20)
      .execute(),
  /** For each (tenant, kind, value), the most recently updated customer holding it, or null: one statement. */
  firstByContacts: async (
    db: Db,
    lookups: Array<{ tenantId: string; kind: ContactKind; value: string }>,
  ): Promise<Array<CustomerRow | null>> => {
    const rows = await sql<CustomerRow & { ord: number }>`select x.ord, u.*
        from jsonb_to_recordset(${JSON.stringify(lookups.map((lookup, ord) => ({ ord, ...lookup })))}::jsonb)
          as x(ord int, "tenantId" uuid, kind text, value text)
        cross join lateral (
          select u.* from customer_contacts c
          join customers u on u.tenant_id = c.tenant_id and u.id = c.customer_id
          where c.tenant_id = x."tenantId" and c.kind = x.kind and c.value = x.value
          order by u.updated_at desc limit 1) u`.execute(db);
    const found: Array<CustomerRow | null> = lookups.map(() => null);
    for (const { ord, ...customer } of rows.rows) found[ord] = customer;
    return found;
  },
  search: (db: Db, tenantId: string, text: string, limit: number, after: { name: string; id: string } | null) => {
    let query = t(db).selectFrom('customers').selectAll().where('tenant_id', '=', tenantId);
    if (text) query = query.where(sql<boolean>`name ilike ${`%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`}`);
    if (after)
      query = query.where((eb) =>
        eb.or([eb('name', '>', after.name), eb.and([eb('name', '=', after.name), eb('id', '>', after.id)])]),
      );
    return query.orderBy('name').orderBy('id').limit(limit).execute();
  },
  /** Others sharing a contact point, or a very similar name (pg_trgm), as duplicate candidates. */
  duplicatesOf: async (db: Db, tenantId: string, customer: CustomerRow) => {
    const shared = await t(db)
      .selectFrom('customer_contacts as mine')
      .innerJoin('customer_contacts as other', (join) =>
        join
          .onRef('other.tenant_id', '=', 'mine.tenant_id')
          .onRef('other.kind', '=', 'mine.kind')
          .onRef('other.value', '=', 'mine.value'),
      )
      .select(['other.customer_id', 'other.kind', 'other.value'])
      .where('mine.tenant_id', '=', tenantId)
      .where('mine.customer_id', '=', customer.id)
      .where('other.customer_id', '!=', customer.id)
      .execute();
    const similar = await t(db)
      .selectFrom('customers')
      .select(['id', sql<number>`similarity(name, ${customer.name})`.as('score')])
      .where('tenant_id', '=', tenantId)
      .where('id', '!=', customer.id)
      .where(sql<boolean>`name % ${customer.name}`)
      .orderBy('score', 'desc')
      .limit(10)
      .execute();
    return { shared, similar };
  },
  update: (
    db: Db,
    tenantId: string,
    id: string,
    version: number,
    changes: Partial<Pick<CustomerRow, 'name' | 'kind' | 'organisation_id' | 'notes' | 'tier' | 'updated_at'>>,
  ) =>
    t(db)
      .updateTable('customers')
      .set({ ...changes, version: sql`version + 1` })
      .where('tenant_id', '=', tenantId)
      .where('id', '=', id)
      .where('version', '=', version)
      .returningAll()
      .executeTakeFirst(),
  touch: (db: Db, tenantId: string, id: string, now: Date) =>
    t(db)
      .updateTable('customers')
      .set({ updated_at: now })
      .where('tenant_id', '=', tenantId)
      .where('id', '=', id)
      .execute(),
};
