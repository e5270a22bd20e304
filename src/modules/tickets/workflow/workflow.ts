import { AppError, validationFailed } from '../../../platform/errors/app-error.ts';

export type StatusCategory = 'new' | 'open' | 'pending' | 'resolved' | 'closed';
export type WorkflowState = { key: string; name: string; category: StatusCategory; pausesSla?: boolean };
export type Workflow = { initial: string; states: WorkflowState[]; transitions: [string, string][] };

const KEY = /^[a-z][a-z0-9_]{0,39}$/;

/** A workflow must name its states once, start in one of them, and only move between states it names. */
export function checkWorkflow(workflow: Workflow): Workflow {
  const keys = new Set<string>();
  workflow.states.forEach((state, index) => {
    if (!KEY.test(state.key))
      throw validationFailed(`State key "${state.key}" must be lowercase letters, digits and _`, [
        { path: `/workflow/states/${index}/key`, message: 'is not a valid key' },
      ]);
    if (keys.has(state.key))
      throw validationFailed(`State "${state.key}" appears twice`, [
        { path: `/workflow/states/${index}/key`, message: 'appears twice' },
      ]);
    keys.add(state.key);
  });
  if (!keys.has(workflow.initial))
    throw validationFailed(`The initial state "${workflow.initial}" is not one of the states`, [
      { path: '/workflow/initial', message: 'is not a state' },
    ]);
  workflow.transitions.forEach(([from, to], index) => {
    if (!keys.has(from) || !keys.has(to))
      throw validationFailed(`Transition ${from} → ${to} names an unknown state`, [
        { path: `/workflow/transitions/${index}`, message: 'names an unknown state' },
      ]);
  });
  if (!workflow.states.some((s) => s.category === 'closed' || s.category === 'resolved')) {
    throw validationFailed('A workflow needs at least one resolved or closed state', [
      { path: '/workflow/states', message: 'has no end state' },
    ]);
  }
  return workflow;
}

export function stateOf(workflow: Workflow, key: string): WorkflowState {
  const state = workflow.states.find((s) => s.key === key);
  if (!state)
    throw new AppError('INVALID_TRANSITION', `"${key}" is not a status of this ticket type`, {
      details: { requested: key, allowed: workflow.states.map((s) => s.key) },
    });
  return state;
}

/** The state machine: an unlisted move is a 409, never a silent change. */
export function assertTransition(workflow: Workflow, from: string, to: string): WorkflowState {
  const target = stateOf(workflow, to);
  if (from === to) return target;
  if (!workflow.transitions.some(([a, b]) => a === from && b === to)) {
    throw new AppError('INVALID_TRANSITION', `A ticket cannot move from ${from} to ${to}`, {
      details: { from, to, allowed: workflow.transitions.filter(([a]) => a === from).map(([, b]) => b) },
    });
  }
  return target;
}

/** The state a merged-away ticket ends in: the first closed state. */
export function closedStateOf(workflow: Workflow): WorkflowState {
  return (
    workflow.states.find((s) => s.category === 'closed') ??
    workflow.states.find((s) => s.category === 'resolved') ??
    stateOf(workflow, workflow.initial)
  );
}

const desk = (key: string, name: string, category: StatusCategory, pausesSla = false): WorkflowState => ({
  key,
  name,
  category,
  ...(pausesSla ? { pausesSla } : {}),
});

export const DESK_WORKFLOW: Workflow = {
  initial: 'new',
  states: [
    desk('new', '新建', 'new'),
    desk('open', '处理中', 'open'),
    desk('pending', '待回复', 'pending', true),
    desk('resolved', '已解决', 'resolved'),
    desk('closed', '已关闭', 'closed'),
  ],
  transitions: [
    ['new', 'open'],
    ['new', 'pending'],
    ['new', 'resolved'],
    ['new', 'closed'],
    ['open', 'pending'],
    ['open', 'resolved'],
    ['open', 'closed'],
    ['pending', 'open'],
    ['pending', 'resolved'],
    ['resolved', 'open'],
    ['resolved', 'closed'],
    ['closed', 'open'],
  ],
};

export const FIELD_WORKFLOW: Workflow = {
  initial: 'new',
  states: [
    desk('new', '新建', 'new'),
    desk('dispatched', '已派单', 'open'),
    desk('accepted', '已接单', 'open'),
    desk('declined', '已拒单', 'open'),
    desk('en_route', '在途', 'open'),
    desk('on_site', '已到达', 'open'),
    desk('in_service', '服务中', 'open'),
    desk('pending_customer', '待客户', 'pending', true),
    desk('pending_parts', '待备件', 'pending', true),
    desk('resolved', '已完工', 'resolved'),
    desk('closed', '已关闭', 'closed'),
    desk('cancelled', '已取消', 'closed'),
  ],
  transitions: [
    ['new', 'dispatched'],
    ['new', 'cancelled'],
    ['dispatched', 'accepted'],
    ['dispatched', 'declined'],
    ['dispatched', 'cancelled'],
    ['declined', 'dispatched'],
    ['declined', 'cancelled'],
    ['accepted', 'en_route'],
    ['accepted', 'dispatched'],
    ['accepted', 'cancelled'],
    ['en_route', 'on_site'],
    ['on_site', 'in_service'],
    ['in_service', 'pending_customer'],
    ['in_service', 'pending_parts'],
    ['in_service', 'resolved'],
    ['pending_customer', 'in_service'],
    ['pending_customer', 'cancelled'],
    ['pending_parts', 'in_service'],
    ['pending_parts', 'dispatched'],
    ['resolved', 'closed'],
    ['resolved', 'in_service'],
    ['closed', 'dispatched'],
  ],
};
