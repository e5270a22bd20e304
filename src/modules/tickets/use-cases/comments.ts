import type { Context } from '../../../platform/db/context.ts';
import { AppError, validationFailed } from '../../../platform/errors/app-error.ts';
import { newId } from '../../../platform/ids/ids.ts';
import { toTsvectorLiteral } from '../../../platform/search/index.ts';
import { type CommentRow, t, ticketsRepo } from '../tickets.repo.ts';
import { type Actor, loadTicket, recordEvents } from './ticket-context.ts';

export type CommentInput = { body: string; public: boolean; attachmentIds?: string[] };

/** A public reply or an internal note; both join the timeline and the search document. */
export async function addComment(
  ctx: Context,
  options: { tenantId: string; ticketId: string; actor: Actor; input: CommentInput },
): Promise<CommentRow> {
  const { tenantId, actor, input } = options;
  const ticket = await loadTicket(ctx, tenantId, options.ticketId, actor);
  if (ticket.merged_into_id)
    throw new AppError('TICKET_ALREADY_MERGED', 'This ticket was merged into another; reply there');
  if (!input.body.trim()) throw validationFailed('The comment is empty', [{ path: '/body', message: 'is required' }]);
  const attachmentIds = [...new Set(input.attachmentIds ?? [])];
  for (const id of attachmentIds) {
    // Only files already on this ticket can be cited, never another ticket's or tenant's.
    if (!(await ticketsRepo.attachment(ctx.db, tenantId, ticket.id, id))) {
      throw validationFailed(`Attachment ${id} is not on this ticket`, [
        { path: '/attachmentIds', message: `${id} is not on this ticket` },
      ]);
    }
  }
  const now = ctx.clock.now();
  const row: CommentRow = {
    tenant_id: tenantId,
    id: newId(now.getTime()),
    ticket_id: ticket.id,
    author_user_id: actor.type === 'user' ? actor.principal.userId : null,
    author_customer_id: actor.type === 'customer' ? actor.customerId : null,
    body: input.body,
    public: input.public,
    attachment_ids: attachmentIds,
    created_at: now,
  };
  await ticketsRepo.insertComment(ctx.db, row);
  // Position 2: PostgreSQL shifts an appended vector past the last position, so this leaves a gap and
  // a phrase cannot match across the end of the description and the start of the reply.
  await ticketsRepo.appendSearch(ctx.db, tenantId, ticket.id, toTsvectorLiteral(input.body, 2).literal);
  await t(ctx.db)
    .updateTable('tickets')
    .set({ updated_at: now })
    .where('tenant_id', '=', tenantId)
    .where('id', '=', ticket.id)
    .execute();
  await recordEvents(ctx, ticket, actor, [
    {
      type: input.public ? 'comment.public_added' : 'comment.internal_added',
      data: { commentId: row.id, attachmentIds },
    },
  ]);
  return row;
}
