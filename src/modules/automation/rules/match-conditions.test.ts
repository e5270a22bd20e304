import { describe, expect, it } from 'vitest';
import { matches } from './match-conditions.ts';
import { buildEvent, buildFacts, NOW } from './rules.fixtures.ts';
import type { Condition, MatchContext, RuleEvent, TicketFacts } from './rules.types.ts';

const CONTEXT: MatchContext = { now: NOW };

function holds(
  condition: Condition,
  options: { facts?: Partial<TicketFacts>; event?: RuleEvent | null; context?: MatchContext } = {},
): boolean {
  const event = options.event === undefined ? buildEvent() : options.event;
  return matches({ all: [condition] }, buildFacts(options.facts), event, options.context ?? CONTEXT);
}

describe('matches: equality operators', () => {
  it('is and isNot compare enums, ids and keys exactly', () => {
    expect(holds({ field: 'priority', operator: 'is', value: 'P3' })).toBe(true);
    expect(holds({ field: 'priority', operator: 'is', value: 'P1' })).toBe(false);
    expect(holds({ field: 'priority', operator: 'isNot', value: 'P1' })).toBe(true);
    expect(holds({ field: 'status', operator: 'is', value: 'open' })).toBe(true);
    expect(holds({ field: 'statusCategory', operator: 'isNot', value: 'open' })).toBe(false);
    expect(holds({ field: 'type', operator: 'is', value: 'repair' })).toBe(true);
    expect(holds({ field: 'channel', operator: 'is', value: 'wechat' })).toBe(true);
    expect(holds({ field: 'assigneeId', operator: 'is', value: 'agent-1' })).toBe(true);
    expect(holds({ field: 'teamId', operator: 'isNot', value: 'team-1' })).toBe(false);
    expect(holds({ field: 'customerId', operator: 'is', value: 'customer-2' })).toBe(false);
  });

  it('isNot holds for an unset id', () => {
    expect(holds({ field: 'organisationId', operator: 'isNot', value: 'org-1' })).toBe(true);
    expect(holds({ field: 'organisationId', operator: 'is', value: 'org-1' })).toBe(false);
  });

  it('in and notIn look the value up in a list', () => {
    expect(holds({ field: 'priority', operator: 'in', value: ['P1', 'P3'] })).toBe(true);
    expect(holds({ field: 'priority', operator: 'notIn', value: ['P1', 'P3'] })).toBe(false);
    expect(holds({ field: 'statusCategory', operator: 'in', value: ['new', 'pending'] })).toBe(false);
    expect(holds({ field: 'assigneeId', operator: 'notIn', value: ['agent-2'] })).toBe(true);
    expect(holds({ field: 'customField.brand', operator: 'in', value: ['美的', '格力'] })).toBe(true);
    expect(holds({ field: 'customField.units', operator: 'notIn', value: [1, 2] })).toBe(false);
  });

  it('compares custom select, number, checkbox and date values', () => {
    expect(holds({ field: 'customField.brand', operator: 'is', value: '格力' })).toBe(true);
    expect(holds({ field: 'customField.units', operator: 'is', value: 2 })).toBe(true);
    expect(holds({ field: 'customField.warranty', operator: 'is', value: true })).toBe(true);
    expect(holds({ field: 'customField.warranty', operator: 'isNot', value: false })).toBe(true);
    expect(holds({ field: 'customField.visit', operator: 'is', value: '2026-10-09' })).toBe(true);
    expect(holds({ field: 'customField.model', operator: 'is', value: 'KFR-35GW' })).toBe(true);
  });

  it('the event field is the event type, and no event matches no type', () => {
    expect(holds({ field: 'event', operator: 'is', value: 'ticket.updated' })).toBe(true);
    expect(holds({ field: 'event', operator: 'in', value: ['sla.warning', 'sla.breach'] })).toBe(false);
    expect(holds({ field: 'event', operator: 'is', value: 'ticket.updated' }, { event: null })).toBe(false);
  });
});

describe('matches: text operators', () => {
  it('contains is case-insensitive', () => {
    expect(holds({ field: 'description', operator: 'contains', value: 'kfr-35gw' })).toBe(true);
    expect(holds({ field: 'subject', operator: 'contains', value: '不制冷' })).toBe(true);
    expect(holds({ field: 'subject', operator: 'notContains', value: '不制冷' })).toBe(false);
    expect(holds({ field: 'subject', operator: 'notContains', value: '漏水' })).toBe(true);
  });

  it('matches full-width letters against half-width ones', () => {
    expect(holds({ field: 'description', operator: 'contains', value: 'ＫＦＲ' })).toBe(true);
  });

  it('finds Chinese words in the event’s comment', () => {
    const event = buildEvent({ type: 'ticket.commented', commentBody: '师傅还没来，我要退款！', commentPublic: true });
    expect(holds({ field: 'comment', operator: 'contains', value: '退款' }, { event })).toBe(true);
    expect(holds({ field: 'comment', operator: 'notContains', value: '退款' }, { event })).toBe(false);
    expect(holds({ field: 'comment', operator: 'contains', value: '退货' }, { event })).toBe(false);
  });

  it('an event without a comment contains nothing', () => {
    expect(holds({ field: 'comment', operator: 'contains', value: '退款' })).toBe(false);
    expect(holds({ field: 'comment', operator: 'notContains', value: '退款' })).toBe(true);
    expect(holds({ field: 'comment', operator: 'notSet' })).toBe(true);
    expect(holds({ field: 'comment', operator: 'isSet' }, { event: buildEvent({ commentBody: '好' }) })).toBe(true);
  });

  it('contains applies to custom text fields', () => {
    expect(holds({ field: 'customField.model', operator: 'contains', value: '35gw' })).toBe(true);
    expect(holds({ field: 'customField.model', operator: 'notContains', value: '35gw' })).toBe(false);
  });
});

describe('matches: tag operators', () => {
  it('includes holds when the ticket has at least one of the tags', () => {
    expect(holds({ field: 'tags', operator: 'includes', value: 'vip' })).toBe(true);
    expect(holds({ field: 'tags', operator: 'includes', value: ['退货', '空调'] })).toBe(true);
    expect(holds({ field: 'tags', operator: 'includes', value: ['退货', '投诉'] })).toBe(false);
  });

  it('excludes holds when the ticket has none of the tags', () => {
    expect(holds({ field: 'tags', operator: 'excludes', value: '投诉' })).toBe(true);
    expect(holds({ field: 'tags', operator: 'excludes', value: ['投诉', 'vip'] })).toBe(false);
  });

  it('compares tags the way the ticket stores them', () => {
    expect(holds({ field: 'tags', operator: 'includes', value: 'ｖｉｐ' })).toBe(true);
  });

  it('applies to multi-select custom fields', () => {
    expect(holds({ field: 'customField.parts', operator: 'includes', value: '电容' })).toBe(true);
    expect(holds({ field: 'customField.parts', operator: 'excludes', value: ['压缩机'] })).toBe(true);
  });
});

describe('matches: isSet and notSet', () => {
  it('treat null, missing, blank and empty lists as not set', () => {
    expect(holds({ field: 'assigneeId', operator: 'isSet' })).toBe(true);
    expect(holds({ field: 'organisationId', operator: 'notSet' })).toBe(true);
    expect(holds({ field: 'description', operator: 'notSet' }, { facts: { description: '  ' } })).toBe(true);
    expect(holds({ field: 'tags', operator: 'isSet' }, { facts: { tags: [] } })).toBe(false);
    expect(holds({ field: 'customField.units', operator: 'isSet' })).toBe(true);
    expect(holds({ field: 'customField.units', operator: 'notSet' }, { facts: { customFields: {} } })).toBe(true);
  });

  it('never reads a custom field from the object prototype', () => {
    expect(holds({ field: 'customField.constructor', operator: 'isSet' }, { facts: { customFields: {} } })).toBe(false);
  });
});

describe('matches: number and hours operators', () => {
  const hoursAgo = (hours: number) => new Date(NOW.getTime() - hours * 3_600_000);

  it('gt, gte, lt and lte compare hours since the ticket was created', () => {
    const facts = { createdAt: hoursAgo(24) };
    expect(holds({ field: 'hoursSinceCreated', operator: 'gt', value: 24 }, { facts })).toBe(false);
    expect(holds({ field: 'hoursSinceCreated', operator: 'gte', value: 24 }, { facts })).toBe(true);
    expect(holds({ field: 'hoursSinceCreated', operator: 'lt', value: 24 }, { facts })).toBe(false);
    expect(holds({ field: 'hoursSinceCreated', operator: 'lte', value: 24 }, { facts })).toBe(true);
    expect(holds({ field: 'hoursSinceCreated', operator: 'gt', value: 23.5 }, { facts })).toBe(true);
  });

  it('measures updated, resolved and pending hours from the context’s now', () => {
    const facts = { updatedAt: hoursAgo(5), resolvedAt: hoursAgo(72), pendingSince: hoursAgo(49) };
    expect(holds({ field: 'hoursSinceUpdated', operator: 'gte', value: 5 }, { facts, event: null })).toBe(true);
    expect(holds({ field: 'hoursSinceResolved', operator: 'gt', value: 71 }, { facts, event: null })).toBe(true);
    expect(holds({ field: 'hoursPending', operator: 'gt', value: 48 }, { facts, event: null })).toBe(true);
    const later = { now: new Date(NOW.getTime() + 3_600_000) };
    expect(holds({ field: 'hoursSinceUpdated', operator: 'lt', value: 6 }, { facts, context: later })).toBe(false);
  });

  it('a ticket that is not resolved or pending has no such hours, so no comparison holds', () => {
    for (const operator of ['gt', 'gte', 'lt', 'lte'] as const) {
      expect(holds({ field: 'hoursSinceResolved', operator, value: 0 })).toBe(false);
      expect(holds({ field: 'hoursPending', operator, value: 0 })).toBe(false);
    }
  });

  it('compares custom numbers as numbers and custom dates as dates', () => {
    expect(holds({ field: 'customField.units', operator: 'gt', value: 1 })).toBe(true);
    expect(holds({ field: 'customField.units', operator: 'lte', value: 1 })).toBe(false);
    expect(holds({ field: 'customField.visit', operator: 'lt', value: '2026-10-10' })).toBe(true);
    expect(holds({ field: 'customField.visit', operator: 'gte', value: '2026-10-10' })).toBe(false);
  });

  it('a value of an unexpected type does not compare', () => {
    const facts = { customFields: { units: '2' } };
    expect(holds({ field: 'customField.units', operator: 'gt', value: 1 }, { facts })).toBe(false);
    expect(holds({ field: 'customField.units', operator: 'lte', value: 1 }, { facts })).toBe(false);
  });
});

describe('matches: changed', () => {
  it('holds when the event lists the field as changed', () => {
    const event = buildEvent({ changedFields: ['priority', 'customField.units'] });
    expect(holds({ field: 'priority', operator: 'changed' }, { event })).toBe(true);
    expect(holds({ field: 'customField.units', operator: 'changed' }, { event })).toBe(true);
    expect(holds({ field: 'status', operator: 'changed' }, { event })).toBe(false);
    expect(holds({ field: 'priority', operator: 'changed' })).toBe(false);
    expect(holds({ field: 'priority', operator: 'changed' }, { event: null })).toBe(false);
  });
});

describe('matches: businessHours', () => {
  // Open on weekdays 09:00–18:00 UTC, enough for a stub.
  const isOpen = (at: Date) =>
    at.getUTCDay() >= 1 && at.getUTCDay() <= 5 && at.getUTCHours() >= 9 && at.getUTCHours() < 18;
  const thursdayTen = NOW;
  const thursdayNight = new Date('2026-10-08T22:00:00Z');

  it('asks the calendar about the moment of the event', () => {
    const context = { now: thursdayNight, isOpen };
    const event = buildEvent({ at: thursdayTen });
    expect(holds({ field: 'businessHours', operator: 'is', value: 'open' }, { event, context })).toBe(true);
    expect(holds({ field: 'businessHours', operator: 'is', value: 'closed' }, { event, context })).toBe(false);
    expect(holds({ field: 'businessHours', operator: 'isNot', value: 'open' }, { event, context })).toBe(false);
  });

  it('asks about now in a time-based automation', () => {
    const context = { now: thursdayNight, isOpen };
    expect(holds({ field: 'businessHours', operator: 'is', value: 'closed' }, { event: null, context })).toBe(true);
    expect(holds({ field: 'businessHours', operator: 'isNot', value: 'closed' }, { event: null, context })).toBe(false);
  });

  it('holds neither way without a calendar', () => {
    expect(holds({ field: 'businessHours', operator: 'is', value: 'open' })).toBe(false);
    expect(holds({ field: 'businessHours', operator: 'isNot', value: 'open' })).toBe(false);
  });
});

describe('matches: all and any', () => {
  const P1: Condition = { field: 'priority', operator: 'is', value: 'P1' };
  const P3: Condition = { field: 'priority', operator: 'is', value: 'P3' };
  const VIP: Condition = { field: 'tags', operator: 'includes', value: 'vip' };
  const WECHAT: Condition = { field: 'channel', operator: 'is', value: 'wechat' };
  const run = (conditions: Parameters<typeof matches>[0]) => matches(conditions, buildFacts(), buildEvent(), CONTEXT);

  it('no conditions match every ticket', () => {
    expect(run({})).toBe(true);
  });

  it('all needs every condition', () => {
    expect(run({ all: [P3, VIP] })).toBe(true);
    expect(run({ all: [P3, P1] })).toBe(false);
  });

  it('any needs at least one condition', () => {
    expect(run({ any: [P1, VIP] })).toBe(true);
    expect(run({ any: [P1] })).toBe(false);
  });

  it('both together need all of all and one of any', () => {
    expect(run({ all: [P3, WECHAT], any: [P1, VIP] })).toBe(true);
    expect(run({ all: [P3, WECHAT], any: [P1] })).toBe(false);
    expect(run({ all: [P1], any: [VIP] })).toBe(false);
  });
});
