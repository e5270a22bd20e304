import type { KnownCustomField, RuleEvent, TicketFacts } from './rules.types.ts';

export const CUSTOM_FIELDS: KnownCustomField[] = [
  { key: 'model', kind: 'text' },
  { key: 'units', kind: 'number' },
  { key: 'brand', kind: 'select' },
  { key: 'parts', kind: 'multiselect' },
  { key: 'visit', kind: 'date' },
  { key: 'warranty', kind: 'checkbox' },
];

export const NOW = new Date('2026-10-08T10:00:00Z');
const hoursAgo = (hours: number) => new Date(NOW.getTime() - hours * 3_600_000);

export function buildFacts(overrides: Partial<TicketFacts> = {}): TicketFacts {
  return {
    id: 'ticket-1',
    number: 'T-20261122-1001',
    typeKey: 'repair',
    status: 'open',
    statusCategory: 'open',
    priority: 'P3',
    channel: 'wechat',
    subject: '空调不制冷了',
    description: '客厅空调只吹风，型号 KFR-35GW',
    tags: ['空调', 'vip'],
    customFields: { model: 'KFR-35GW', units: 2, brand: '格力', parts: ['电容'], visit: '2026-10-09', warranty: true },
    customerId: 'customer-1',
    organisationId: null,
    assigneeId: 'agent-1',
    teamId: 'team-1',
    createdAt: hoursAgo(30),
    updatedAt: hoursAgo(5),
    resolvedAt: null,
    pendingSince: null,
    ...overrides,
  };
}

export function buildEvent(overrides: Partial<RuleEvent> = {}): RuleEvent {
  return { type: 'ticket.updated', at: NOW, causedBy: [], ...overrides };
}
