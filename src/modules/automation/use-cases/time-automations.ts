import { sql } from 'kysely';
import { type Context, inTransaction } from '../../../platform/db/context.ts';
import type { Logger } from '../../../platform/log/logger.ts';
import { isOpen, ticketCalendar } from '../../sla/index.ts';
import { rulesRepo } from '../automation.repo.ts';
import { type Condition, type Conditions, isEmptyPlan, matches, planActions } from '../rules/index.ts';
import { applyEffects, recordRuleFailure, writeChanges } from './apply-plan.ts';
import { triggerOf } from './run-triggers.ts';
import { loadTicketFacts } from './ticket-facts.ts';

const HOUR_MS = 3_600_000;

/** The least hours an `all` condition on `field` demands (gt/gte), so the database can skip younger tickets. */
function threshold(conditions: Conditions, field: string): number | null {
  let hours: number | null = null;
  for (const condition of (conditions.all ?? []) as Condition[]) {
    if (condition.field !== field || (condition.operator !== 'gt' && condition.operator !== 'gte')) continue;
    if (typeof condition.value === 'number') hours = Math.max(hours ?? 0, condition.value);
  }
  return hours;
}

/**
 * Candidate tickets of one rule: a prefilter from its time conditions (pending for more than N hours, resolved
 * more than N hours ago …) through the ticket indexes, leaving out tickets the rule already acted on in their
 * current state. The rule's full conditions are then matched in code.
 */
async function candidates(ctx: Context, tenantId: string, ruleId: string, conditions: Conditions, now: Date) {
  const before = (hours: number | null) => new Date(now.getTime() - (hours ?? 0) * HOUR_MS);
  const pending = threshold(conditions, 'hoursPending');
  const resolved = threshold(conditions, 'hoursSinceResolved');
  const updated = threshold(conditions, 'hoursSinceUpdated');
  const created = threshold(conditions, 'hoursSinceCreated');
  const filters = [sql`t.tenant_id = ${tenantId}`, sql`t.merged_into_id is null`];
  if (pending !== null)
    filters.push(
      sql`t.status_category = 'pending'`,
      sql`coalesce(t.status_changed_at, t.created_at) <= ${before(pending)}`,
    );
  else if (resolved !== null)
    filters.push(sql`t.status_category = 'resolved'`, sql`t.resolved_at <= ${before(resolved)}`);
  else filters.push(sql`t.status_category <> 'closed'`);
  if (updated !== null) filters.push(sql`t.updated_at <= ${before(updated)}`);
  if (created !== null) filters.push(sql`t.created_at <= ${before(created)}`);
  const rows = await sql<{ id: string; state_key: string }>`select t.id,
        t.status || '@' || coalesce(t.status_changed_at, t.created_at)::text as state_key
      from tickets t
      where ${sql.join(filters, sql` and `)}
        and not exists (select 1 from automation_runs r where r.tenant_id = t.tenant_id and r.rule_id = ${ruleId}
          and r.ticket_id = t.id and r.state_key = t.status || '@' || coalesce(t.status_changed_at, t.created_at)::text)
      order by t.updated_at limit 200`.execute(ctx.db);
  return rows.rows;
}

/**
 * The periodic scan of time-based automations ("pending for more than 48 hours: remind the customer",
 * "resolved for 7 days: close"). Each rule acts at most once per ticket and state: the run is recorded
 * (unique key) in the same transaction as the rule's changes, so several processes never double it.
 */
export async function runTimeAutomations(ctx: Context, options: { publicUrl: string; log: Logger }): Promise<number> {
  const now = ctx.clock.now();
  let acted = 0;
  for (const row of await rulesRepo.activeAutomations(ctx.db)) {
    const rule = triggerOf(row);
    for (const candidate of await candidates(ctx, row.tenant_id, row.id, rule.conditions, now)) {
      try {
        acted += await inTransaction(ctx, async (tx) => {
          const loaded = await loadTicketFacts(tx, row.tenant_id, candidate.id);
          if (!loaded) return 0;
          const calendar = JSON.stringify(rule.conditions).includes('"businessHours"')
            ? await ticketCalendar(tx, row.tenant_id, candidate.id)
            : null;
          const context = { now, ...(calendar ? { isOpen: (at: Date) => isOpen(calendar, at) } : {}) };
          if (!matches(rule.conditions, loaded.facts, null, context)) return 0;
          const claimed = await rulesRepo.claimRun(tx.db, {
            tenant_id: row.tenant_id,
            rule_id: row.id,
            ticket_id: candidate.id,
            state_key: candidate.state_key,
            ran_at: now,
          });
          if (!claimed) return 0;
          const plan = planActions(rule.actions, loaded.facts);
          if (isEmptyPlan(plan)) return 1;
          const actor = { type: 'system' as const, causedBy: [row.id] };
          try {
            await writeChanges(tx, loaded, plan.changes, actor);
            const after = (await loadTicketFacts(tx, row.tenant_id, candidate.id)) ?? loaded;
            await applyEffects(tx, after, plan.effects, {
              actor,
              publicUrl: options.publicUrl,
              causeKey: `${row.tenant_id}:${row.id}:${candidate.id}:${candidate.state_key}`,
            });
          } catch (error) {
            await recordRuleFailure(tx, loaded, row.id, error);
          }
          return 1;
        });
      } catch (error) {
        options.log.error({ err: error, ruleId: row.id, ticketId: candidate.id }, 'time automation failed');
      }
    }
  }
  return acted;
}
