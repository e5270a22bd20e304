import { sql } from 'kysely';
import type { Role } from '../../platform/auth/principal.ts';
import type { Db } from '../../platform/db/database.ts';

export type TenantRow = { id: string; slug: string; name: string; settings: unknown; created_at: Date };
export type UserRow = {
  tenant_id: string;
  id: string;
  email: string;
  name: string;
  role: Role;
  password_hash: string | null;
  active: boolean;
  created_at: Date;
  updated_at: Date;
  version: number;
};
export type TeamRow = {
  tenant_id: string;
  id: string;
  name: string;
  tier?: number | null | undefined;
  created_at: Date;
  version: number;
};
type Tables = {
  tenants: TenantRow;
  users: UserRow;
  teams: TeamRow;
  team_members: { tenant_id: string; team_id: string; user_id: string };
  sessions: {
    id_hash: string;
    tenant_id: string;
    user_id: string;
    csrf_token: string;
    created_at: Date;
    expires_at: Date;
  };
  api_tokens: {
    tenant_id: string;
    id: string;
    user_id: string;
    name: string;
    token_hash: string;
    prefix: string;
    created_at: Date;
    last_used_at: Date | null;
    revoked_at: Date | null;
  };
};

const t = (db: Db) => db.withTables<Tables>();

export const tenantsRepo = {
  insert: (db: Db, row: TenantRow) =>
    t(db)
      .insertInto('tenants')
      .values({ ...row, settings: JSON.stringify(row.settings) })
      .execute(),
  first: (db: Db) => t(db).selectFrom('tenants').selectAll().orderBy('created_at').limit(1).executeTakeFirst(),
  bySlug: (db: Db, slug: string) => t(db).selectFrom('tenants').selectAll().where('slug', '=', slug).executeTakeFirst(),
  byId: (db: Db, id: string) => t(db).selectFrom('tenants').selectAll().where('id', '=', id).executeTakeFirst(),
  all: (db: Db) => t(db).selectFrom('tenants').selectAll().orderBy('created_at').execute(),
};

export const usersRepo = {
  insert: (db: Db, row: UserRow) => t(db).insertInto('users').values(row).execute(),
  byId: (db: Db, tenantId: string, id: string) =>
    t(db).selectFrom('users').selectAll().where('tenant_id', '=', tenantId).where('id', '=', id).executeTakeFirst(),
  byEmail: (db: Db, tenantId: string, email: string) =>
    t(db)
      .selectFrom('users')
      .selectAll()
      .where('tenant_id', '=', tenantId)
      .where('email', '=', email)
      .executeTakeFirst(),
  byEmailInAnyTenant: (db: Db, email: string) =>
    t(db).selectFrom('users').selectAll().where('email', '=', email).limit(2).execute(),
  list: (db: Db, tenantId: string) =>
    t(db).selectFrom('users').selectAll().where('tenant_id', '=', tenantId).orderBy('name').execute(),
  update: (
    db: Db,
    tenantId: string,
    id: string,
    version: number,
    changes: Partial<Pick<UserRow, 'name' | 'role' | 'active' | 'password_hash' | 'updated_at'>>,
  ) =>
    t(db)
      .updateTable('users')
      .set({ ...changes, version: sql`version + 1` })
      .where('tenant_id', '=', tenantId)
      .where('id', '=', id)
      .where('version', '=', version)
      .returningAll()
      .executeTakeFirst(),
};

export const teamsRepo = {
  insert: (db: Db, row: TeamRow) => t(db).insertInto('teams').values(row).execute(),
  byId: (db: Db, tenantId: string, id: string) =>
    t(db).selectFrom('teams').selectAll().where('tenant_id', '=', tenantId).where('id', '=', id).executeTakeFirst(),
  list: (db: Db, tenantId: string) =>
    t(db).selectFrom('teams').selectAll().where('tenant_id', '=', tenantId).orderBy('name').execute(),
  members: (db: Db, tenantId: string) =>
    t(db).selectFrom('team_members').select(['team_id', 'user_id']).where('tenant_id', '=', tenantId).execute(),
  setMembers: async (db: Db, tenantId: string, teamId: string, userIds: string[]) => {
    await t(db).deleteFrom('team_members').where('tenant_id', '=', tenantId).where('team_id', '=', teamId).execute();
    if (userIds.length) {
      await t(db)
        .insertInto('team_members')
        .values(userIds.map((user_id) => ({ tenant_id: tenantId, team_id: teamId, user_id })))
        .execute();
    }
  },
  /** Renames (or just touches) a team if it is still at `version`; returns the new row, or nothing when stale. */
  update: (db: Db, tenantId: string, id: string, version: number, name: string, tier: number | null) =>
    t(db)
      .updateTable('teams')
      .set({ name, tier, version: sql`version + 1` })
      .where('tenant_id', '=', tenantId)
      .where('id', '=', id)
      .where('version', '=', version)
      .returningAll()
      .executeTakeFirst(),
};

export const sessionsRepo = {
  insert: (db: Db, row: Tables['sessions']) => t(db).insertInto('sessions').values(row).execute(),
  principalByHash: (db: Db, idHash: string, now: Date) =>
    t(db)
      .selectFrom('sessions as s')
      .innerJoin('users as u', (join) => join.onRef('u.tenant_id', '=', 's.tenant_id').onRef('u.id', '=', 's.user_id'))
      .select(['s.tenant_id', 's.user_id', 's.csrf_token', 'u.role'])
      .where('s.id_hash', '=', idHash)
      .where('s.expires_at', '>', now)
      .where('u.active', '=', true)
      .executeTakeFirst(),
  delete: (db: Db, idHash: string) => t(db).deleteFrom('sessions').where('id_hash', '=', idHash).execute(),
  deleteForUser: (db: Db, tenantId: string, userId: string) =>
    t(db).deleteFrom('sessions').where('tenant_id', '=', tenantId).where('user_id', '=', userId).execute(),
};

export const tokensRepo = {
  insert: (db: Db, row: Tables['api_tokens']) => t(db).insertInto('api_tokens').values(row).execute(),
  principalByHash: (db: Db, tokenHash: string) =>
    t(db)
      .selectFrom('api_tokens as k')
      .innerJoin('users as u', (join) => join.onRef('u.tenant_id', '=', 'k.tenant_id').onRef('u.id', '=', 'k.user_id'))
      .select(['k.tenant_id', 'k.user_id', 'u.role', 'k.id'])
      .where('k.token_hash', '=', tokenHash)
      .where('k.revoked_at', 'is', null)
      .where('u.active', '=', true)
      .executeTakeFirst(),
  listForUser: (db: Db, tenantId: string, userId: string) =>
    t(db)
      .selectFrom('api_tokens')
      .select(['id', 'name', 'prefix', 'created_at', 'last_used_at', 'revoked_at'])
      .where('tenant_id', '=', tenantId)
      .where('user_id', '=', userId)
      .orderBy('created_at', 'desc')
      .execute(),
  revoke: (db: Db, tenantId: string, userId: string, id: string, now: Date) =>
    t(db)
      .updateTable('api_tokens')
      .set({ revoked_at: now })
      .where('tenant_id', '=', tenantId)
      .where('user_id', '=', userId)
      .where('id', '=', id)
      .where('revoked_at', 'is', null)
      .returning(['token_hash'])
      .executeTakeFirst(),
};
