import { addBusinessMinutes, businessMillisecondsBetween, type Calendar } from '../calendar/index.ts';
import type { SlaMetric } from './sla-policy.ts';

// One metric's clock while a ticket's history is replayed: it counts business time while running, wall time while
// paused, and remembers the instants it met its target, breached it and passed each warning threshold. All
// instants are epoch milliseconds; the calendar maths is exact to the millisecond.

const MINUTE_MS = 60_000;

export type MetricClock = {
  readonly metric: SlaMetric;
  readonly targetMinutes: number;
  readonly targetMs: number;
  readonly startedAt: number;
  // Warning thresholds in business ms of the target, in the policy's order.
  readonly thresholds: readonly { percent: number; ms: number }[];
  // Business ms counted and wall ms spent paused, both up to `countedUntil`.
  usedMs: number;
  pausedMs: number;
  countedUntil: number;
  paused: boolean;
  metAt: number | null;
  breachedAt: number | null;
  // The due time as seen from `countedUntil`: null while paused. Kept as it was once the clock is met.
  dueAt: number | null;
  // The instant each threshold was reached, or null while it is not reached yet.
  warningsReachedAt: (number | null)[];
  // Where each unreached threshold falls if the clock keeps running from `countedUntil`.
  warningsProjectedAt: (number | null)[];
};

export type StartClockOptions = {
  metric: SlaMetric;
  targetMinutes: number;
  warnAtPercent: readonly number[];
  at: number;
  paused: boolean;
};

// The calendar takes minutes and rounds them to the nearest millisecond. ms / 60 000 × 60 000 comes back within a
// thousandth of a millisecond of ms for any span the calendar accepts (under a century, far below 2^53 / 60 000),
// so the rounding restores exactly the milliseconds asked for.
export function addBusinessMilliseconds(calendar: Calendar, start: Date, ms: number): Date {
  return addBusinessMinutes(calendar, start, ms / MINUTE_MS);
}

export function startClock(options: StartClockOptions): MetricClock {
  const targetMs = Math.round(options.targetMinutes * MINUTE_MS);
  return {
    metric: options.metric,
    targetMinutes: options.targetMinutes,
    targetMs,
    startedAt: options.at,
    thresholds: options.warnAtPercent.map((percent) => ({ percent, ms: Math.round((targetMs * percent) / 100) })),
    usedMs: 0,
    pausedMs: 0,
    countedUntil: options.at,
    paused: options.paused,
    metAt: null,
    breachedAt: null,
    dueAt: null,
    warningsReachedAt: options.warnAtPercent.map(() => null),
    warningsProjectedAt: options.warnAtPercent.map(() => null),
  };
}

// Brings the clock forward to `to`, recording the breach and the warnings passed on the way. A clock is breached
// when its due instant is strictly before `to`: meeting a target exactly at its due time is on time. A met clock
// stands still.
export function advanceClock(clock: MetricClock, calendar: Calendar, to: number): void {
  if (clock.metAt !== null || to < clock.countedUntil) return;
  const from = clock.countedUntil;
  clock.countedUntil = to;
  if (clock.paused) {
    clock.pausedMs += to - from;
    clock.dueAt = null;
    return;
  }
  const fromDate = new Date(from);
  if (clock.breachedAt === null) {
    // Not breached yet means usedMs <= targetMs, so the remainder is never negative.
    const due = addBusinessMilliseconds(calendar, fromDate, clock.targetMs - clock.usedMs).getTime();
    clock.dueAt = due;
    if (due < to) clock.breachedAt = due;
  }
  clock.thresholds.forEach((threshold, index) => {
    if (clock.warningsReachedAt[index] !== null) return;
    const reachedAt = addBusinessMilliseconds(calendar, fromDate, Math.max(0, threshold.ms - clock.usedMs)).getTime();
    clock.warningsProjectedAt[index] = reachedAt;
    if (reachedAt <= to) clock.warningsReachedAt[index] = reachedAt;
  });
  clock.usedMs += businessMillisecondsBetween(calendar, fromDate, new Date(to));
}

export function setClockPaused(clock: MetricClock, calendar: Calendar, at: number, paused: boolean): void {
  advanceClock(clock, calendar, at);
  clock.paused = paused;
}

// Stops the clock for good (until a reopen): its due time and breach stay as they were at `at`.
export function meetClock(clock: MetricClock | undefined, calendar: Calendar, at: number): void {
  if (clock === undefined || clock.metAt !== null) return;
  advanceClock(clock, calendar, at);
  clock.metAt = at;
}

// A reopened clock runs on from `at` with the time it had already used; a breach it had stays on record.
export function reopenClock(clock: MetricClock | undefined, at: number, paused: boolean): void {
  if (clock === undefined || clock.metAt === null) return;
  clock.metAt = null;
  clock.countedUntil = at;
  clock.paused = paused;
}
