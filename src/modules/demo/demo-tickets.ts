import type { DemoCategory, DemoCustomer, DemoLanguage, DemoLocation, DemoTicket } from './demo.types.ts';
import { createAssigner } from './demo-assignment.ts';
import { DEMO_CITIES, type DemoCity } from './demo-cities.ts';
import { createdAtSampler } from './demo-created-at.ts';
import { createIsoTimeFormatter } from './demo-iso-time.ts';
import { CATEGORY_TAGS, type DemoIssue, type DemoIssueGroup } from './demo-issues.ts';
import { EN_CONTEXT, EN_ISSUES, EN_REQUEST_DESK, EN_REQUEST_FIELD } from './demo-issues-en.ts';
import { ZH_CONTEXT, ZH_ISSUES, ZH_REQUEST_DESK, ZH_REQUEST_FIELD } from './demo-issues-zh.ts';
import { demoLocation } from './demo-locations.ts';
import { type DemoRandom, skewedIndex, weightedTable } from './demo-random.ts';
import { staffDirectory } from './demo-staff.ts';
import { ageBand, CHANNELS, DESK_STATUSES, FIELD_STATUSES, PRIORITIES, raisePriority } from './demo-ticket-mix.ts';
import { createTimelineWriter } from './demo-timeline.ts';

/** Default share of tickets written in English. */
export const DEMO_ENGLISH_SHARE = 0.15;

export type DemoTicketOptions = {
  count: number;
  /** Tickets point at these by index; must not be empty when count > 0. */
  customers: readonly DemoCustomer[];
  /** Every generated time is before this instant. */
  now: Date;
  /** Creation times spread over this many days before `now`. */
  days: number;
  /** Defaults to `DEMO_ENGLISH_SHARE`. */
  englishShare?: number;
};

/** Every tag a demo ticket can carry. */
export const DEMO_TAGS: readonly string[] = [
  ...new Set(Object.values(CATEGORY_TAGS)),
  '维修',
  '安装',
  '保养',
  '保修期内',
  '保修期外',
  'VIP',
  '投诉',
];

const SERVICE_TAGS = { repair: '维修', install: '安装', maintenance: '保养', support: null } as const;
// Warranty only means something for hardware.
const HARDWARE: ReadonlySet<DemoCategory> = new Set(['hvac', 'elevator', 'water_purifier', 'appliance', 'printer']);

const issueTable = (groups: readonly DemoIssueGroup[], kind: DemoCustomer['kind']) =>
  weightedTable(groups.map((group) => [group, group.weights[kind]] as const));
const ISSUES = {
  zh: { person: issueTable(ZH_ISSUES, 'person'), organization: issueTable(ZH_ISSUES, 'organization') },
  en: { person: issueTable(EN_ISSUES, 'person'), organization: issueTable(EN_ISSUES, 'organization') },
} as const;

const CITY_BY_NAME: ReadonlyMap<string, DemoCity> = new Map(DEMO_CITIES.map((city) => [city.name, city]));

const validate = (options: DemoTicketOptions): void => {
  if (!Number.isInteger(options.count) || options.count < 0) throw new RangeError('count must be an integer >= 0');
  if (!(options.days > 0)) throw new RangeError('days must be > 0');
  if (Number.isNaN(options.now.getTime())) throw new RangeError('now must be a valid date');
  if (options.count > 0 && options.customers.length === 0) throw new RangeError('customers must not be empty');
};

type DescriptionOptions = {
  language: DemoLanguage;
  customerKind: DemoCustomer['kind'];
  field: boolean;
};

const describe = (rng: DemoRandom, issue: DemoIssue, options: DescriptionOptions): string => {
  const { field } = options;
  let text = rng.pick(issue.details);
  if (options.language === 'zh') {
    const contexts = ZH_CONTEXT[options.customerKind];
    if (rng.chance(0.6)) text += rng.pick(field && rng.chance(0.6) ? contexts.visit : contexts.general);
    if (rng.chance(0.5)) text += rng.pick(field ? ZH_REQUEST_FIELD : ZH_REQUEST_DESK);
    return text;
  }
  if (rng.chance(0.6)) text += ` ${rng.pick(field && rng.chance(0.4) ? EN_CONTEXT.visit : EN_CONTEXT.general)}`;
  if (rng.chance(0.5)) text += ` ${rng.pick(field ? EN_REQUEST_FIELD : EN_REQUEST_DESK)}`;
  return text;
};

// Builds tickets one at a time; call in index order for the documented time ordering.
const createTicketBuilder = (rng: DemoRandom, options: DemoTicketOptions): ((index: number) => DemoTicket) => {
  validate(options);
  const now = options.now.getTime();
  const englishShare = options.englishShare ?? DEMO_ENGLISH_SHARE;
  const { customers } = options;
  const staff = staffDirectory();
  const assigner = createAssigner(staff);
  const sampleCreatedAt = createdAtSampler({ now, days: options.days, count: options.count });
  const formatTime = createIsoTimeFormatter();
  const writeTimeline = createTimelineWriter(staff, formatTime);
  // Copied out at exact length, like the timeline, to keep a million tickets lean.
  const tagScratch: string[] = [];

  const siteFor = (customer: DemoCustomer): DemoLocation => {
    // Companies often report from a branch office rather than the registered address.
    if (customer.kind === 'person' || rng.chance(0.7)) return customer.location;
    const city = CITY_BY_NAME.get(customer.location.city);
    return city === undefined ? customer.location : demoLocation(rng, { site: 'office', city });
  };

  return (index) => {
    // A minority of customers raise most tickets.
    const customerIndex = rng.chance(0.4) ? skewedIndex(rng, customers.length, 3) : rng.int(0, customers.length - 1);
    const customer = customers[customerIndex]!;
    const language: DemoLanguage = rng.chance(englishShare) ? 'en' : 'zh';
    const group = rng.weighted(ISSUES[language][customer.kind]);
    const issue = rng.pick(group.issues);
    const field = rng.chance(issue.fieldShare);

    let priority = rng.weighted(PRIORITIES[issue.severity]);
    if (customer.vip && rng.chance(0.4)) priority = raisePriority(priority);
    const complaint = rng.chance(priority === 'P1' || priority === 'P2' ? 0.1 : 0.02);

    tagScratch.length = 0;
    tagScratch.push(group.tag);
    const serviceTag = SERVICE_TAGS[issue.service];
    if (serviceTag !== null) tagScratch.push(serviceTag);
    if (HARDWARE.has(group.category)) {
      const roll = rng.next();
      if (roll < 0.35) tagScratch.push('保修期内');
      else if (roll < 0.5) tagScratch.push('保修期外');
    }
    if (customer.vip) tagScratch.push('VIP');
    if (complaint) tagScratch.push('投诉');
    const tags = tagScratch.slice();

    let subject = issue.subject;
    if (priority === 'P1' && rng.chance(0.5)) subject = language === 'zh' ? `【紧急】${subject}` : `URGENT: ${subject}`;
    else if (complaint && language === 'zh' && rng.chance(0.4)) subject = `【投诉】${subject}`;

    const description = describe(rng, issue, { language, customerKind: customer.kind, field });
    const channel = rng.weighted(CHANNELS[language]);
    const createdAtMs = sampleCreatedAt(rng, index);
    const band = ageBand(now - createdAtMs);
    const createdAt = formatTime(createdAtMs);

    if (field) {
      const location = siteFor(customer);
      const status = rng.weighted(FIELD_STATUSES[band]);
      const assigned = status !== 'new' && (status !== 'cancelled' || rng.chance(0.5));
      const assignment = assigned ? assigner.engineer(rng, location.city, group.category) : null;
      const assignee = assignment?.member ?? null;
      const teamKey = assignment?.teamKey ?? null;
      const dispatcher = teamKey === null ? null : assigner.dispatcherOf(teamKey);
      const request = { language, field, status, createdAt: createdAtMs, now, assignee, dispatcher };
      const comments = writeTimeline(rng, request);
      const lastAt = comments.at(-1)?.createdAt ?? createdAt;
      return {
        type: 'field_service',
        subject,
        description,
        language,
        category: group.category,
        channel,
        priority,
        status,
        tags,
        customerIndex,
        assigneeEmail: assignee?.email ?? null,
        teamKey,
        location,
        createdAt,
        updatedAt: lastAt,
        resolvedAt: status === 'resolved' || status === 'closed' ? lastAt : null,
        comments,
      };
    }

    const status = rng.weighted(DESK_STATUSES[band]);
    const assignment = status === 'new' ? null : assigner.agent(rng, group.category);
    const assignee = assignment?.member ?? null;
    const request = { language, field, status, createdAt: createdAtMs, now, assignee, dispatcher: null };
    const comments = writeTimeline(rng, request);
    const lastAt = comments.at(-1)?.createdAt ?? createdAt;
    return {
      type: 'desk',
      subject,
      description,
      language,
      category: group.category,
      channel,
      priority,
      status,
      tags,
      customerIndex,
      assigneeEmail: assignee?.email ?? null,
      teamKey: assignment?.teamKey ?? null,
      location: null,
      createdAt,
      updatedAt: lastAt,
      resolvedAt: status === 'resolved' || status === 'closed' ? lastAt : null,
      comments,
    };
  };
};

/** `count` tickets, oldest first, spread over the last `days` days with a working-hours peak. */
export const demoTickets = (rng: DemoRandom, options: DemoTicketOptions): DemoTicket[] => {
  const build = createTicketBuilder(rng, options);
  const tickets: DemoTicket[] = [];
  for (let i = 0; i < options.count; i++) tickets.push(build(i));
  return tickets;
};

/** Same tickets as `demoTickets` with the same seed, one at a time, for seeding more than fits in memory. */
export const streamDemoTickets = (
  rng: DemoRandom,
  options: DemoTicketOptions,
): Generator<DemoTicket, void, undefined> => {
  // Built eagerly so bad options throw here, not on the first `next()`.
  const build = createTicketBuilder(rng, options);
  const { count } = options;
  return (function* () {
    for (let i = 0; i < count; i++) yield build(i);
  })();
};
