/** Tickets: types and workflows, custom fields, the ticket itself, its replies, files, links, merges and timeline. */

export { registerAttachmentRoutes } from './attachments.routes.ts';
export { registerTicketTypeRoutes } from './ticket-types.routes.ts';
export { CHANNELS as TICKET_CHANNELS } from './tickets.contract.ts';
export { TICKET_COLUMNS, type TicketRow, type TicketTypeRow, ticketsRepo, ticketTypesRepo } from './tickets.repo.ts';
export { registerTicketRoutes } from './tickets.routes.ts';
export { ticketView } from './tickets.views.ts';
export { addComment } from './use-cases/comments.ts';
export { type CreateTicketInput, createTicket, searchDocumentOf } from './use-cases/create-ticket.ts';
export { findTickets } from './use-cases/find-tickets.ts';
export { getTimeline } from './use-cases/get-ticket.ts';
export { linkTickets, mergeTickets } from './use-cases/link-and-merge.ts';
export {
  type Actor,
  defaultDueAt,
  loadTicket,
  loadType,
  normaliseTag,
  normaliseTags,
} from './use-cases/ticket-context.ts';
export {
  recordTicketEvents,
  setTicketDue,
  type TicketHistoryEntry,
  ticketHistory,
} from './use-cases/ticket-history.ts';
export { createTicketType, installDefaultTicketTypes } from './use-cases/ticket-types.ts';
export { updateTicket } from './use-cases/update-ticket.ts';
export { DESK_WORKFLOW, FIELD_WORKFLOW, type StatusCategory, stateOf, type Workflow } from './workflow/workflow.ts';
