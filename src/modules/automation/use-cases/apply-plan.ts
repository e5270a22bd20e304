import type { Context } from '../../../platform/db/context.ts';
import { AppError } from '../../../platform/errors/app-error.ts';
import { newId } from '../../../platform/ids/ids.ts';
import { enqueueJobs, type NewJob } from '../../../platform/jobs/jobs.ts';
import { customersRepo } from '../../customers/index.ts';
import { dispatchByRule } from '../../dispatch/index.ts';
import { teamsRepo, usersRepo } from '../../identity/index.ts';
import {
  type Actor,
  addComment,
  createTicket,
  linkTickets,
  recordTicketEvents,
  updateTicket,
} from '../../tickets/index.ts';
import { type NotificationRow, notificationsRepo } from '../automation.repo.ts';
import { deliverAt, renderTemplate, type TemplateValues } from '../notify/index.ts';
import type { EffectAction, NotifyRecipient, PlannedChanges } from '../rules/index.ts';
import { type LoadedTicket, templateValuesOf } from './ticket-facts.ts';

/** What applying a plan needs besides the ticket: who acts, where links point, and a key for the deliveries. */
export type PlanContext = {
  actor: Actor;
  publicUrl: string;
  /** Stable per cause (event id + rule id): a delivery enqueued twice for one cause is sent once. */
  causeKey: string;
  sla?: { metric?: unknown; dueAt?: unknown };
};

/** The team of the next support tier (L1 → L2 → L3 → L4): the first team, by name, with that tier. */
async function nextTierTeam(ctx: Context, tenantId: string, currentTeamId: string | null): Promise<string | null> {
  const teams = (await teamsRepo.list(ctx.db, tenantId)) as Array<{ id: string; name: string; tier?: number | null }>;
  const current = teams.find((team) => team.id === currentTeamId)?.tier ?? 0;
  const next = teams.filter((team) => (team.tier ?? 0) > current).sort((a, b) => (a.tier ?? 0) - (b.tier ?? 0))[0];
  return next?.id ?? null;
}

/** Writes the planned field changes as one ticket update (timeline and outbox included). */
export async function writeChanges(ctx: Context, loaded: LoadedTicket, changes: PlannedChanges, actor: Actor) {
  const { ticket } = loaded;
  const update: Parameters<typeof updateTicket>[1]['changes'] = {};
  if (changes.priority !== undefined) update.priority = changes.priority;
  if (changes.status !== undefined) update.status = changes.status;
  if (changes.tags !== undefined) update.tags = changes.tags;
  if (changes.customFields !== undefined) update.customFields = changes.customFields;
  if (changes.assigneeId !== undefined) update.assigneeId = changes.assigneeId;
  if (changes.teamId !== undefined) update.teamId = changes.teamId;
  if (changes.escalateTier) {
    const team = await nextTierTeam(ctx, ticket.tenant_id, changes.teamId ?? ticket.team_id);
    if (team) {
      update.teamId = team;
      if (changes.assigneeId === undefined) update.assigneeId = null;
    }
  }
  if (!Object.keys(update).length) return;
  await updateTicket(ctx, {
    tenantId: ticket.tenant_id,
    ticketId: ticket.id,
    actor,
    expectedVersion: ticket.version,
    changes: update,
  });
}

async function recipientsOf(ctx: Context, loaded: LoadedTicket, to: NotifyRecipient[]): Promise<string[]> {
  const { ticket } = loaded;
  const ids = new Set<string>();
  const users = await usersRepo.list(ctx.db, ticket.tenant_id);
  const active = new Map(users.filter((user) => user.active).map((user) => [user.id, user]));
  for (const recipient of to) {
    if (typeof recipient === 'object') {
      ids.add(recipient.userId);
    } else if (recipient === 'assignee' && ticket.assignee_id) {
      ids.add(ticket.assignee_id);
    } else if (recipient === 'supervisors') {
      for (const user of active.values()) if (user.role === 'supervisor') ids.add(user.id);
    } else if (recipient === 'team' && ticket.team_id) {
      const members = await teamsRepo.members(ctx.db, ticket.tenant_id);
      for (const member of members) if (member.team_id === ticket.team_id) ids.add(member.user_id);
    }
  }
  return [...ids].filter((id) => active.has(id));
}

/** In-app notifications now; e-mail and SMS as jobs, after the recipient's quiet hours unless urgent. */
async function notifyUsers(
  ctx: Context,
  loaded: LoadedTicket,
  effect: Extract<EffectAction, { type: 'notify' }>,
  values: TemplateValues,
  plan: PlanContext,
) {
  const { ticket } = loaded;
  const now = ctx.clock.now();
  const text = renderTemplate(effect.template, values);
  const channels = effect.channels ?? ['inApp'];
  const urgent = ticket.priority === 'P1';
  const inbox: NotificationRow[] = [];
  const jobs: NewJob[] = [];
  for (const userId of await recipientsOf(ctx, loaded, effect.to)) {
    const prefs = await notificationsRepo.preferences(ctx.db, ticket.tenant_id, userId);
    const allowed = prefs?.channels ?? { inApp: true, email: true, sms: false };
    if (channels.includes('inApp') && allowed.inApp)
      inbox.push({
        tenant_id: ticket.tenant_id,
        id: newId(now.getTime()),
        user_id: userId,
        ticket_id: ticket.id,
        kind: 'automation',
        title: `${ticket.number} ${ticket.subject}`.slice(0, 300),
        body: text,
        created_at: now,
        read_at: null,
      });
    for (const channel of ['email', 'sms'] as const)
      if (channels.includes(channel) && allowed[channel])
        jobs.push({
          tenantId: ticket.tenant_id,
          queue: `notify-${channel}`,
          payload: { userId, ticketId: ticket.id, subject: `[${ticket.number}] ${ticket.subject}`, text },
          runAt: deliverAt(now, { quietHours: prefs?.quiet_hours ?? null }, urgent),
          dedupeKey: `${plan.causeKey}:${channel}:${userId}`,
        });
  }
  // The requester is a customer: they are reached at their own contact points, never in the staff inbox.
  if (effect.to.includes('requester') && ticket.customer_id) {
    const contacts = await customersRepo.contactsOf(ctx.db, ticket.tenant_id, [ticket.customer_id]);
    for (const channel of ['email', 'sms'] as const) {
      const contact = contacts.find((c) => c.kind === (channel === 'email' ? 'email' : 'phone'));
      if (channels.includes(channel) && contact)
        jobs.push({
          tenantId: ticket.tenant_id,
          queue: `notify-${channel}`,
          payload: {
            address: contact.value,
            ticketId: ticket.id,
            subject: `[#${ticket.number}] ${ticket.subject}`,
            text,
          },
          dedupeKey: `${plan.causeKey}:${channel}:requester`,
        });
    }
  }
  await notificationsRepo.insert(ctx.db, inbox);
  await enqueueJobs(ctx, jobs);
}

/** Side effects of a plan, in the caller's transaction; outside deliveries become jobs. */
export async function applyEffects(
  ctx: Context,
  loaded: LoadedTicket,
  effects: EffectAction[],
  plan: PlanContext,
): Promise<void> {
  if (!effects.length) return;
  const { ticket } = loaded;
  const values = await templateValuesOf(ctx, loaded, {
    publicUrl: plan.publicUrl,
    ...(plan.sla ? { sla: plan.sla } : {}),
  });
  for (const [index, effect] of effects.entries()) {
    const key = `${plan.causeKey}:${index}`;
    if (effect.type === 'notify') await notifyUsers(ctx, loaded, effect, values, { ...plan, causeKey: key });
    else if (effect.type === 'notifyChannel')
      await enqueueJobs(ctx, [
        {
          tenantId: ticket.tenant_id,
          queue: 'channel',
          payload: { channelId: effect.channelId, ticketId: ticket.id, template: effect.template, values },
          dedupeKey: key,
        },
      ]);
    else if (effect.type === 'webhook')
      await enqueueJobs(ctx, [
        {
          tenantId: ticket.tenant_id,
          queue: 'channel',
          payload: {
            channelId: effect.channelId,
            ticketId: ticket.id,
            event: { id: key, type: 'ticket.automation', data: { ticketId: ticket.id, number: ticket.number } },
          },
          dedupeKey: key,
        },
      ]);
    else if (effect.type === 'reply')
      await addComment(ctx, {
        tenantId: ticket.tenant_id,
        ticketId: ticket.id,
        actor: plan.actor,
        input: { body: renderTemplate(effect.template, values), public: effect.public },
      });
    else if (effect.type === 'dispatch')
      await dispatchByRule(ctx, ticket, {
        mode: effect.mode,
        ...(effect.expiresInMinutes ? { expiresInMinutes: effect.expiresInMinutes } : {}),
        actor: plan.actor,
      });
    else if (effect.type === 'followUp') {
      const { ticket: followUp } = await createTicket(ctx, ticket.tenant_id, plan.actor, {
        subject: effect.subject,
        description: `${ticket.number} ${ticket.subject}`,
        type: loaded.typeKey,
        ...(ticket.customer_id ? { customerId: ticket.customer_id } : {}),
        teamId: ticket.team_id,
        assigneeId: ticket.assignee_id,
      });
      await linkTickets(ctx, {
        tenantId: ticket.tenant_id,
        ticketId: ticket.id,
        otherId: followUp.id,
        kind: 'child',
        actor: plan.actor,
      });
    }
  }
}

/** A rule that could not act (e.g. a status its workflow does not allow now) leaves a note on the timeline. */
export async function recordRuleFailure(ctx: Context, loaded: LoadedTicket, ruleId: string, error: unknown) {
  if (!(error instanceof AppError)) throw error;
  await recordTicketEvents(ctx, loaded.ticket, [
    { type: 'automation.failed', data: { ruleId, code: error.code, message: error.message } },
  ]);
}
