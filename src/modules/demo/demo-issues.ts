import type { DemoCategory } from './demo.types.ts';

export type DemoSeverity = 'high' | 'normal' | 'low';

// Which service tag the ticket gets; 'support' adds none.
export type DemoService = 'repair' | 'install' | 'maintenance' | 'support';

// One kind of problem a customer reports, with the ways they tend to describe it.
export type DemoIssue = {
  readonly subject: string;
  // Opening sentences for the description; one is drawn per ticket.
  readonly details: readonly string[];
  readonly severity: DemoSeverity;
  readonly service: DemoService;
  // Probability that the ticket becomes a field service visit rather than a desk ticket.
  readonly fieldShare: number;
};

export type DemoIssueGroup = {
  readonly category: DemoCategory;
  // The tag every ticket in the group carries.
  readonly tag: string;
  // Relative share among tickets from people (homes) and from organisations (offices, buildings).
  readonly weights: { readonly person: number; readonly organization: number };
  readonly issues: readonly DemoIssue[];
};

// Extra sentences for a description: `general` fits any ticket, `visit` only one that needs a visit.
export type DemoContexts = {
  readonly general: readonly string[];
  readonly visit: readonly string[];
};

type IssueShape = Pick<DemoIssue, 'severity' | 'service' | 'fieldShare'>;

// Keeps the catalogues to one line of metadata per issue.
export const issue = (subject: string, shape: IssueShape, ...details: string[]): DemoIssue => ({
  subject,
  details,
  ...shape,
});

/** Every category, in a fixed order. */
export const DEMO_CATEGORIES: readonly DemoCategory[] = [
  'hvac',
  'elevator',
  'printer',
  'network',
  'it',
  'water_purifier',
  'appliance',
];

export const CATEGORY_TAGS: Readonly<Record<DemoCategory, string>> = {
  hvac: '空调',
  elevator: '电梯',
  printer: 'printer',
  network: 'network',
  it: 'IT',
  water_purifier: '净水器',
  appliance: '家电',
};
