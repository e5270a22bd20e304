// Demo content (src/modules/demo) turned into rows exactly as the app would have written them:
// numbers T-YYYYMMDD-NNNN per China day, status/category from the type's workflow, the timeline
// the use cases append (created, assigned, each status step, each comment) and the search
// document update-ticket's reindex builds (subject, description, tags, replies).
import { pathTo } from '../../src/app/commands/seed-demo.ts';
import { normaliseEmail, normalisePhone } from '../../src/modules/customers/index.ts';
import type { DemoCustomer, DemoRandom, DemoTicket } from '../../src/modules/demo/index.ts';
import { weightedTable } from '../../src/modules/demo/index.ts';
import {
  defaultDueAt,
  searchDocumentOf,
  stateOf,
  TICKET_COLUMNS,
  type Workflow,
} from '../../src/modules/tickets/index.ts';
import { newId } from '../../src/platform/ids/ids.ts';

export const TICKET_COLS = [...TICKET_COLUMNS, 'search'];
export const EVENT_COLS = ['tenant_id', 'ticket_id', 'type', 'actor_type', 'actor_id', 'data', 'created_at'];
export const COMMENT_COLS = [
  'tenant_id',
  'id',
  'ticket_id',
  'author_user_id',
  'author_customer_id',
  'body',
  'public',
  'attachment_ids',
  'created_at',
];
export const CUSTOMER_COLS = [
  'tenant_id',
  'id',
  'kind',
  'name',
  'organisation_id',
  'notes',
  'created_at',
  'updated_at',
  'version',
];
export const CONTACT_COLS = ['tenant_id', 'id', 'customer_id', 'kind', 'value', 'label', 'created_at'];

export type TenantSetup = {
  tenantId: string;
  adminId: string;
  desk: { id: string; workflow: Workflow };
  field: { id: string; workflow: Workflow };
  staffIds: Map<string, string>;
  teamIds: Map<string, string>;
  agentIds: string[];
  engineerIds: string[];
  now: number;
};

// Mostly open work, so the queue has plenty: ~62% of desk and ~57% of field tickets are open.
const DESK_MIX = weightedTable([
  ['new', 18],
  ['open', 30],
  ['pending', 14],
  ['resolved', 14],
  ['closed', 24],
] as const);
const FIELD_MIX = weightedTable([
  ['new', 10],
  ['dispatched', 14],
  ['accepted', 9],
  ['declined', 1],
  ['en_route', 4],
  ['on_site', 3],
  ['in_service', 7],
  ['pending_customer', 4],
  ['pending_parts', 5],
  ['resolved', 12],
  ['closed', 22],
  ['cancelled', 9],
] as const);

const HOUR = 3_600_000;
const CHINA_OFFSET = 8 * HOUR;
// Field tickets already log a long walk through their workflow; keeps the timeline at ~5-6 events.
const MAX_COMMENTS = { desk: 2, field: 1 };

/** China has no daylight saving: the tenant's day is UTC+8. */
export const chinaDay = (ms: number) => new Date(ms + CHINA_OFFSET).toISOString().slice(0, 10);

export type CustomerRows = { customers: unknown[][]; contacts: unknown[][]; ids: string[]; phones: (string | null)[] };

/** Customers and their normalised contact points, as createCustomer stores them. */
export function customerRows(setup: TenantSetup, demo: readonly DemoCustomer[]): CustomerRows {
  const created = new Date(setup.now - 120 * 24 * HOUR);
  const out: CustomerRows = { customers: [], contacts: [], ids: [], phones: [] };
  for (const customer of demo) {
    const id = newId(created.getTime());
    out.ids.push(id);
    out.customers.push([
      setup.tenantId,
      id,
      customer.kind === 'organization' ? 'organisation' : 'person',
      customer.name,
      null,
      '',
      created,
      created,
      1,
    ]);
    const seen = new Set<string>();
    let phone: string | null = null;
    for (const point of customer.contactPoints) {
      let contact: [string, string, string] | null = null;
      if (point.kind === 'mobile' || point.kind === 'landline') {
        const result = normalisePhone(point.value);
        if (result.ok) contact = ['phone', result.e164, result.kind];
        if (result.ok && phone === null) phone = point.value;
      } else if (point.kind === 'email') {
        const result = normaliseEmail(point.value);
        if (result.ok) contact = ['email', result.value, ''];
      } else if (point.value.trim()) {
        contact = ['wecom', point.value.trim(), ''];
      }
      if (!contact || seen.has(`${contact[0]}:${contact[1]}`)) continue;
      seen.add(`${contact[0]}:${contact[1]}`);
      out.contacts.push([setup.tenantId, newId(created.getTime()), id, ...contact, created]);
    }
    out.phones.push(phone);
  }
  return out;
}

type Step = {
  at: number;
  type: string;
  actorType: 'user' | 'customer' | 'system';
  actorId: string | null;
  data: Record<string, unknown>;
};

export type TicketRows = { id: string; ticket: unknown[]; events: unknown[][]; comments: unknown[][]; open: boolean };

/** One demo ticket as rows; `sequence` is its number within its China day. */
export function ticketRows(
  setup: TenantSetup,
  rng: DemoRandom,
  demo: DemoTicket,
  customerId: string | null,
  sequence: number,
): TicketRows {
  const field = demo.type === 'field_service';
  const type = field ? setup.field : setup.desk;
  const status: string = rng.weighted(field ? FIELD_MIX : DESK_MIX);
  const state = stateOf(type.workflow, status);
  const createdAt = Date.parse(demo.createdAt);
  const id = newId(createdAt);
  const number = `T-${chinaDay(createdAt).replaceAll('-', '')}-${String(sequence).padStart(4, '0')}`;

  let assigneeId: string | null = null;
  let teamId: string | null = null;
  if (status !== 'new') {
    assigneeId = demo.assigneeEmail ? (setup.staffIds.get(demo.assigneeEmail) ?? null) : null;
    teamId = demo.teamKey ? (setup.teamIds.get(demo.teamKey) ?? null) : null;
    if (!assigneeId) assigneeId = rng.pick(field ? setup.engineerIds : setup.agentIds);
  }
  const comments = demo.comments
    .filter((c) => status !== 'new' || c.kind === 'customer_reply')
    .slice(0, status === 'new' ? 1 : MAX_COMMENTS[field ? 'field' : 'desk']);
  const lastComment = comments.length ? Date.parse(comments.at(-1)!.createdAt) : createdAt;
  const end = Math.min(setup.now - 1_000, Math.max(lastComment, createdAt + rng.float(0.5, 72) * HOUR));

  const admin = setup.adminId;
  const steps: Step[] = [
    {
      at: createdAt,
      type: 'ticket.created',
      actorType: 'user',
      actorId: admin,
      data: {
        number,
        status: 'new',
        priority: demo.priority,
        channel: demo.channel,
        type: demo.type,
        customerId,
        assigneeId: null,
        teamId: null,
      },
    },
  ];
  const changes: Omit<Step, 'at'>[] = [];
  if (assigneeId)
    changes.push({
      type: 'ticket.assigned',
      actorType: 'user',
      actorId: admin,
      data: { from: { assigneeId: null, teamId: null }, to: { assigneeId, teamId } },
    });
  let from = type.workflow.initial;
  for (const to of pathTo(type.workflow, status)) {
    changes.push({
      type: 'ticket.status_changed',
      actorType: 'user',
      actorId: assigneeId ?? admin,
      data: { from, to, category: stateOf(type.workflow, to).category },
    });
    from = to;
  }
  changes.forEach((change, i) => {
    steps.push({ ...change, at: createdAt + ((end - createdAt) * (i + 1)) / (changes.length + 1) });
  });

  const commentRows: unknown[][] = [];
  for (const comment of comments) {
    const at = Math.max(createdAt + 1, Date.parse(comment.createdAt));
    const commentId = newId(at);
    const byCustomer = comment.kind === 'customer_reply';
    const authorId = byCustomer ? null : (setup.staffIds.get(comment.staffEmail) ?? assigneeId ?? admin);
    commentRows.push([
      setup.tenantId,
      commentId,
      id,
      authorId,
      byCustomer ? customerId : null,
      comment.body,
      comment.kind !== 'internal_note',
      [],
      new Date(at),
    ]);
    steps.push({
      at,
      type: comment.kind === 'internal_note' ? 'comment.internal_added' : 'comment.public_added',
      actorType: byCustomer ? (customerId ? 'customer' : 'system') : 'user',
      actorId: byCustomer ? customerId : authorId,
      data: { commentId, attachmentIds: [] },
    });
  }
  steps.sort((a, b) => a.at - b.at);

  let resolvedAt: Date | null = null;
  let closedAt: Date | null = null;
  for (const step of steps) {
    if (step.type !== 'ticket.status_changed') continue;
    if (step.data.category === 'resolved') resolvedAt = new Date(step.at);
    if (step.data.category === 'closed') closedAt = new Date(step.at);
  }
  const location = field ? demo.location : null;
  const search = searchDocumentOf(
    demo,
    comments.map((c) => c.body),
  );
  const created = new Date(createdAt);
  const ticket = [
    setup.tenantId,
    id,
    number,
    type.id,
    state.key,
    state.category,
    demo.priority,
    demo.channel,
    demo.subject,
    demo.description,
    customerId,
    location?.address ?? null,
    location?.lat ?? null,
    location?.lng ?? null,
    demo.tags,
    '{}',
    assigneeId,
    teamId,
    null,
    defaultDueAt(created, demo.priority),
    admin,
    created,
    new Date(steps.at(-1)!.at),
    resolvedAt,
    closedAt,
    1 + changes.length,
    search,
  ];
  const events = steps.map((s) => [
    setup.tenantId,
    id,
    s.type,
    s.actorType,
    s.actorId,
    JSON.stringify(s.data),
    new Date(s.at),
  ]);
  return {
    id,
    ticket,
    events,
    comments: commentRows,
    open: state.category === 'new' || state.category === 'open' || state.category === 'pending',
  };
}
