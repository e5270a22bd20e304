import { describe, expect, it } from 'vitest';
import { AppError } from '../../../platform/errors/app-error.ts';
import {
  assertTransition,
  checkWorkflow,
  closedStateOf,
  DESK_WORKFLOW,
  FIELD_WORKFLOW,
  type Workflow,
} from './workflow.ts';

function codeOf(fn: () => unknown): string | null {
  try {
    fn();
    return null;
  } catch (error) {
    return error instanceof AppError ? error.code : 'OTHER';
  }
}

describe('workflow state machine', () => {
  it('accepts the built-in desk and field workflows', () => {
    expect(checkWorkflow(DESK_WORKFLOW)).toBe(DESK_WORKFLOW);
    expect(checkWorkflow(FIELD_WORKFLOW)).toBe(FIELD_WORKFLOW);
  });

  it('walks a field work order from new to closed along listed transitions', () => {
    const path = [
      'new',
      'dispatched',
      'accepted',
      'en_route',
      'on_site',
      'in_service',
      'pending_parts',
      'in_service',
      'resolved',
      'closed',
    ];
    for (let i = 1; i < path.length; i++)
      expect(assertTransition(FIELD_WORKFLOW, path[i - 1] as string, path[i] as string).key).toBe(path[i]);
  });

  it('rejects a transition from closed to on_site', () => {
    expect(codeOf(() => assertTransition(FIELD_WORKFLOW, 'closed', 'on_site'))).toBe('INVALID_TRANSITION');
  });

  it('rejects a status the type does not have', () => {
    expect(codeOf(() => assertTransition(DESK_WORKFLOW, 'new', 'on_site'))).toBe('INVALID_TRANSITION');
  });

  it('lets desk tickets reopen after being closed', () => {
    expect(assertTransition(DESK_WORKFLOW, 'closed', 'open').category).toBe('open');
  });

  it('pauses SLA clocks only in the pending states', () => {
    expect(FIELD_WORKFLOW.states.filter((s) => s.pausesSla).map((s) => s.key)).toEqual([
      'pending_customer',
      'pending_parts',
    ]);
  });

  it('refuses workflows with duplicate states, a missing initial state, unknown targets or no end', () => {
    const base: Workflow = {
      initial: 'a',
      states: [
        { key: 'a', name: 'A', category: 'new' },
        { key: 'b', name: 'B', category: 'closed' },
      ],
      transitions: [['a', 'b']],
    };
    expect(codeOf(() => checkWorkflow(base))).toBeNull();
    expect(
      codeOf(() => checkWorkflow({ ...base, states: [...base.states, { key: 'a', name: 'again', category: 'open' }] })),
    ).toBe('VALIDATION_FAILED');
    expect(codeOf(() => checkWorkflow({ ...base, initial: 'z' }))).toBe('VALIDATION_FAILED');
    expect(codeOf(() => checkWorkflow({ ...base, transitions: [['a', 'c']] }))).toBe('VALIDATION_FAILED');
    expect(
      codeOf(() => checkWorkflow({ ...base, states: [{ key: 'a', name: 'A', category: 'new' }], transitions: [] })),
    ).toBe('VALIDATION_FAILED');
    expect(codeOf(() => checkWorkflow({ ...base, states: [{ key: 'Bad Key', name: 'A', category: 'new' }] }))).toBe(
      'VALIDATION_FAILED',
    );
  });

  it('closes merged-away tickets in the first closed state', () => {
    expect(closedStateOf(FIELD_WORKFLOW).key).toBe('closed');
  });
});
