import { type CreatedTenant, createTenant, tenantsRepo } from '../modules/identity/index.ts';
import { installDefaultTicketTypes } from '../modules/tickets/index.ts';
import { type Context, inTransaction } from '../platform/db/context.ts';

/** A tenant with its admin and default ticket types, in one transaction. */
export async function createTenantWithDefaults(
  ctx: Context,
  options: Parameters<typeof createTenant>[1],
): Promise<CreatedTenant> {
  return inTransaction(ctx, async (tx) => {
    const created = await createTenant(tx, options);
    await installDefaultTicketTypes(tx, created.tenant.id);
    return created;
  });
}

export type FirstStart = { created: false } | ({ created: true } & CreatedTenant);

/** On an empty database: the default tenant and its admin (password from config, else generated and shown once). */
export async function ensureDefaultTenant(
  ctx: Context,
  options: { name: string; adminEmail: string; adminPassword: string | null },
): Promise<FirstStart> {
  if (await tenantsRepo.first(ctx.db)) return { created: false };
  const created = await createTenantWithDefaults(ctx, {
    name: options.name,
    slug: 'default',
    adminEmail: options.adminEmail,
    adminPassword: options.adminPassword,
  });
  return { created: true, ...created };
}
