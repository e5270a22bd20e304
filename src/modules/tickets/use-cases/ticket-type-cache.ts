import type { Context } from '../../../platform/db/context.ts';
import { type TicketTypeRow, ticketTypesRepo } from '../tickets.repo.ts';

// A tenant has a handful of ticket types and changes them rarely, while every create, update and list
// needs them: they are kept in memory for a few seconds. A change made by this process is seen at once;
// one made by another process within TTL_MS. Inside a transaction the database is read, so a use case
// sees its own uncommitted changes.
const TTL_MS = 5_000;
const cache = new Map<string, { at: number; types: TicketTypeRow[] }>();

export async function ticketTypesOf(ctx: Context, tenantId: string): Promise<TicketTypeRow[]> {
  if (ctx.db.isTransaction) return ticketTypesRepo.list(ctx.db, tenantId);
  const hit = cache.get(tenantId);
  const now = Date.now();
  if (hit && now - hit.at < TTL_MS) return hit.types;
  const types = await ticketTypesRepo.list(ctx.db, tenantId);
  if (cache.size > 10_000) cache.clear();
  cache.set(tenantId, { at: now, types });
  return types;
}

export function forgetTicketTypes(tenantId: string): void {
  cache.delete(tenantId);
}
