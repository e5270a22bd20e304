import type { DemoChannel, DemoDeskStatus, DemoFieldStatus, DemoLanguage, DemoPriority } from './demo.types.ts';
import type { DemoSeverity } from './demo-issues.ts';
import { type DemoRandom, type WeightedTable, weightedTable } from './demo-random.ts';

// How often each value turns up. Tuned by eye against what a mid-sized Chinese service desk sees.

export const CHANNELS: Readonly<Record<DemoLanguage, WeightedTable<DemoChannel>>> = {
  zh: weightedTable<DemoChannel>([
    ['phone', 26],
    ['wecom', 14],
    ['wechat', 14],
    ['web', 14],
    ['email', 12],
    ['dingtalk', 7],
    ['api', 8],
    ['sms', 5],
  ]),
  // Foreign offices write in by mail and portal far more than by phone or chat apps.
  en: weightedTable<DemoChannel>([
    ['email', 40],
    ['web', 28],
    ['phone', 10],
    ['api', 10],
    ['wecom', 6],
    ['dingtalk', 3],
    ['wechat', 2],
    ['sms', 1],
  ]),
};

export const PRIORITIES: Readonly<Record<DemoSeverity, WeightedTable<DemoPriority>>> = {
  high: weightedTable<DemoPriority>([
    ['P1', 50],
    ['P2', 35],
    ['P3', 15],
  ]),
  normal: weightedTable<DemoPriority>([
    ['P1', 2],
    ['P2', 14],
    ['P3', 66],
    ['P4', 18],
  ]),
  low: weightedTable<DemoPriority>([
    ['P2', 3],
    ['P3', 52],
    ['P4', 45],
  ]),
};

const HIGHER: Readonly<Record<DemoPriority, DemoPriority>> = { P1: 'P1', P2: 'P1', P3: 'P2', P4: 'P3' };

// VIP customers get bumped a level now and then.
export const raisePriority = (priority: DemoPriority): DemoPriority => HIGHER[priority];

const MINUTE_MS = 60_000;
const HOUR_MS = 60 * MINUTE_MS;
const DAY_MS = 24 * HOUR_MS;

// 0 = just in (always new), 1 = today, 2 = this week, 3 = last fortnight, 4 = older.
export type AgeBand = 0 | 1 | 2 | 3 | 4;

export const ageBand = (ageMs: number): AgeBand => {
  if (ageMs < 10 * MINUTE_MS) return 0;
  if (ageMs < 4 * HOUR_MS) return 1;
  if (ageMs < 2 * DAY_MS) return 2;
  if (ageMs < 14 * DAY_MS) return 3;
  return 4;
};

type StatusTables<S> = readonly [
  WeightedTable<S>,
  WeightedTable<S>,
  WeightedTable<S>,
  WeightedTable<S>,
  WeightedTable<S>,
];

// Older tickets are mostly finished; a few linger waiting on the customer or on parts.
export const DESK_STATUSES: StatusTables<DemoDeskStatus> = [
  weightedTable<DemoDeskStatus>([['new', 1]]),
  weightedTable<DemoDeskStatus>([
    ['new', 40],
    ['open', 42],
    ['pending', 10],
    ['resolved', 8],
  ]),
  weightedTable<DemoDeskStatus>([
    ['new', 8],
    ['open', 37],
    ['pending', 25],
    ['resolved', 24],
    ['closed', 6],
  ]),
  weightedTable<DemoDeskStatus>([
    ['new', 1],
    ['open', 10],
    ['pending', 12],
    ['resolved', 30],
    ['closed', 47],
  ]),
  weightedTable<DemoDeskStatus>([
    ['open', 2],
    ['pending', 3],
    ['resolved', 8],
    ['closed', 87],
  ]),
];

export const FIELD_STATUSES: StatusTables<DemoFieldStatus> = [
  weightedTable<DemoFieldStatus>([['new', 1]]),
  weightedTable<DemoFieldStatus>([
    ['new', 35],
    ['dispatched', 28],
    ['accepted', 15],
    ['en_route', 9],
    ['on_site', 6],
    ['in_service', 5],
    ['cancelled', 2],
  ]),
  weightedTable<DemoFieldStatus>([
    ['new', 5],
    ['dispatched', 12],
    ['accepted', 14],
    ['en_route', 6],
    ['on_site', 4],
    ['in_service', 7],
    ['pending_parts', 10],
    ['pending_customer', 8],
    ['resolved', 23],
    ['closed', 7],
    ['cancelled', 4],
  ]),
  weightedTable<DemoFieldStatus>([
    ['dispatched', 2],
    ['accepted', 2],
    ['in_service', 2],
    ['pending_parts', 8],
    ['pending_customer', 4],
    ['resolved', 25],
    ['closed', 50],
    ['cancelled', 7],
  ]),
  weightedTable<DemoFieldStatus>([
    ['pending_parts', 1],
    ['resolved', 6],
    ['closed', 86],
    ['cancelled', 7],
  ]),
];

const COMMENT_COUNTS = weightedTable([
  [1, 25],
  [2, 25],
  [3, 20],
  [4, 14],
  [5, 9],
  [6, 7],
] as const);

// Follow-ups on a ticket: none or a nudge from the customer while new, otherwise 1–6.
export const commentCount = (rng: DemoRandom, isNew: boolean): number => {
  if (isNew) return rng.chance(0.2) ? 1 : 0;
  return rng.weighted(COMMENT_COUNTS);
};
