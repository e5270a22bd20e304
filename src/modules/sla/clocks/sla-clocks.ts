import { type FieldError, validationFailed } from '../../../platform/errors/app-error.ts';
import type { Calendar } from '../calendar/index.ts';
import { advanceClock, type MetricClock, meetClock, reopenClock, setClockPaused, startClock } from './metric-clock.ts';
import { SLA_METRICS, type SlaMetric, type SlaTargets } from './sla-policy.ts';

// The SLA clocks of one ticket, replayed from its history every time they are needed. Nothing is stored between
// calls, so a new priority or ticket type (new targets) or a corrected calendar is applied by calling again.
//
// What each clock measures:
// - firstResponse starts when the ticket is created and is met by the first public reply from staff. It is never
//   paused: the customer is waiting for a first answer whatever the status says.
// - nextUpdate starts when the customer writes after staff have replied at least once, unless an update clock is
//   already running, and is met by the next staff reply. Only the latest cycle is reported, with the number of
//   cycles breached so far (this one included) in breachedCycles. A message on a resolved or closed ticket starts
//   the cycle only if and when the ticket is reopened, at the reopening instant.
// - onSite exists only for field work orders; it starts at creation and is met the first time the status becomes
//   on_site.
// - resolution starts at creation and is met when the status category becomes resolved or closed. Reopening the
//   ticket (back to new, open or pending) clears the met instant and the clock runs on from the reopening with the
//   business time it had already used. A breach stays on record through a reopen.
// - Resolving or closing a ticket also meets every other clock still running at that instant: nobody owes a first
//   reply, an update or a visit on a finished ticket. Reopening does not restart them.
//
// Pauses and business time:
// - While the status is one of the policy's pause statuses, every clock except firstResponse is paused. Paused
//   time never counts; pausedMs is the wall-clock time a clock spent paused while it was not yet met.
// - Only time when the calendar is open counts (usedMs). The due instant is the first instant by which the target
//   has been counted, so it is an open instant or a closing instant (Friday 18:00), never inside a closed period.
// - A clock is breached when its due instant passes before it is met (or before `now`); meeting it exactly at its
//   due instant is on time. breachedAt is that due instant, and stays the same however late the clock is met.
// - A warning threshold is reached when that share of the target has been counted; while a clock runs the
//   instant is projected, while it is paused it is unknown (null), and a clock met before a threshold never
//   reaches it (null).
// - History after `now` is not yet known and is ignored, so the same history gives the state at any moment.

export type StatusCategory = 'new' | 'open' | 'pending' | 'resolved' | 'closed';

export type HistoryEntry =
  | { at: Date; kind: 'created'; status: string; category: StatusCategory }
  | { at: Date; kind: 'status'; status: string; category: StatusCategory }
  // A public reply by staff.
  | { at: Date; kind: 'agentReply' }
  | { at: Date; kind: 'customerMessage' };

export type ClockInput = {
  targets: SlaTargets;
  calendar: Calendar;
  warnAtPercent: readonly number[];
  pauseStatuses: readonly string[];
  // A field work order: only these have an onSite clock.
  isField: boolean;
  // In time order, beginning with the one `created` entry.
  history: readonly HistoryEntry[];
  now: Date;
};

export type ClockStatus = 'running' | 'paused' | 'met' | 'breached';

export type ClockWarning = { percent: number; at: Date | null };

export type ClockState = {
  metric: SlaMetric;
  targetMinutes: number;
  startedAt: Date;
  status: ClockStatus;
  // Null while paused; for a breached clock, the due instant that was missed; for a met clock, the due instant as
  // it stood when it was met.
  dueAt: Date | null;
  metAt: Date | null;
  breachedAt: Date | null;
  usedMs: number;
  pausedMs: number;
  warnings: ClockWarning[];
  // nextUpdate only.
  breachedCycles?: number;
};

const FINISHED: ReadonlySet<StatusCategory> = new Set(['resolved', 'closed']);
const ON_SITE = 'on_site';

// The state of every targeted metric at `now`, in the order firstResponse, nextUpdate, onSite, resolution.
// nextUpdate is left out until a cycle has started, and onSite for tickets that are not field work orders.
export function computeClocks(input: ClockInput): ClockState[] {
  const history = knownHistory(input);
  const { calendar, targets } = input;
  const now = input.now.getTime();
  const pauseStatuses = new Set(input.pauseStatuses);
  const createdAt = history[0]?.at.getTime() ?? now;

  let paused = false;
  let finished = false;
  let replied = false;
  // The customer has written since the last staff reply, so an update is owed.
  let updateOwed = false;
  let earlierBreachedCycles = 0;

  const start = (metric: SlaMetric, at: number): MetricClock | undefined => {
    const targetMinutes = targets[metric];
    if (targetMinutes === undefined) return undefined;
    // firstResponse ignores pauses, so it never starts paused.
    const startsPaused = metric !== 'firstResponse' && paused;
    return startClock({ metric, targetMinutes, warnAtPercent: input.warnAtPercent, at, paused: startsPaused });
  };
  const firstResponse = start('firstResponse', createdAt);
  const onSite = input.isField ? start('onSite', createdAt) : undefined;
  const resolution = start('resolution', createdAt);
  let nextUpdate: MetricClock | undefined;

  const startUpdateCycle = (at: number): void => {
    // Only the latest cycle is reported; an earlier cycle's breach survives as a count.
    if (nextUpdate?.breachedAt != null) earlierBreachedCycles += 1;
    nextUpdate = start('nextUpdate', at);
  };

  const changeStatus = (at: number, status: string, category: StatusCategory): void => {
    const nowPaused = pauseStatuses.has(status);
    if (nowPaused !== paused) {
      for (const clock of [onSite, resolution, nextUpdate]) {
        if (clock !== undefined) setClockPaused(clock, calendar, at, nowPaused);
      }
      paused = nowPaused;
    }
    if (status === ON_SITE) meetClock(onSite, calendar, at);
    const nowFinished = FINISHED.has(category);
    if (nowFinished && !finished) {
      for (const clock of [firstResponse, nextUpdate, onSite, resolution]) meetClock(clock, calendar, at);
      updateOwed = false;
    } else if (!nowFinished && finished) {
      reopenClock(resolution, at, paused);
      if (updateOwed) startUpdateCycle(at);
    }
    finished = nowFinished;
  };

  for (const entry of history) {
    const at = entry.at.getTime();
    switch (entry.kind) {
      case 'created':
      case 'status':
        changeStatus(at, entry.status, entry.category);
        break;
      case 'agentReply':
        meetClock(firstResponse, calendar, at);
        if (updateOwed) meetClock(nextUpdate, calendar, at);
        replied = true;
        updateOwed = false;
        break;
      case 'customerMessage':
        if (replied && !updateOwed) {
          updateOwed = true;
          if (!finished) startUpdateCycle(at);
        }
        break;
    }
  }

  const clocks: Record<SlaMetric, MetricClock | undefined> = { firstResponse, nextUpdate, onSite, resolution };
  const states: ClockState[] = [];
  for (const metric of SLA_METRICS) {
    const clock = clocks[metric];
    if (clock === undefined) continue;
    advanceClock(clock, calendar, now);
    const state = clockState(clock);
    if (metric === 'nextUpdate') state.breachedCycles = earlierBreachedCycles + (clock.breachedAt === null ? 0 : 1);
    states.push(state);
  }
  return states;
}

function clockState(clock: MetricClock): ClockState {
  const met = clock.metAt !== null;
  const running = !met && !clock.paused;
  let status: ClockStatus = 'running';
  if (clock.breachedAt !== null) status = 'breached';
  else if (met) status = 'met';
  else if (clock.paused) status = 'paused';
  const dueAt = clock.breachedAt ?? (!met && clock.paused ? null : clock.dueAt);
  return {
    metric: clock.metric,
    targetMinutes: clock.targetMinutes,
    startedAt: new Date(clock.startedAt),
    status,
    dueAt: toDate(dueAt),
    metAt: toDate(clock.metAt),
    breachedAt: toDate(clock.breachedAt),
    usedMs: clock.usedMs,
    pausedMs: clock.pausedMs,
    warnings: clock.thresholds.map((threshold, index) => ({
      percent: threshold.percent,
      at: toDate(clock.warningsReachedAt[index] ?? (running ? (clock.warningsProjectedAt[index] ?? null) : null)),
    })),
  };
}

// The history up to `now`, after checking that it is a ticket's history a clock can be replayed from.
function knownHistory(input: ClockInput): readonly HistoryEntry[] {
  const errors: FieldError[] = [];
  if (!isValidDate(input.now)) errors.push({ path: '/now', message: 'now must be a valid date.' });
  for (const metric of SLA_METRICS) {
    const minutes = input.targets[metric];
    if (minutes !== undefined && !(Number.isFinite(minutes) && minutes > 0)) {
      errors.push({ path: `/targets/${metric}`, message: `targets.${metric} must be a positive number of minutes.` });
    }
  }
  input.warnAtPercent.forEach((percent, index) => {
    if (!(Number.isFinite(percent) && percent > 0 && percent < 100)) {
      errors.push({ path: `/warnAtPercent/${index}`, message: 'A warning percentage must lie between 0 and 100.' });
    }
  });
  const first = input.history[0];
  if (first?.kind !== 'created') {
    errors.push({ path: '/history/0', message: 'The history must begin with the ticket being created.' });
  }
  let previous = Number.NEGATIVE_INFINITY;
  input.history.forEach((entry, index) => {
    if (index > 0 && entry.kind === 'created') {
      errors.push({ path: `/history/${index}/kind`, message: 'A ticket is created only once.' });
    }
    if (!isValidDate(entry.at)) {
      errors.push({ path: `/history/${index}/at`, message: 'Each history entry needs a valid date.' });
      return;
    }
    if (entry.at.getTime() < previous) {
      errors.push({ path: `/history/${index}/at`, message: 'The history must be in time order.' });
    }
    previous = entry.at.getTime();
  });
  if (errors.length === 0 && first !== undefined && first.at.getTime() > input.now.getTime()) {
    errors.push({ path: '/now', message: 'now is before the ticket was created.' });
  }
  if (errors.length > 0) {
    throw validationFailed(`The SLA clocks cannot be computed: ${errors[0]?.message ?? 'unknown problem'}`, errors);
  }
  const now = input.now.getTime();
  return input.history.filter((entry) => entry.at.getTime() <= now);
}

function isValidDate(value: unknown): value is Date {
  return value instanceof Date && !Number.isNaN(value.getTime());
}

function toDate(ms: number | null): Date | null {
  return ms === null ? null : new Date(ms);
}
