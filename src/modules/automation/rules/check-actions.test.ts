import { describe, expect, it } from 'vitest';
import { AppError } from '../../../platform/errors/app-error.ts';
import { type ActionCheckContext, checkActions } from './check-actions.ts';
import { CUSTOM_FIELDS } from './rules.fixtures.ts';

const KNOWN_VARIABLES = ['ticket.number', 'ticket.subject', 'customer.name', 'agent.name'];
// A stand-in for the template engine: every {{name}} must be known.
const checkTemplate = (text: string) =>
  [...text.matchAll(/\{\{\s*([^}\s]+)\s*\}\}/g)].map((m) => m[1] ?? '').filter((v) => !KNOWN_VARIABLES.includes(v));
const CONTEXT: ActionCheckContext = { customFields: CUSTOM_FIELDS, checkTemplate };

function problemsOf(input: unknown) {
  try {
    checkActions(input, CONTEXT);
    return [];
  } catch (error) {
    if (!(error instanceof AppError)) throw error;
    expect(error.code).toBe('VALIDATION_FAILED');
    return error.fieldErrors ?? [];
  }
}

describe('checkActions', () => {
  it('accepts every kind of action and returns them cleaned', () => {
    const actions = checkActions(
      [
        { type: 'setPriority', value: 'P1' },
        { type: 'setStatus', value: ' pending ' },
        { type: 'assign', assigneeId: null, teamId: 'team-2' },
        { type: 'addTags', tags: ['投诉', ' 投诉 ', 'ＶＩＰ'] },
        { type: 'removeTags', tags: ['待回访'] },
        { type: 'setCustomField', key: 'units', value: 3 },
        { type: 'setCustomField', key: 'visit', value: null },
        { type: 'escalateTier' },
        {
          type: 'notify',
          to: ['assignee', { userId: 'u-9' }, 'assignee'],
          channels: ['inApp', 'sms'],
          template: '工单 {{ticket.number}} 已升级',
        },
        { type: 'notifyChannel', channelId: 'wecom-ops', template: '{{ticket.subject}}' },
        { type: 'reply', template: '{{customer.name}}您好，已收到', public: true },
        { type: 'webhook', channelId: 'erp' },
        { type: 'followUp', subject: '回访 {{ticket.number}}', dueInHours: 24 },
      ],
      CONTEXT,
    );
    expect(actions).toEqual([
      { type: 'setPriority', value: 'P1' },
      { type: 'setStatus', value: 'pending' },
      { type: 'assign', assigneeId: null, teamId: 'team-2' },
      { type: 'addTags', tags: ['投诉', 'VIP'] },
      { type: 'removeTags', tags: ['待回访'] },
      { type: 'setCustomField', key: 'units', value: 3 },
      { type: 'setCustomField', key: 'visit', value: null },
      { type: 'escalateTier' },
      {
        type: 'notify',
        to: ['assignee', { userId: 'u-9' }],
        channels: ['inApp', 'sms'],
        template: '工单 {{ticket.number}} 已升级',
      },
      { type: 'notifyChannel', channelId: 'wecom-ops', template: '{{ticket.subject}}' },
      { type: 'reply', template: '{{customer.name}}您好，已收到', public: true },
      { type: 'webhook', channelId: 'erp' },
      { type: 'followUp', subject: '回访 {{ticket.number}}', dueInHours: 24 },
    ]);
  });

  it('needs a list with at least one action', () => {
    expect(problemsOf([])).toEqual([{ path: '/actions', message: 'needs at least one action' }]);
    expect(problemsOf({ type: 'escalateTier' })).toEqual([{ path: '/actions', message: 'must be a list of actions' }]);
  });

  it('refuses an unknown type and properties the type does not have', () => {
    expect(problemsOf([{ type: 'delete' }])[0]?.path).toBe('/actions/0/type');
    expect(problemsOf(['escalateTier'])).toEqual([{ path: '/actions/0', message: 'must be an object with a type' }]);
    expect(problemsOf([{ type: 'escalateTier', tier: 2 }])).toEqual([
      { path: '/actions/0/tier', message: 'is not a property of escalateTier actions' },
    ]);
  });

  it('refuses a priority outside P1–P4 and an empty status', () => {
    expect(problemsOf([{ type: 'setPriority', value: 'urgent' }])).toEqual([
      { path: '/actions/0/value', message: 'must be one of P1, P2, P3, P4' },
    ]);
    expect(problemsOf([{ type: 'setStatus', value: '' }])[0]?.path).toBe('/actions/0/value');
  });

  it('refuses an assignment that names nobody', () => {
    expect(problemsOf([{ type: 'assign' }])).toEqual([
      { path: '/actions/0', message: 'needs an assigneeId, a teamId or both (null clears one)' },
    ]);
    expect(problemsOf([{ type: 'assign', assigneeId: 7 }])[0]?.path).toBe('/actions/0/assigneeId');
  });

  it('refuses tags that are not a list of short texts', () => {
    expect(problemsOf([{ type: 'addTags', tags: [] }])[0]?.path).toBe('/actions/0/tags');
    expect(problemsOf([{ type: 'removeTags', tags: ['ok', ' ', 'x'.repeat(51)] }]).map((e) => e.path)).toEqual([
      '/actions/0/tags/1',
      '/actions/0/tags/2',
    ]);
  });

  it('refuses an unknown custom field and a value of the wrong kind', () => {
    expect(problemsOf([{ type: 'setCustomField', key: 'colour', value: 'red' }])).toEqual([
      { path: '/actions/0/key', message: '"colour" is not a custom field of this tenant' },
    ]);
    expect(problemsOf([{ type: 'setCustomField', key: 'units', value: 'three' }])).toEqual([
      { path: '/actions/0/value', message: 'must be a number, or null to clear it' },
    ]);
    expect(problemsOf([{ type: 'setCustomField', key: 'visit', value: '2026-13-01' }])[0]?.path).toBe(
      '/actions/0/value',
    );
    expect(problemsOf([{ type: 'setCustomField', key: 'warranty' }])[0]?.message).toBe(
      'is required (null clears the field)',
    );
  });

  it('refuses a template with an unknown variable, naming it', () => {
    const problems = problemsOf([{ type: 'reply', template: '您好 {{customer.nmae}}', public: false }]);
    expect(problems).toEqual([{ path: '/actions/0/template', message: 'uses the unknown variable {{customer.nmae}}' }]);
    expect(() => checkActions([{ type: 'notifyChannel', channelId: 'c', template: '{{a}} {{b}}' }], CONTEXT)).toThrow(
      'Actions are invalid: /actions/0/template uses the unknown variables {{a}}, {{b}}',
    );
    expect(problemsOf([{ type: 'followUp', subject: '回访 {{ticket.numbr}}' }])[0]?.path).toBe('/actions/0/subject');
  });

  it('refuses bad recipients and notification channels', () => {
    expect(
      problemsOf([{ type: 'notify', to: ['team', 'boss', { userId: '' }], channels: ['fax'], template: 'x' }]).map(
        (e) => e.path,
      ),
    ).toEqual(['/actions/0/to/1', '/actions/0/to/2', '/actions/0/channels/0']);
    expect(problemsOf([{ type: 'notify', to: [], template: 'x' }])[0]?.path).toBe('/actions/0/to');
    expect(problemsOf([{ type: 'notify', to: ['team'] }])[0]?.path).toBe('/actions/0/template');
  });

  it('needs a reply to say whether it is public', () => {
    expect(problemsOf([{ type: 'reply', template: '好的' }])).toEqual([
      { path: '/actions/0/public', message: 'must be true (to the customer) or false (internal)' },
    ]);
  });

  it('refuses a follow-up due in no time', () => {
    expect(problemsOf([{ type: 'followUp', subject: '回访', dueInHours: 0 }])[0]?.path).toBe('/actions/0/dueInHours');
  });

  it('collects the problems of every action', () => {
    expect(
      problemsOf([
        { type: 'setPriority', value: 'P0' },
        { type: 'escalateTier' },
        { type: 'webhook' },
        { type: 'reply', template: '{{nope}}', public: 'yes' },
      ]).map((e) => e.path),
    ).toEqual(['/actions/0/value', '/actions/2/channelId', '/actions/3/template', '/actions/3/public']);
  });
});
