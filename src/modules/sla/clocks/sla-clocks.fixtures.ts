import { chinaStandardCalendar } from '../calendar/index.ts';
import {
  type ClockInput,
  type ClockState,
  computeClocks,
  type HistoryEntry,
  type StatusCategory,
} from './sla-clocks.ts';
import type { SlaMetric } from './sla-policy.ts';

// Test factories for the clock engine: history entries from ISO instants, and an input with sensible defaults.

export const china = chinaStandardCalendar(2026);
export const at = (iso: string): Date => new Date(iso);
export const MINUTE = 60_000;
export const HOUR = 60 * MINUTE;

export const created = (iso: string, status = 'new', category: StatusCategory = 'new'): HistoryEntry => ({
  at: at(iso),
  kind: 'created',
  status,
  category,
});
export const statusChange = (iso: string, status: string, category: StatusCategory): HistoryEntry => ({
  at: at(iso),
  kind: 'status',
  status,
  category,
});
export const agentReply = (iso: string): HistoryEntry => ({ at: at(iso), kind: 'agentReply' });
export const customerMessage = (iso: string): HistoryEntry => ({ at: at(iso), kind: 'customerMessage' });

export function buildClockInput(overrides: Partial<ClockInput> = {}): ClockInput {
  return {
    targets: { resolution: 480 },
    calendar: china,
    warnAtPercent: [75],
    pauseStatuses: ['pending', 'pending_customer', 'pending_parts'],
    isField: false,
    history: [],
    now: at('2026-10-12T09:00:00+08:00'),
    ...overrides,
  };
}

// The clocks by metric, for tests that look at one or two of them.
export function clocksByMetric(overrides: Partial<ClockInput>): Partial<Record<SlaMetric, ClockState>> {
  const byMetric: Partial<Record<SlaMetric, ClockState>> = {};
  for (const clock of computeClocks(buildClockInput(overrides))) byMetric[clock.metric] = clock;
  return byMetric;
}
