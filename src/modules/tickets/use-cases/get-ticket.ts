import type { Context } from '../../../platform/db/context.ts';
import { AppError } from '../../../platform/errors/app-error.ts';
import { loadTicketDetail } from '../tickets.detail.repo.ts';
import { attachmentView, commentView, eventView } from '../tickets.views.ts';
import type { Actor } from './ticket-context.ts';
import { canSee } from './ticket-context.ts';

/** The ticket's timeline: every recorded change, with the full reply or note where one was added. */
export async function getTimeline(ctx: Context, tenantId: string, ticketId: string, actor: Actor) {
  const detail = await loadTicketDetail(ctx.db, tenantId, ticketId);
  if (!detail || !canSee(actor, detail.ticket)) throw new AppError('TICKET_NOT_FOUND', 'Ticket not found');
  const { ticket, events, comments, attachments, links, mergedFrom } = detail;
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
