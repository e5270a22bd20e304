import { describe, expect, it } from 'vitest';
import { causedByAfter, evaluateTriggers, MAX_TRIGGER_CHAIN, shouldFire } from './evaluate-triggers.ts';
import { applyChanges, isEmptyPlan } from './plan-actions.ts';
import { buildEvent, buildFacts, NOW } from './rules.fixtures.ts';
import type { RuleEvent, TicketFacts, Trigger } from './rules.types.ts';

function buildTrigger(overrides: Partial<Trigger> & Pick<Trigger, 'id'>): Trigger {
  return {
    position: 1,
    active: true,
    events: ['ticket.updated'],
    conditions: {},
    actions: [{ type: 'addTags', tags: ['seen'] }],
    ...overrides,
  };
}

// What the automation job does: write each pass's changes, which raises a new ticket.updated event carrying the
// chain, until a pass changes nothing. Returns every firing in order.
function runChain(triggers: Trigger[], start: TicketFacts, first: RuleEvent): string[] {
  const fired: string[] = [];
  let facts = start;
  let event = first;
  for (let pass = 0; pass < 100; pass++) {
    const firings = evaluateTriggers(triggers, facts, event, { now: NOW });
    fired.push(...firings.map((f) => f.triggerId));
    if (firings.every((f) => isEmptyPlan(f.plan))) break;
    const changedFields = new Set<string>();
    for (const firing of firings) {
      facts = applyChanges(facts, firing.plan.changes);
      for (const key of Object.keys(firing.plan.changes)) changedFields.add(key);
    }
    event = buildEvent({ changedFields: [...changedFields], causedBy: causedByAfter(event, firings) });
  }
  return fired;
}

describe('shouldFire', () => {
  it('fires on an event no trigger caused', () => {
    expect(shouldFire('t1', buildEvent())).toBe(true);
  });

  it('does not fire on an event its own actions led to', () => {
    expect(shouldFire('t1', buildEvent({ causedBy: ['t1'] }))).toBe(false);
    expect(shouldFire('t1', buildEvent({ causedBy: ['t1', 't2'] }))).toBe(false);
    expect(shouldFire('t3', buildEvent({ causedBy: ['t1', 't2'] }))).toBe(true);
  });

  it('fires nothing once the chain holds the most firings allowed', () => {
    const ids = (n: number) => Array.from({ length: n }, (_, i) => `other-${i}`);
    expect(shouldFire('t1', buildEvent({ causedBy: ids(MAX_TRIGGER_CHAIN - 1) }))).toBe(true);
    expect(shouldFire('t1', buildEvent({ causedBy: ids(MAX_TRIGGER_CHAIN) }))).toBe(false);
  });
});

describe('evaluateTriggers', () => {
  const facts = buildFacts({ priority: 'P3', tags: ['空调'] });

  it('returns the firing triggers in position order with their plans', () => {
    const triggers = [
      buildTrigger({ id: 'b', position: 2, actions: [{ type: 'setPriority', value: 'P2' }] }),
      buildTrigger({ id: 'a', position: 1, actions: [{ type: 'addTags', tags: ['a'] }] }),
    ];
    expect(evaluateTriggers(triggers, facts, buildEvent(), { now: NOW })).toEqual([
      { triggerId: 'a', plan: { changes: { tags: ['空调', 'a'] }, effects: [] } },
      { triggerId: 'b', plan: { changes: { priority: 'P2' }, effects: [] } },
    ]);
  });

  it('skips inactive triggers, triggers for other events and triggers whose conditions fail', () => {
    const triggers = [
      buildTrigger({ id: 'off', active: false }),
      buildTrigger({ id: 'created', events: ['ticket.created'] }),
      buildTrigger({ id: 'p1', conditions: { all: [{ field: 'priority', operator: 'is', value: 'P1' }] } }),
      buildTrigger({ id: 'any', events: ['ticket.created', 'ticket.updated'] }),
    ];
    expect(evaluateTriggers(triggers, facts, buildEvent(), { now: NOW }).map((f) => f.triggerId)).toEqual(['any']);
  });

  it('lets a later trigger see the ticket as the earlier ones in the pass changed it', () => {
    const triggers = [
      buildTrigger({
        id: 'refund',
        position: 1,
        events: ['ticket.commented'],
        conditions: { all: [{ field: 'comment', operator: 'contains', value: '退款' }] },
        actions: [
          { type: 'setPriority', value: 'P1' },
          { type: 'addTags', tags: ['退款'] },
        ],
      }),
      buildTrigger({
        id: 'urgent',
        position: 2,
        events: ['ticket.commented'],
        conditions: {
          all: [
            { field: 'priority', operator: 'is', value: 'P1' },
            { field: 'tags', operator: 'includes', value: '退款' },
          ],
        },
        actions: [
          { type: 'setPriority', value: 'P1' },
          { type: 'notify', to: ['supervisors'], template: '退款工单' },
        ],
      }),
    ];
    const event = buildEvent({ type: 'ticket.commented', commentBody: '我要退款' });
    const firings = evaluateTriggers(triggers, facts, event, { now: NOW });
    expect(firings.map((f) => f.triggerId)).toEqual(['refund', 'urgent']);
    // The second trigger's priority is already P1 after the first: only its notification remains.
    expect(firings[1]?.plan).toEqual({
      changes: {},
      effects: [{ type: 'notify', to: ['supervisors'], template: '退款工单' }],
    });
  });

  it('uses the workflow’s category for a status an earlier trigger set', () => {
    const triggers = [
      buildTrigger({ id: 'wait', position: 1, actions: [{ type: 'setStatus', value: 'waiting' }] }),
      buildTrigger({
        id: 'pending',
        position: 2,
        conditions: { all: [{ field: 'statusCategory', operator: 'is', value: 'pending' }] },
      }),
    ];
    const context = { now: NOW, statusCategoryOf: (s: string) => (s === 'waiting' ? ('pending' as const) : undefined) };
    expect(evaluateTriggers(triggers, facts, buildEvent(), context).map((f) => f.triggerId)).toEqual([
      'wait',
      'pending',
    ]);
  });
});

describe('loop cutting across a chain of events', () => {
  it('a trigger that tags the ticket on every update fires once, then stops on its own change', () => {
    const tagger = buildTrigger({ id: 'tagger', actions: [{ type: 'addTags', tags: ['touched'] }] });
    expect(runChain([tagger], buildFacts(), buildEvent())).toEqual(['tagger']);
  });

  it('two triggers undoing each other stop long before the chain cap', () => {
    const up = buildTrigger({
      id: 'up',
      position: 1,
      conditions: { all: [{ field: 'priority', operator: 'is', value: 'P2' }] },
      actions: [{ type: 'setPriority', value: 'P1' }],
    });
    const down = buildTrigger({
      id: 'down',
      position: 2,
      conditions: { all: [{ field: 'priority', operator: 'is', value: 'P1' }] },
      actions: [{ type: 'setPriority', value: 'P2' }],
    });
    // Up and down each fire on the first change and never again: a ping-pong is cut at once.
    const fired = runChain([up, down], buildFacts({ priority: 'P2' }), buildEvent());
    expect(fired).toEqual(['up', 'down']);
    // Ping-pong across passes: up first (on P2), down on up's change, then each finds itself in the chain.
    const across = runChain(
      [
        { ...up, position: 2 },
        { ...down, position: 1 },
      ],
      buildFacts({ priority: 'P2' }),
      buildEvent(),
    );
    expect(across).toEqual(['up', 'down']);
    expect(across.length).toBeLessThanOrEqual(MAX_TRIGGER_CHAIN);
  });

  it('a chain of distinct triggers stops at the cap, one trigger a pass', () => {
    // step-i adds tag s<i> when the ticket has s<i-1>; positions are reversed so each pass fires one trigger.
    const steps = Array.from({ length: 15 }, (_, i) =>
      buildTrigger({
        id: `step-${i + 1}`,
        position: 100 - i,
        conditions: { all: [{ field: 'tags', operator: 'includes', value: `s${i}` }] },
        actions: [{ type: 'addTags', tags: [`s${i + 1}`] }],
      }),
    );
    const fired = runChain(steps, buildFacts({ tags: ['s0'] }), buildEvent());
    expect(fired).toEqual(Array.from({ length: MAX_TRIGGER_CHAIN }, (_, i) => `step-${i + 1}`));
  });

  it('the cap counts the firings of the current pass too', () => {
    const steps = Array.from({ length: 15 }, (_, i) =>
      buildTrigger({
        id: `step-${i + 1}`,
        position: i,
        conditions: { all: [{ field: 'tags', operator: 'includes', value: `s${i}` }] },
        actions: [{ type: 'addTags', tags: [`s${i + 1}`] }],
      }),
    );
    const event = buildEvent({ causedBy: ['earlier-1', 'earlier-2'] });
    const firings = evaluateTriggers(steps, buildFacts({ tags: ['s0'] }), event, { now: NOW });
    expect(firings).toHaveLength(MAX_TRIGGER_CHAIN - 2);
    expect(causedByAfter(event, firings)).toHaveLength(MAX_TRIGGER_CHAIN);
  });
});
