/** SLA: business calendars, policies, per-ticket clocks, and the warnings and breaches they announce. */

export { isOpen } from './calendar/index.ts';
export { registerSlaPolicyRoutes } from './policies/sla-policies.routes.ts';
export { registerSlaRoutes } from './sla.routes.ts';
export { announceDueSlas, recomputeTicketSla, slaSubscriber, ticketCalendar } from './tracking/track-slas.ts';
export { calendarDue, createCalendar, getCalendar } from './use-cases/calendars.ts';
