import type { Context } from '../../../platform/db/context.ts';
import { ticketsRepo } from '../tickets.repo.ts';

const MAX_BLOCK = 64;
const BUSY_WITHIN_MS = 2_000;

type Block = { next: number; end: number; size: number; refilledAt: number };

/**
 * Ticket numbers per tenant and day. The counter row is a hot spot: taking one number per create would
 * make every create of a tenant wait on that row lock. A process therefore reserves a block and hands
 * numbers out from memory; the block grows while creates come quickly (up to 64) and falls back to one
 * when they are rare, so a quiet desk sees consecutive numbers and a restart loses at most a few.
 * Inside a caller's transaction a number is taken from the row itself: a block reserved there could be
 * rolled back while this process still hands it out.
 */
export function createTicketNumbers() {
  const blocks = new Map<string, Block>();
  return async function nextNumber(ctx: Context, tenantId: string, day: string): Promise<number> {
    if (ctx.db.isTransaction) return ticketsRepo.reserveNumbers(ctx.db, tenantId, day, 1);
    const key = `${tenantId}:${day}`;
    const block = blocks.get(key);
    if (block && block.next <= block.end) return block.next++;
    const now = Date.now();
    const size = block && now - block.refilledAt < BUSY_WITHIN_MS ? Math.min(block.size * 2, MAX_BLOCK) : 1;
    const end = await ticketsRepo.reserveNumbers(ctx.db, tenantId, day, size);
    if (blocks.size > 10_000) blocks.clear();
    blocks.set(key, { next: end - size + 2, end, size, refilledAt: now });
    return end - size + 1;
  };
}

export type TicketNumbers = ReturnType<typeof createTicketNumbers>;
