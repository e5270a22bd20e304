import { describe, expect, it } from 'vitest';
import { applyChanges, isEmptyPlan, mergeChanges, planActions } from './plan-actions.ts';
import { buildFacts } from './rules.fixtures.ts';
import type { Action } from './rules.types.ts';

const facts = buildFacts({ priority: 'P3', tags: ['空调', 'vip'], assigneeId: 'agent-1', teamId: 'team-1' });

describe('planActions', () => {
  it('merges actions into one change set where the later action wins', () => {
    const plan = planActions(
      [
        { type: 'setPriority', value: 'P1' },
        { type: 'setPriority', value: 'P2' },
        { type: 'setStatus', value: 'pending' },
        { type: 'assign', assigneeId: 'agent-2' },
        { type: 'assign', teamId: 'team-2' },
      ],
      facts,
    );
    expect(plan).toEqual({
      changes: { priority: 'P2', status: 'pending', assigneeId: 'agent-2', teamId: 'team-2' },
      effects: [],
    });
  });

  it('drops a change that leaves the field as it is', () => {
    const plan = planActions(
      [
        { type: 'setPriority', value: 'P1' },
        { type: 'setPriority', value: 'P3' },
        { type: 'setStatus', value: 'open' },
        { type: 'assign', assigneeId: 'agent-1', teamId: 'team-1' },
        { type: 'addTags', tags: ['vip'] },
        { type: 'setCustomField', key: 'units', value: 2 },
      ],
      facts,
    );
    expect(plan.changes).toEqual({});
    expect(isEmptyPlan(plan)).toBe(true);
  });

  it('clears an assignee with null', () => {
    expect(planActions([{ type: 'assign', assigneeId: null }], facts).changes).toEqual({ assigneeId: null });
  });

  it('composes addTags and removeTags into the full new list', () => {
    const plan = planActions(
      [
        { type: 'addTags', tags: ['投诉', '加急'] },
        { type: 'removeTags', tags: ['vip', '加急'] },
        { type: 'addTags', tags: ['回访'] },
      ],
      facts,
    );
    expect(plan.changes).toEqual({ tags: ['空调', '投诉', '回访'] });
  });

  it('treats removing and re-adding a tag, or adding and removing one, as no change', () => {
    const actions: Action[] = [
      { type: 'removeTags', tags: ['vip'] },
      { type: 'addTags', tags: ['vip', '临时'] },
      { type: 'removeTags', tags: ['临时'] },
    ];
    expect(planActions(actions, facts).changes).toEqual({});
  });

  it('lists only the custom fields that change, the last value winning', () => {
    const plan = planActions(
      [
        { type: 'setCustomField', key: 'units', value: 5 },
        { type: 'setCustomField', key: 'brand', value: '格力' },
        { type: 'setCustomField', key: 'units', value: 4 },
        { type: 'setCustomField', key: 'visit', value: null },
        { type: 'setCustomField', key: 'parts', value: ['电容'] },
      ],
      facts,
    );
    expect(plan.changes).toEqual({ customFields: { units: 4, visit: null } });
  });

  it('keeps an escalation and lists the side effects in order', () => {
    const plan = planActions(
      [
        { type: 'notify', to: ['supervisors'], template: '{{ticket.number}} 升级' },
        { type: 'escalateTier' },
        { type: 'webhook', channelId: 'erp' },
        { type: 'reply', template: '已升级处理', public: true },
        { type: 'followUp', subject: '回访', dueInHours: 48 },
        { type: 'notifyChannel', channelId: 'ops', template: 'x' },
      ],
      facts,
    );
    expect(plan.changes).toEqual({ escalateTier: true });
    expect(plan.effects.map((e) => e.type)).toEqual(['notify', 'webhook', 'reply', 'followUp', 'notifyChannel']);
    expect(isEmptyPlan(plan)).toBe(false);
  });
});

describe('applyChanges', () => {
  it('gives the facts as they will be after the write', () => {
    const next = applyChanges(
      facts,
      { priority: 'P1', status: 'waiting', tags: ['x'], customFields: { units: 9 }, teamId: null },
      (status) => (status === 'waiting' ? 'pending' : undefined),
    );
    expect(next).toMatchObject({
      priority: 'P1',
      status: 'waiting',
      statusCategory: 'pending',
      tags: ['x'],
      teamId: null,
      assigneeId: 'agent-1',
      customFields: { ...facts.customFields, units: 9 },
    });
    expect(facts.priority).toBe('P3');
  });

  it('keeps the category when the workflow is not known', () => {
    expect(applyChanges(facts, { status: 'waiting' }).statusCategory).toBe('open');
  });
});

describe('mergeChanges', () => {
  it('gives the net change of several plans, merging custom fields key by key', () => {
    const merged = mergeChanges(facts, [
      { priority: 'P1', customFields: { units: 5 }, tags: ['空调', 'vip', '投诉'] },
      { priority: 'P3', customFields: { brand: '美的' }, escalateTier: true },
      { assigneeId: null, tags: ['空调', '投诉'] },
    ]);
    expect(merged).toEqual({
      assigneeId: null,
      tags: ['空调', '投诉'],
      customFields: { units: 5, brand: '美的' },
      escalateTier: true,
    });
  });

  it('gives no change for no plans', () => {
    expect(mergeChanges(facts, [])).toEqual({});
  });
});
