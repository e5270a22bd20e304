import { sql } from 'kysely';
import type { Db } from '../../platform/db/database.ts';

export type RuleRow = {
  tenant_id: string;
  id: string;
  kind: 'trigger' | 'automation';
  name: string;
  position: number;
  active: boolean;
  events: string[];
  conditions: Record<string, unknown>;
  actions: Record<string, unknown>[];
  created_at: Date;
  updated_at: Date;
  version: number;
};
export type MacroRow = {
  tenant_id: string;
  id: string;
  name: string;
  actions: Record<string, unknown>[];
  created_at: Date;
  updated_at: Date;
  version: number;
};
export type ChannelRow = {
  tenant_id: string;
  id: string;
  kind: 'dingtalk' | 'wecom' | 'webhook' | 'email' | 'sms';
  name: string;
  config: Record<string, unknown>;
  created_at: Date;
  updated_at: Date;
  version: number;
};
export type NotificationRow = {
  tenant_id: string;
  id: string;
  user_id: string;
  ticket_id: string | null;
  kind: string;
  title: string;
  body: string;
  created_at: Date;
  read_at: Date | null;
};
export type PreferenceRow = {
  tenant_id: string;
  user_id: string;
  channels: { inApp: boolean; email: boolean; sms: boolean };
  quiet_hours: { start: string; end: string; timeZone: string } | null;
  updated_at: Date;
};

type Tables = {
  automation_rules: RuleRow;
  automation_runs: { tenant_id: string; rule_id: string; ticket_id: string; state_key: string; ran_at: Date };
  macros: MacroRow;
  notification_channels: ChannelRow;
  notifications: NotificationRow;
  notification_preferences: PreferenceRow;
};
const t = (db: Db) => db.withTables<Tables>();
const json = (value: unknown) => JSON.stringify(value) as never;

export const rulesRepo = {
  insert: (db: Db, row: RuleRow) =>
    t(db)
      .insertInto('automation_rules')
      .values({ ...row, conditions: json(row.conditions), actions: json(row.actions) })
      .execute(),
  list: (db: Db, tenantId: string, kind?: RuleRow['kind']) => {
    let query = t(db).selectFrom('automation_rules').selectAll().where('tenant_id', '=', tenantId);
    if (kind) query = query.where('kind', '=', kind);
    return query.orderBy('position').orderBy('id').execute();
  },
  /** Active time-based automations of every tenant (the periodic scan). */
  activeAutomations: (db: Db) =>
    t(db)
      .selectFrom('automation_rules')
      .selectAll()
      .where('kind', '=', 'automation')
      .where('active', '=', true)
      .orderBy('tenant_id')
      .orderBy('position')
      .execute(),
  byId: (db: Db, tenantId: string, id: string) =>
    t(db)
      .selectFrom('automation_rules')
      .selectAll()
      .where('tenant_id', '=', tenantId)
      .where('id', '=', id)
      .executeTakeFirst(),
  update: (db: Db, row: Omit<RuleRow, 'created_at' | 'version' | 'kind'>, expectedVersion: number) =>
    t(db)
      .updateTable('automation_rules')
      .set({
        name: row.name,
        position: row.position,
        active: row.active,
        events: row.events,
        conditions: json(row.conditions),
        actions: json(row.actions),
        updated_at: row.updated_at,
        version: sql`version + 1`,
      })
      .where('tenant_id', '=', row.tenant_id)
      .where('id', '=', row.id)
      .where('version', '=', expectedVersion)
      .returningAll()
      .executeTakeFirst(),
  delete: (db: Db, tenantId: string, id: string) =>
    t(db).deleteFrom('automation_rules').where('tenant_id', '=', tenantId).where('id', '=', id).executeTakeFirst(),
  /** Records that an automation acted on a ticket in a state; false when it already had. */
  claimRun: async (db: Db, row: Tables['automation_runs']): Promise<boolean> => {
    const result = await t(db)
      .insertInto('automation_runs')
      .values(row)
      .onConflict((oc) => oc.doNothing())
      .execute();
    return Number(result[0]?.numInsertedOrUpdatedRows ?? 0) === 1;
  },
};

export const macrosRepo = {
  insert: (db: Db, row: MacroRow) =>
    t(db)
      .insertInto('macros')
      .values({ ...row, actions: json(row.actions) })
      .execute(),
  list: (db: Db, tenantId: string) =>
    t(db).selectFrom('macros').selectAll().where('tenant_id', '=', tenantId).orderBy('name').orderBy('id').execute(),
  byId: (db: Db, tenantId: string, id: string) =>
    t(db).selectFrom('macros').selectAll().where('tenant_id', '=', tenantId).where('id', '=', id).executeTakeFirst(),
  update: (db: Db, row: Pick<MacroRow, 'tenant_id' | 'id' | 'name' | 'actions' | 'updated_at'>, expected: number) =>
    t(db)
      .updateTable('macros')
      .set({ name: row.name, actions: json(row.actions), updated_at: row.updated_at, version: sql`version + 1` })
      .where('tenant_id', '=', row.tenant_id)
      .where('id', '=', row.id)
      .where('version', '=', expected)
      .returningAll()
      .executeTakeFirst(),
  delete: (db: Db, tenantId: string, id: string) =>
    t(db).deleteFrom('macros').where('tenant_id', '=', tenantId).where('id', '=', id).executeTakeFirst(),
};

export const channelsRepo = {
  insert: (db: Db, row: ChannelRow) =>
    t(db)
      .insertInto('notification_channels')
      .values({ ...row, config: json(row.config) })
      .execute(),
  list: (db: Db, tenantId: string) =>
    t(db)
      .selectFrom('notification_channels')
      .selectAll()
      .where('tenant_id', '=', tenantId)
      .orderBy('name')
      .orderBy('id')
      .execute(),
  byId: (db: Db, tenantId: string, id: string) =>
    t(db)
      .selectFrom('notification_channels')
      .selectAll()
      .where('tenant_id', '=', tenantId)
      .where('id', '=', id)
      .executeTakeFirst(),
  delete: (db: Db, tenantId: string, id: string) =>
    t(db).deleteFrom('notification_channels').where('tenant_id', '=', tenantId).where('id', '=', id).executeTakeFirst(),
};

export const notificationsRepo = {
  insert: (db: Db, rows: NotificationRow[]) =>
    rows.length ? t(db).insertInto('notifications').values(rows).execute() : Promise.resolve([]),
  forUser: (db: Db, tenantId: string, userId: string, limit: number, unreadOnly: boolean) => {
    let query = t(db)
      .selectFrom('notifications')
      .selectAll()
      .where('tenant_id', '=', tenantId)
      .where('user_id', '=', userId);
    if (unreadOnly) query = query.where('read_at', 'is', null);
    return query.orderBy('created_at', 'desc').orderBy('id', 'desc').limit(limit).execute();
  },
  markRead: (db: Db, tenantId: string, userId: string, id: string, at: Date) =>
    t(db)
      .updateTable('notifications')
      .set({ read_at: at })
      .where('tenant_id', '=', tenantId)
      .where('user_id', '=', userId)
      .where('id', '=', id)
      .executeTakeFirst(),
  preferences: (db: Db, tenantId: string, userId: string) =>
    t(db)
      .selectFrom('notification_preferences')
      .selectAll()
      .where('tenant_id', '=', tenantId)
      .where('user_id', '=', userId)
      .executeTakeFirst(),
  savePreferences: (db: Db, row: PreferenceRow) =>
    t(db)
      .insertInto('notification_preferences')
      .values({ ...row, channels: json(row.channels), quiet_hours: json(row.quiet_hours) })
      .onConflict((oc) =>
        oc.columns(['tenant_id', 'user_id']).doUpdateSet({
          channels: json(row.channels),
          quiet_hours: json(row.quiet_hours),
          updated_at: row.updated_at,
        }),
      )
      .execute(),
};
