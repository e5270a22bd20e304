import type { FieldError } from '../../../platform/errors/app-error.ts';
import { invalid, pointerToken } from './check-conditions.ts';
import { customFieldKindsOf } from './condition-fields.ts';
import { isFieldValue, isRealDate, isRecord, normaliseTags } from './rule-values.ts';
import {
  type Action,
  type ActionType,
  type CustomFieldKind,
  type DispatchAction,
  type FollowUpAction,
  type KnownCustomField,
  type NotifyAction,
  type NotifyChannel,
  type NotifyRecipient,
  PRIORITIES,
} from './rules.types.ts';

export type ActionCheckContext = {
  /** The tenant's custom fields across all ticket types. */
  customFields: readonly KnownCustomField[];
  /** The names of the `{{variables}}` in a message template that the template engine does not know. */
  checkTemplate: (text: string) => string[];
};

const MAX_ACTIONS = 50;
const MAX_TEMPLATE = 10_000;
const MAX_FOLLOW_UP_HOURS = 24 * 366;

// The properties each action type takes besides `type`.
const PROPERTIES: Readonly<Record<ActionType, readonly string[]>> = {
  setPriority: ['value'],
  setStatus: ['value'],
  assign: ['assigneeId', 'teamId'],
  addTags: ['tags'],
  removeTags: ['tags'],
  setCustomField: ['key', 'value'],
  escalateTier: [],
  notify: ['to', 'channels', 'template'],
  notifyChannel: ['channelId', 'template'],
  reply: ['template', 'public'],
  webhook: ['channelId'],
  followUp: ['subject', 'dueInHours'],
  dispatch: ['mode', 'expiresInMinutes'],
};
const ACTION_TYPES = Object.keys(PROPERTIES);
const isActionType = (value: unknown): value is ActionType =>
  typeof value === 'string' && Object.hasOwn(PROPERTIES, value);

const ROLES = ['assignee', 'team', 'supervisors', 'requester'] as const;
const NOTIFY_CHANNELS: readonly NotifyChannel[] = ['inApp', 'email', 'sms'];

/** Reads one action's properties, noting each problem under the action's path. */
type ActionReader = {
  item: Record<string, unknown>;
  problem: (property: string, message: string) => void;
  context: ActionCheckContext;
};

/**
 * Checks a rule's actions when the rule is saved: at least one, a known type each, only that type's properties,
 * values of the right type, known custom fields, and message templates whose every variable is known. Every
 * problem is reported with a JSON pointer (`/actions/1/template`).
 */
export function checkActions(input: unknown, context: ActionCheckContext): Action[] {
  const base = '/actions';
  if (!Array.isArray(input)) throw invalid('Actions', [{ path: base, message: 'must be a list of actions' }]);
  if (input.length === 0) throw invalid('Actions', [{ path: base, message: 'needs at least one action' }]);
  if (input.length > MAX_ACTIONS)
    throw invalid('Actions', [{ path: base, message: `has more than ${MAX_ACTIONS} actions` }]);
  const errors: FieldError[] = [];
  const actions: Action[] = [];
  input.forEach((item: unknown, index) => {
    const path = `${base}/${index}`;
    if (!isRecord(item)) {
      errors.push({ path, message: 'must be an object with a type' });
      return;
    }
    if (!isActionType(item.type)) {
      errors.push({ path: `${path}/type`, message: `must be one of ${ACTION_TYPES.join(', ')}` });
      return;
    }
    const type = item.type;
    for (const key of Object.keys(item))
      if (key !== 'type' && !PROPERTIES[type].includes(key))
        errors.push({ path: `${path}/${pointerToken(key)}`, message: `is not a property of ${type} actions` });
    const before = errors.length;
    const reader: ActionReader = {
      item,
      context,
      problem: (property, message) => errors.push({ path: property ? `${path}/${property}` : path, message }),
    };
    const action = readAction(type, reader);
    if (errors.length === before) actions.push(action);
  });
  if (errors.length) throw invalid('Actions', errors);
  return actions;
}

// Returns a best-effort action; the caller keeps it only when no problem was noted.
function readAction(type: ActionType, r: ActionReader): Action {
  switch (type) {
    case 'setPriority': {
      const value = PRIORITIES.find((p) => p === r.item.value);
      if (!value) r.problem('value', `must be one of ${PRIORITIES.join(', ')}`);
      return { type, value: value ?? 'P4' };
    }
    case 'setStatus':
      return { type, value: readText(r, 'value', 100) };
    case 'assign':
      return readAssign(r);
    case 'addTags':
    case 'removeTags':
      return { type, tags: readTags(r) };
    case 'setCustomField':
      return readSetCustomField(r);
    case 'escalateTier':
      return { type };
    case 'notify': {
      const action: NotifyAction = { type, to: readRecipients(r), template: readTemplate(r, 'template') };
      if (r.item.channels !== undefined) action.channels = readNotifyChannels(r);
      return action;
    }
    case 'notifyChannel':
      return { type, channelId: readText(r, 'channelId', 200), template: readTemplate(r, 'template') };
    case 'reply': {
      const template = readTemplate(r, 'template');
      if (typeof r.item.public !== 'boolean') r.problem('public', 'must be true (to the customer) or false (internal)');
      return { type, template, public: r.item.public === true };
    }
    case 'webhook':
      return { type, channelId: readText(r, 'channelId', 200) };
    case 'dispatch': {
      const mode = r.item.mode === 'auto' || r.item.mode === 'pool' ? r.item.mode : null;
      if (!mode) r.problem('mode', 'must be auto (assign the best engineer) or pool (offer to all eligible)');
      const action: DispatchAction = { type, mode: mode ?? 'auto' };
      const minutes = r.item.expiresInMinutes;
      if (minutes !== undefined) {
        if (mode !== 'pool') r.problem('expiresInMinutes', 'applies to pool dispatch only');
        else if (typeof minutes !== 'number' || !Number.isInteger(minutes) || minutes < 1 || minutes > 1440)
          r.problem('expiresInMinutes', 'must be whole minutes from 1 to 1440');
        else action.expiresInMinutes = minutes;
      }
      return action;
    }
    case 'followUp': {
      const action: FollowUpAction = { type, subject: readTemplate(r, 'subject', 200) };
      const hours = r.item.dueInHours;
      if (hours !== undefined) {
        if (typeof hours !== 'number' || !Number.isFinite(hours) || hours <= 0 || hours > MAX_FOLLOW_UP_HOURS)
          r.problem('dueInHours', `must be a number of hours above 0 and at most ${MAX_FOLLOW_UP_HOURS}`);
        else action.dueInHours = hours;
      }
      return action;
    }
  }
}

function readText(r: ActionReader, property: string, maxLength: number): string {
  const value = r.item[property];
  if (typeof value === 'string' && value.trim() !== '' && value.length <= maxLength) return value.trim();
  r.problem(property, `must be a non-empty text of at most ${maxLength} characters`);
  return '';
}

function readTemplate(r: ActionReader, property: string, maxLength = MAX_TEMPLATE): string {
  const text = readText(r, property, maxLength);
  if (!text) return text;
  const unknown = [...new Set(r.context.checkTemplate(text))];
  if (unknown.length === 1) r.problem(property, `uses the unknown variable {{${unknown[0]}}}`);
  if (unknown.length > 1)
    r.problem(property, `uses the unknown variables ${unknown.map((v) => `{{${v}}}`).join(', ')}`);
  return text;
}

type AssignAction = Extract<Action, { type: 'assign' }>;

function readAssign(r: ActionReader): AssignAction {
  const action: AssignAction = { type: 'assign' };
  for (const property of ['assigneeId', 'teamId'] as const) {
    const value = r.item[property];
    if (value === undefined) continue;
    if (value === null || (typeof value === 'string' && value.trim() !== '' && value.length <= 200))
      action[property] = value === null ? null : value.trim();
    else r.problem(property, 'must be an id, or null to clear it');
  }
  if (r.item.assigneeId === undefined && r.item.teamId === undefined)
    r.problem('', 'needs an assigneeId, a teamId or both (null clears one)');
  return action;
}

function readTags(r: ActionReader): string[] {
  const tags = r.item.tags;
  if (!Array.isArray(tags) || tags.length === 0 || tags.length > 50) {
    r.problem('tags', 'must be a list of 1 to 50 tags');
    return [];
  }
  for (const [index, tag] of tags.entries()) {
    const normal = typeof tag === 'string' ? normaliseTags([tag])[0] : undefined;
    if (normal === undefined || normal.length > 50)
      r.problem(`tags/${index}`, 'must be a non-empty tag of at most 50 characters');
  }
  return normaliseTags(tags.filter((tag) => typeof tag === 'string'));
}

function readSetCustomField(r: ActionReader): Action {
  const { key, value } = r.item;
  const kinds = typeof key === 'string' ? customFieldKindsOf(key, r.context.customFields) : [];
  if (typeof key !== 'string' || kinds.length === 0) {
    r.problem('key', typeof key === 'string' ? `"${key}" is not a custom field of this tenant` : 'must be a field key');
    return { type: 'setCustomField', key: '', value: null };
  }
  if (value === undefined) r.problem('value', 'is required (null clears the field)');
  else if (value !== null && !kinds.some((kind) => fitsKind(kind, value)))
    r.problem('value', `must be ${kinds.map((kind) => KIND_VALUE[kind]).join(' or ')}, or null to clear it`);
  return { type: 'setCustomField', key, value: isFieldValue(value) ? value : null };
}

const KIND_VALUE: Readonly<Record<CustomFieldKind, string>> = {
  text: 'a text of at most 10,000 characters',
  number: 'a number',
  select: 'one of the field’s options',
  multiselect: 'a list of distinct options',
  date: 'a date as YYYY-MM-DD',
  checkbox: 'true or false',
};

// The options of select fields live on the ticket types; the ticket's own check refuses an unknown option.
function fitsKind(kind: CustomFieldKind, value: unknown): boolean {
  switch (kind) {
    case 'text':
      return typeof value === 'string' && value.length <= 10_000;
    case 'number':
      return typeof value === 'number' && Number.isFinite(value) && Math.abs(value) <= 1e15;
    case 'select':
      return typeof value === 'string' && value.trim() !== '';
    case 'multiselect':
      return (
        Array.isArray(value) &&
        value.every((v) => typeof v === 'string' && v.trim() !== '') &&
        new Set(value).size === value.length
      );
    case 'date':
      return typeof value === 'string' && isRealDate(value);
    case 'checkbox':
      return typeof value === 'boolean';
  }
}

function readRecipients(r: ActionReader): NotifyRecipient[] {
  const to = r.item.to;
  if (!Array.isArray(to) || to.length === 0 || to.length > 20) {
    r.problem('to', `must be a list of 1 to 20 recipients (${ROLES.join(', ')} or {"userId": …})`);
    return [];
  }
  const out: NotifyRecipient[] = [];
  const seen = new Set<string>();
  for (const [index, recipient] of to.entries()) {
    const read = readRecipient(recipient);
    if (!read) {
      r.problem(`to/${index}`, `must be one of ${ROLES.join(', ')} or {"userId": "<id>"}`);
      continue;
    }
    const id = typeof read === 'string' ? read : `user:${read.userId}`;
    if (!seen.has(id)) out.push(read);
    seen.add(id);
  }
  return out;
}

function readRecipient(value: unknown): NotifyRecipient | null {
  const role = ROLES.find((x) => x === value);
  if (role) return role;
  if (!isRecord(value) || Object.keys(value).length !== 1) return null;
  const { userId } = value;
  return typeof userId === 'string' && userId.trim() !== '' && userId.length <= 200 ? { userId: userId.trim() } : null;
}

function readNotifyChannels(r: ActionReader): NotifyChannel[] {
  const channels = r.item.channels;
  if (!Array.isArray(channels) || channels.length === 0) {
    r.problem('channels', `must be a list of ${NOTIFY_CHANNELS.join(', ')}`);
    return [];
  }
  const out: NotifyChannel[] = [];
  for (const [index, value] of channels.entries()) {
    const channel = NOTIFY_CHANNELS.find((c) => c === value);
    if (!channel) r.problem(`channels/${index}`, `must be one of ${NOTIFY_CHANNELS.join(', ')}`);
    else if (!out.includes(channel)) out.push(channel);
  }
  return out;
}
