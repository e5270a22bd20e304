import type { Context } from '../../../platform/db/context.ts';
import { ticketsRepo } from '../tickets.repo.ts';
import { attachmentView, commentView, eventView } from '../tickets.views.ts';
import type { Actor } from './ticket-context.ts';
import { canSee, loadTicket } from './ticket-context.ts';

/** The ticket's timeline: every recorded change, with the full reply or note where one was added. */
export async function getTimeline(ctx: Context, tenantId: string, ticketId: string, actor: Actor) {
  const ticket = await loadTicket(ctx, tenantId, ticketId, actor);
  const mergedFrom = await ticketsRepo.mergedInto(ctx.db, tenantId, ticket.id);
  const [events, comments, attachments, links] = await Promise.all([
    ticketsRepo.events(ctx.db, tenantId, ticket.id),
    ticketsRepo.comments(ctx.db, tenantId, [ticket.id]),
    ticketsRepo.attachments(ctx.db, tenantId, ticket.id),
    ticketsRepo.links(ctx.db, tenantId, ticket.id),
  ]);
  const byId = new Map(comments.map((c) => [c.id, c]));
  return {
    ticket,
    events: events.map((event) => {
      const commentId = typeof event.data.commentId === 'string' ? event.data.commentId : null;
      const comment = commentId ? byId.get(commentId) : undefined;
      return { ...eventView(event), ...(comment ? { comment: commentView(comment) } : {}) };
    }),
    comments: comments.map(commentView),
    attachments: attachments.map(attachmentView),
    // Linked and merged tickets the caller may not open are left out (engineers see only their own).
    links: links
      .filter((l) => canSee(actor, l))
      .map((l) => ({
        ticketId: l.linked_id,
        kind: l.kind,
        number: l.number,
        subject: l.subject,
        status: l.status,
      })),
    mergedFrom: mergedFrom
      .filter((m) => canSee(actor, m))
      .map((m) => ({ ticketId: m.id, number: m.number, subject: m.subject })),
  };
}
