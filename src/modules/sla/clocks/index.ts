/**
 * SLA policies and clocks as pure functions: no database, no I/O, no clock of their own (`now` is passed in).
 *
 * A policy says which tickets it covers, which calendar counts its minutes and the target for each metric;
 * `choosePolicy` picks the one for a ticket. `computeClocks` replays a ticket's history against those targets and
 * answers, for each metric, whether it is running, paused, met or breached, its due time and its warnings.
 * The rules are written out at the top of sla-clocks.ts.
 */

/** Adds business milliseconds exactly (the calendar's own API takes minutes). */
export { addBusinessMilliseconds } from './metric-clock.ts';

/** The clock engine: a ticket's history in, the state of each targeted metric out. */
export {
  type ClockInput,
  type ClockState,
  type ClockStatus,
  type ClockWarning,
  computeClocks,
  type HistoryEntry,
  type StatusCategory,
} from './sla-clocks.ts';
/** Policy types, `checkSlaPolicy` for untrusted bodies (throws VALIDATION_FAILED) and `choosePolicy`. */
export {
  checkSlaPolicy,
  choosePolicy,
  DEFAULT_PAUSE_STATUSES,
  DEFAULT_WARN_AT_PERCENT,
  isSlaMetric,
  matchesConditions,
  PRIORITIES,
  type Priority,
  SLA_METRICS,
  type SlaConditions,
  type SlaMetric,
  type SlaPolicy,
  type SlaPolicyInput,
  type SlaTargets,
  type SlaTicketFacts,
} from './sla-policy.ts';
