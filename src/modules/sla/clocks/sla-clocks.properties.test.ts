import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  type BusinessCalendar,
  businessMillisecondsBetween,
  type Calendar,
  chinaStandardCalendar,
  isOpen,
  twentyFourSeven,
} from '../calendar/index.ts';
import { addBusinessMilliseconds } from './metric-clock.ts';
import {
  type ClockInput,
  type ClockState,
  computeClocks,
  type HistoryEntry,
  type StatusCategory,
} from './sla-clocks.ts';
import { SLA_METRICS, type SlaTargets } from './sla-policy.ts';

const MINUTE = 60_000;
const DAY = 86_400_000;
const RUNS = { numRuns: 150 };

// A New York office with a Saturday morning and a Thanksgiving holiday: clocks change twice in 2026.
const newYork: BusinessCalendar = {
  timeZone: 'America/New_York',
  weekly: {
    mon: [['08:00', '17:00']],
    tue: [['08:00', '17:00']],
    wed: [['08:00', '17:00']],
    thu: [['08:00', '17:00']],
    fri: [['08:00', '17:00']],
    sat: [['10:00', '14:00']],
    sun: [],
  },
  holidays: ['2026-11-26'],
  workdays: [],
};
const CALENDARS: Calendar[] = [
  chinaStandardCalendar(2026),
  chinaStandardCalendar(2026, { lunchBreak: true }),
  newYork,
  twentyFourSeven,
];

const STATUSES: [string, StatusCategory][] = [
  ['new', 'new'],
  ['open', 'open'],
  ['pending', 'pending'],
  ['pending_customer', 'pending'],
  ['pending_parts', 'pending'],
  ['on_site', 'open'],
  ['resolved', 'resolved'],
  ['closed', 'closed'],
];

// Gaps on a quarter-hour grid land on openings and closings often; arbitrary milliseconds catch the rest.
const gap = fc.oneof(
  fc.integer({ min: 0, max: 4 * 24 * 4 }).map((quarters) => quarters * 15 * MINUTE),
  fc.integer({ min: 0, max: 3 * DAY }),
);
const instant = fc.oneof(
  fc
    .integer({ min: Date.UTC(2026, 0, 1) / (15 * MINUTE), max: Date.UTC(2026, 11, 1) / (15 * MINUTE) })
    .map((quarters) => quarters * 15 * MINUTE),
  fc.integer({ min: Date.UTC(2026, 0, 1), max: Date.UTC(2026, 11, 1) }),
);

type Happening =
  | { kind: 'status'; status: string; category: StatusCategory }
  | { kind: 'agentReply' | 'customerMessage' };
const happening: fc.Arbitrary<Happening> = fc.oneof(
  fc.constantFrom(...STATUSES).map(([status, category]): Happening => ({ kind: 'status', status, category })),
  fc.constantFrom<Happening>({ kind: 'agentReply' }, { kind: 'customerMessage' }),
);

const targetMinutes = fc.integer({ min: 1, max: 3_000 });
const targets: fc.Arbitrary<SlaTargets> = fc.record(
  { firstResponse: targetMinutes, nextUpdate: targetMinutes, onSite: targetMinutes, resolution: targetMinutes },
  { requiredKeys: [] },
);

type Scenario = { input: ClockInput; lastEntryAt: number };

const scenario: fc.Arbitrary<Scenario> = fc
  .record({
    calendar: fc.constantFrom(...CALENDARS),
    start: instant,
    initial: fc.constantFrom(...STATUSES),
    steps: fc.array(fc.tuple(gap, happening), { maxLength: 12 }),
    targets,
    warnAtPercent: fc
      .uniqueArray(fc.integer({ min: 1, max: 99 }), { maxLength: 3 })
      .map((p) => p.sort((a, b) => a - b)),
    isField: fc.boolean(),
    tail: gap,
  })
  .map(({ calendar, start, initial, steps, targets, warnAtPercent, isField, tail }) => {
    const history: HistoryEntry[] = [
      { at: new Date(start), kind: 'created', status: initial[0], category: initial[1] },
    ];
    let at = start;
    for (const [wait, next] of steps) {
      at += wait;
      history.push({ ...next, at: new Date(at) });
    }
    const input: ClockInput = {
      targets,
      calendar,
      warnAtPercent,
      pauseStatuses: ['pending', 'pending_customer', 'pending_parts'],
      isField,
      history,
      now: new Date(at + tail),
    };
    return { input, lastEntryAt: at };
  });

const byMetric = (clocks: ClockState[]): Map<string, ClockState> => new Map(clocks.map((c) => [c.metric, c]));
const time = (date: Date | null): number | null => date?.getTime() ?? null;

describe('SLA clock properties', () => {
  it('never puts a due time or a warning inside a closed period of the calendar', () => {
    fc.assert(
      fc.property(scenario, ({ input }) => {
        for (const clock of computeClocks(input)) {
          const instants = [clock.dueAt, ...clock.warnings.map((w) => w.at)].filter((d): d is Date => d !== null);
          for (const due of instants) {
            // Open then, or the instant it has just closed (a due time at 18:00 sharp).
            const openOrJustClosed = isOpen(input.calendar, due) || isOpen(input.calendar, new Date(due.getTime() - 1));
            expect(openOrJustClosed).toBe(true);
          }
        }
      }),
      RUNS,
    );
  });

  it('never makes a due time earlier when a pause lasts longer', () => {
    fc.assert(
      fc.property(scenario, gap, gap, gap, ({ input, lastEntryAt }, wait, shorter, extra) => {
        const withPause = (length: number): Map<string, ClockState> => {
          const pausedAt = lastEntryAt + wait;
          const resumedAt = pausedAt + length;
          return byMetric(
            computeClocks({
              ...input,
              history: [
                ...input.history,
                { at: new Date(pausedAt), kind: 'status', status: 'pending_customer', category: 'pending' },
                { at: new Date(resumedAt), kind: 'status', status: 'open', category: 'open' },
              ],
              now: new Date(resumedAt),
            }),
          );
        };
        const short = withPause(shorter);
        const long = withPause(shorter + extra);
        for (const [metric, clock] of short) {
          const a = time(clock.dueAt);
          const b = time(long.get(metric)?.dueAt ?? null);
          if (a !== null && b !== null) expect(b).toBeGreaterThanOrEqual(a);
        }
      }),
      RUNS,
    );
  });

  it('never makes a due time earlier, or a breach likelier, for a larger target', () => {
    fc.assert(
      fc.property(scenario, fc.integer({ min: 0, max: 2_000 }), ({ input }, more) => {
        const larger: SlaTargets = {};
        for (const metric of SLA_METRICS) {
          const minutes = input.targets[metric];
          if (minutes !== undefined) larger[metric] = minutes + more;
        }
        const small = byMetric(computeClocks(input));
        const large = byMetric(computeClocks({ ...input, targets: larger }));
        for (const [metric, clock] of small) {
          const other = large.get(metric);
          expect(time(other?.metAt ?? null)).toBe(time(clock.metAt));
          if (other?.breachedAt != null) expect(clock.breachedAt).not.toBeNull();
          const a = time(clock.dueAt);
          const b = time(other?.dueAt ?? null);
          if (a !== null && b !== null) expect(b).toBeGreaterThanOrEqual(a);
        }
      }),
      RUNS,
    );
  });

  it('never changes a met or breached instant already in the past when recomputed later', () => {
    fc.assert(
      fc.property(scenario, gap, ({ input }, later) => {
        const before = computeClocks(input);
        const after = byMetric(computeClocks({ ...input, now: new Date(input.now.getTime() + later) }));
        for (const clock of before) {
          const again = after.get(clock.metric);
          expect(time(again?.startedAt ?? null)).toBe(time(clock.startedAt));
          if (clock.metAt !== null) expect(time(again?.metAt ?? null)).toBe(time(clock.metAt));
          if (clock.breachedAt !== null) expect(time(again?.breachedAt ?? null)).toBe(time(clock.breachedAt));
        }
      }),
      RUNS,
    );
  });

  it('never counts more used and paused time than has passed', () => {
    fc.assert(
      fc.property(scenario, ({ input }) => {
        for (const clock of computeClocks(input)) {
          const elapsed = (clock.metAt ?? input.now).getTime() - clock.startedAt.getTime();
          expect(clock.usedMs).toBeGreaterThanOrEqual(0);
          expect(clock.pausedMs).toBeGreaterThanOrEqual(0);
          expect(clock.usedMs + clock.pausedMs).toBeLessThanOrEqual(elapsed);
          if (input.calendar === twentyFourSeven && clock.metric === 'firstResponse')
            expect(clock.usedMs).toBe(elapsed);
        }
      }),
      RUNS,
    );
  });

  it('leaves a running clock exactly its remaining business time until its due time', () => {
    fc.assert(
      fc.property(scenario, ({ input }) => {
        for (const clock of computeClocks(input)) {
          if (clock.status !== 'running' || clock.dueAt === null) continue;
          const remaining = businessMillisecondsBetween(input.calendar, input.now, clock.dueAt);
          expect(remaining).toBe(clock.targetMinutes * MINUTE - clock.usedMs);
        }
      }),
      RUNS,
    );
  });
});

describe('addBusinessMilliseconds', () => {
  it('adds exactly the milliseconds asked for', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...CALENDARS),
        instant,
        fc.integer({ min: 1, max: 400 * DAY }),
        (calendar, start, ms) => {
          const due = addBusinessMilliseconds(calendar, new Date(start), ms);
          expect(businessMillisecondsBetween(calendar, new Date(start), due)).toBe(ms);
          expect(isOpen(calendar, new Date(due.getTime() - 1))).toBe(true);
        },
      ),
      RUNS,
    );
  });
});
