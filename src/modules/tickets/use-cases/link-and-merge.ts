import type { Context } from '../../../platform/db/context.ts';
import { AppError, validationFailed } from '../../../platform/errors/app-error.ts';
import { type LinkRow, type TicketRow, ticketsRepo } from '../tickets.repo.ts';
import { closedStateOf } from '../workflow/workflow.ts';
import { type Actor, loadTicket, loadType, normaliseTags, recordEvents } from './ticket-context.ts';
import { reindexTicket } from './update-ticket.ts';

const INVERSE: Record<LinkRow['kind'], LinkRow['kind']> = {
  related: 'related',
  duplicate: 'duplicate',
  parent: 'child',
  child: 'parent',
};

export async function linkTickets(
  ctx: Context,
  options: { tenantId: string; ticketId: string; otherId: string; kind: LinkRow['kind']; actor: Actor },
): Promise<void> {
  const { tenantId, actor } = options;
  if (options.ticketId === options.otherId)
    throw validationFailed('A ticket cannot be linked to itself', [{ path: '/ticketId', message: 'is this ticket' }]);
  const ticket = await loadTicket(ctx, tenantId, options.ticketId, actor);
  const other = await loadTicket(ctx, tenantId, options.otherId, actor);
  const now = ctx.clock.now();
  await ticketsRepo.insertLinks(ctx.db, [
    { tenant_id: tenantId, ticket_id: ticket.id, linked_id: other.id, kind: options.kind, created_at: now },
    { tenant_id: tenantId, ticket_id: other.id, linked_id: ticket.id, kind: INVERSE[options.kind], created_at: now },
  ]);
  await recordEvents(ctx, ticket, actor, [
    { type: 'ticket.linked', data: { linkedId: other.id, number: other.number, kind: options.kind } },
  ]);
  await recordEvents(ctx, other, actor, [
    { type: 'ticket.linked', data: { linkedId: ticket.id, number: ticket.number, kind: INVERSE[options.kind] } },
  ]);
}

/**
 * Merges `source` into `target`: replies and files move to the target, tags are combined, and the source
 * is closed with a pointer to the target. Both timelines record it.
 */
export async function mergeTickets(
  ctx: Context,
  options: { tenantId: string; sourceId: string; targetId: string; actor: Actor },
): Promise<TicketRow> {
  const { tenantId, actor } = options;
  if (options.sourceId === options.targetId)
    throw validationFailed('A ticket cannot be merged into itself', [{ path: '/targetId', message: 'is this ticket' }]);
  const source = await loadTicket(ctx, tenantId, options.sourceId, actor, { forUpdate: true });
  const target = await loadTicket(ctx, tenantId, options.targetId, actor, { forUpdate: true });
  if (source.merged_into_id) throw new AppError('TICKET_ALREADY_MERGED', `Ticket ${source.number} was already merged`);
  if (target.merged_into_id)
    throw new AppError(
      'TICKET_ALREADY_MERGED',
      `Ticket ${target.number} was merged into another ticket; merge into that one`,
    );
  const now = ctx.clock.now();
  await ticketsRepo.moveComments(ctx.db, tenantId, source.id, target.id);
  await ticketsRepo.moveAttachments(ctx.db, tenantId, source.id, target.id);
  const closed = closedStateOf((await loadType(ctx, tenantId, source.type_id)).workflow);
  await ticketsRepo.update(ctx.db, tenantId, source.id, source.version, {
    merged_into_id: target.id,
    status: closed.key,
    status_category: closed.category,
    closed_at: now,
    updated_at: now,
  });
  const merged = await ticketsRepo.update(ctx.db, tenantId, target.id, target.version, {
    tags: normaliseTags([...target.tags, ...source.tags]),
    updated_at: now,
  });
  if (!merged) throw new AppError('VERSION_MISMATCH', 'The target ticket changed during the merge; retry');
  await reindexTicket(ctx, merged as TicketRow);
  await recordEvents(ctx, source, actor, [{ type: 'ticket.merged', data: { into: target.id, number: target.number } }]);
  await recordEvents(ctx, target, actor, [
    { type: 'ticket.merge_received', data: { from: source.id, number: source.number } },
  ]);
  return merged as TicketRow;
}
