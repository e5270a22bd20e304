import { randomBytes } from 'node:crypto';
import type { Context } from '../../../platform/db/context.ts';
import { validationFailed } from '../../../platform/errors/app-error.ts';
import { newId } from '../../../platform/ids/ids.ts';
import { identityErrors } from '../identity.errors.ts';
import { type TenantRow, tenantsRepo, type UserRow } from '../identity.repo.ts';
import { createUser } from './create-user.ts';

export type CreateTenantOptions = {
  name: string;
  slug?: string;
  adminEmail: string;
  adminName?: string;
  adminPassword?: string | null;
};
export type CreatedTenant = { tenant: TenantRow; admin: UserRow; generatedPassword: string | null };

export function slugFor(name: string): string {
  const ascii = name
    .normalize('NFKD')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 40);
  return ascii || `t-${randomBytes(4).toString('hex')}`;
}

/** A tenant and its first admin. The caller installs the tenant's defaults in the same transaction. */
export async function createTenant(ctx: Context, options: CreateTenantOptions): Promise<CreatedTenant> {
  const name = options.name.trim();
  if (!name) throw validationFailed('Tenant name is required', [{ path: '/name', message: 'is required' }]);
  const slug = options.slug ?? slugFor(name);
  if (!/^[a-z0-9][a-z0-9-]{0,62}$/.test(slug))
    throw validationFailed('Slug must be lowercase letters, digits and dashes');
  if (await tenantsRepo.bySlug(ctx.db, slug)) throw identityErrors.slugTaken(slug);
  const now = ctx.clock.now();
  const tenant: TenantRow = { id: newId(now.getTime()), slug, name, settings: {}, created_at: now };
  await tenantsRepo.insert(ctx.db, tenant);
  const generatedPassword = options.adminPassword ? null : randomBytes(12).toString('base64url');
  const admin = await createUser(ctx, {
    tenantId: tenant.id,
    email: options.adminEmail,
    name: options.adminName ?? 'Administrator',
    role: 'admin',
    password: options.adminPassword ?? generatedPassword,
  });
  return { tenant, admin, generatedPassword };
}
