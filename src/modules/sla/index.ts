/** SLA: business calendars and the business-time calculator (policies, clocks and escalation come next). */
export { registerSlaRoutes } from './sla.routes.ts';
export { calendarDue, createCalendar, getCalendar } from './use-cases/calendars.ts';
