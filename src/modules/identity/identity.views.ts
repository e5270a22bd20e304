import type { TeamRow, TenantRow, UserRow } from './identity.repo.ts';

export type UserView = {
  id: string;
  email: string;
  name: string;
  role: UserRow['role'];
  active: boolean;
  createdAt: string;
  updatedAt: string;
};
export type TeamView = { id: string; name: string; tier: number | null; memberIds: string[] };
export type TenantView = { id: string; slug: string; name: string; createdAt: string };

export function userView(row: UserRow): UserView {
  return {
    id: row.id,
    email: row.email,
    name: row.name,
    role: row.role,
    active: row.active,
    createdAt: new Date(row.created_at).toISOString(),
    updatedAt: new Date(row.updated_at).toISOString(),
  };
}

export function teamView(row: TeamRow, memberIds: string[]): TeamView {
  return { id: row.id, name: row.name, tier: row.tier ?? null, memberIds };
}

export function tenantView(row: TenantRow): TenantView {
  return { id: row.id, slug: row.slug, name: row.name, createdAt: new Date(row.created_at).toISOString() };
}
