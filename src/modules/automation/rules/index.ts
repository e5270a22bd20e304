/**
 * Automation rules: the pure engine behind triggers (rules run on ticket events), time-based automations
 * (rules run by a periodic scan) and macros (actions an agent applies by hand). It checks rules when they are
 * saved, matches conditions against a ticket, merges actions into one change set plus side effects, and
 * cuts trigger loops. No database, no clock: the caller passes the ticket's facts, the event and the time.
 */

export { type ActionCheckContext, checkActions } from './check-actions.ts';
export { type ConditionCheckContext, checkConditions } from './check-conditions.ts';
export { causedByAfter, evaluateTriggers, MAX_TRIGGER_CHAIN, shouldFire } from './evaluate-triggers.ts';
export { matches } from './match-conditions.ts';
export { applyChanges, isEmptyPlan, mergeChanges, planActions } from './plan-actions.ts';
export {
  type Action,
  type ActionPlan,
  type ActionType,
  type ChangeAction,
  type Condition,
  type Conditions,
  type CustomFieldKind,
  type CustomFieldValue,
  type DispatchAction,
  type EffectAction,
  type KnownCustomField,
  type MatchContext,
  type NotifyChannel,
  type NotifyRecipient,
  OPERATORS,
  type Operator,
  type PlannedChanges,
  PRIORITIES,
  type Priority,
  RULE_EVENT_TYPES,
  type RuleEvent,
  type RuleEventType,
  STATUS_CATEGORIES,
  type StatusCategory,
  type TicketFacts,
  type Trigger,
  type TriggerContext,
  type TriggerFiring,
} from './rules.types.ts';
