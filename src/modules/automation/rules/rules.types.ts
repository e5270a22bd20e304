// The shapes the rules engine reads and writes. Pure data: no database rows, no clock.

export const PRIORITIES = ['P1', 'P2', 'P3', 'P4'] as const;
export type Priority = (typeof PRIORITIES)[number];

export const STATUS_CATEGORIES = ['new', 'open', 'pending', 'resolved', 'closed'] as const;
export type StatusCategory = (typeof STATUS_CATEGORIES)[number];

export { TICKET_CHANNELS } from '../../tickets/index.ts';

export const RULE_EVENT_TYPES = [
  'ticket.created',
  'ticket.updated',
  'ticket.commented',
  'ticket.status_changed',
  'sla.warning',
  'sla.breach',
  'survey.answered',
] as const;
export type RuleEventType = (typeof RULE_EVENT_TYPES)[number];

/** What a rule sees of a ticket. */
export type TicketFacts = {
  id: string;
  number: string;
  typeKey: string;
  status: string;
  statusCategory: StatusCategory;
  priority: Priority;
  channel: string;
  subject: string;
  description: string;
  tags: string[];
  customFields: Record<string, unknown>;
  customerId: string | null;
  organisationId: string | null;
  assigneeId: string | null;
  teamId: string | null;
  createdAt: Date;
  updatedAt: Date;
  resolvedAt: Date | null;
  pendingSince: Date | null;
};

/** The event a trigger reacts to. */
export type RuleEvent = {
  type: RuleEventType;
  at: Date;
  commentBody?: string;
  commentPublic?: boolean;
  /** Condition field names (`priority`, `tags`, `customField.model` …) the change touched. */
  changedFields?: string[];
  slaMetric?: string;
  /** Ids of the triggers whose actions led to this event, oldest first; empty for a person's or a system's own change. */
  causedBy: string[];
};

export const OPERATORS = [
  'is',
  'isNot',
  'in',
  'notIn',
  'contains',
  'notContains',
  'includes',
  'excludes',
  'isSet',
  'notSet',
  'gt',
  'gte',
  'lt',
  'lte',
  'changed',
] as const;
export type Operator = (typeof OPERATORS)[number];

export type Condition = { field: string; operator: Operator; value?: unknown };
/** Both present: every `all` condition holds and at least one `any` condition does. */
export type Conditions = { all?: Condition[]; any?: Condition[] };

export const CUSTOM_FIELD_KINDS = ['text', 'number', 'select', 'multiselect', 'date', 'checkbox'] as const;
export type CustomFieldKind = (typeof CUSTOM_FIELD_KINDS)[number];
/** A custom field the tenant defines on at least one ticket type. */
export type KnownCustomField = { key: string; kind: CustomFieldKind };
export type CustomFieldValue = string | number | boolean | string[] | null;

export type NotifyRecipient = 'assignee' | 'team' | 'supervisors' | 'requester' | { userId: string };
export type NotifyChannel = 'inApp' | 'email' | 'sms';

export type NotifyAction = { type: 'notify'; to: NotifyRecipient[]; channels?: NotifyChannel[]; template: string };
export type NotifyChannelAction = { type: 'notifyChannel'; channelId: string; template: string };
export type ReplyAction = { type: 'reply'; template: string; public: boolean };
export type WebhookAction = { type: 'webhook'; channelId: string };
export type FollowUpAction = { type: 'followUp'; subject: string; dueInHours?: number };
/** Field dispatch: assign the best eligible engineer now (`auto`), or offer the job to them all (`pool`, 抢单). */
export type DispatchAction = { type: 'dispatch'; mode: 'auto' | 'pool'; expiresInMinutes?: number };
/** An action that does something outside the ticket's own fields. */
export type EffectAction =
  | NotifyAction
  | NotifyChannelAction
  | ReplyAction
  | WebhookAction
  | FollowUpAction
  | DispatchAction;

export type ChangeAction =
  | { type: 'setPriority'; value: Priority }
  | { type: 'setStatus'; value: string }
  | { type: 'assign'; assigneeId?: string | null; teamId?: string | null }
  | { type: 'addTags'; tags: string[] }
  | { type: 'removeTags'; tags: string[] }
  | { type: 'setCustomField'; key: string; value: CustomFieldValue }
  | { type: 'escalateTier' };

export type Action = ChangeAction | EffectAction;
export type ActionType = Action['type'];

/** One change set against the ticket; a key is present only when it changes something. */
export type PlannedChanges = {
  priority?: Priority;
  status?: string;
  assigneeId?: string | null;
  teamId?: string | null;
  /** The full new list. */
  tags?: string[];
  /** Only the keys that change. */
  customFields?: Record<string, CustomFieldValue>;
  escalateTier?: true;
};
export type ActionPlan = { changes: PlannedChanges; effects: EffectAction[] };

export type Trigger = {
  id: string;
  position: number;
  active: boolean;
  events: readonly RuleEventType[];
  conditions: Conditions;
  actions: readonly Action[];
};
export type TriggerFiring = { triggerId: string; plan: ActionPlan };

export type MatchContext = { now: Date; isOpen?: (at: Date) => boolean };
export type TriggerContext = MatchContext & {
  /** The category of a workflow status, so later triggers in a pass see the category a status change leads to. */
  statusCategoryOf?: (status: string) => StatusCategory | undefined;
};
