import type { Principal } from '../../../platform/auth/principal.ts';
import type { Context } from '../../../platform/db/context.ts';
import { AppError, validationFailed } from '../../../platform/errors/app-error.ts';
import { usersRepo } from '../../identity/index.ts';
import {
  type Actor,
  loadTicket,
  loadType,
  recordTicketEvents,
  type TicketRow,
  updateTicket,
} from '../../tickets/index.ts';
import { type MatchResult, type MatchWeights, matchJob } from '../matching/index.ts';
import { dispatchSettingsRepo, engineersRepo, type OfferRow, offersRepo } from './engineers.repo.ts';
import { engineerProfile, jobOf } from './engineers.ts';

const dispatcher = (principal: Principal) => ({ type: 'user' as const, principal });

/** Every engineer of the tenant, ranked or excluded for the ticket's job, each with the reasons. */
export async function candidatesFor(ctx: Context, principal: Principal, ticketId: string): Promise<MatchResult> {
  const ticket = await loadTicket(ctx, principal.tenantId, ticketId, dispatcher(principal));
  return matchTicket(ctx, ticket, 1000);
}

async function matchTicket(ctx: Context, ticket: TicketRow, limit: number): Promise<MatchResult> {
  const [rows, users, loads, settings] = await Promise.all([
    engineersRepo.list(ctx.db, ticket.tenant_id),
    usersRepo.list(ctx.db, ticket.tenant_id),
    engineersRepo.openLoads(ctx.db, ticket.tenant_id),
    dispatchSettingsRepo.get(ctx.db, ticket.tenant_id),
  ]);
  const active = new Map(users.filter((user) => user.active).map((user) => [user.id, user.name]));
  const engineers = rows
    .filter((row) => active.has(row.user_id))
    .map((row) => engineerProfile(row, active.get(row.user_id) ?? '', loads.get(row.user_id) ?? 0));
  return matchJob(jobOf(ticket), engineers, {
    now: ctx.clock.now(),
    limit,
    ...(settings ? { weights: settings.weights as unknown as MatchWeights } : {}),
  });
}

/**
 * Puts a job in the grab pool (抢单): offered to the given engineers, or to every eligible one, until it is
 * accepted or expires (then it is auto-assigned to the best candidate).
 */
export async function offerTicket(
  ctx: Context,
  options: { principal: Principal; ticketId: string; engineerIds?: string[]; expiresInMinutes: number },
): Promise<OfferRow> {
  const { principal } = options;
  const ticket = await loadTicket(ctx, principal.tenantId, options.ticketId, dispatcher(principal));
  if (ticket.status_category === 'resolved' || ticket.status_category === 'closed')
    throw new AppError('OFFER_CONFLICT', 'The ticket is already resolved or closed');
  // Re-dispatch is explicit: unassign first, so an offer never takes a job from an engineer who has it.
  if (ticket.assignee_id)
    throw new AppError('OFFER_CONFLICT', 'The ticket is assigned; unassign it before offering it again');
  let eligible = options.engineerIds ?? (await matchTicket(ctx, ticket, 1000)).ranked.map((c) => c.engineerId);
  if (options.engineerIds) {
    const users = new Map((await usersRepo.list(ctx.db, principal.tenantId)).map((user) => [user.id, user]));
    const engineers = new Set(
      (await engineersRepo.list(ctx.db, principal.tenantId))
        .filter((row) => users.get(row.user_id)?.active && users.get(row.user_id)?.role === 'engineer')
        .map((row) => row.user_id),
    );
    const unknown = options.engineerIds.filter((id) => !engineers.has(id));
    if (unknown.length)
      throw validationFailed('Only engineers with a dispatch profile can be offered a job', [
        { path: '/engineerIds', message: `not engineers of this tenant: ${unknown.join(', ')}` },
      ]);
    eligible = [...new Set(eligible)];
  }
  if (!eligible.length)
    throw new AppError('OFFER_NO_CANDIDATES', 'No engineer is eligible for this job; see its candidates for why');
  return openOffer(ctx, ticket, eligible, options.expiresInMinutes, dispatcher(principal));
}

/** Opens (or replaces) the ticket's offer and notes it on the timeline. */
async function openOffer(
  ctx: Context,
  ticket: TicketRow,
  eligible: string[],
  expiresInMinutes: number,
  actor: Actor,
): Promise<OfferRow> {
  const now = ctx.clock.now();
  const row: OfferRow = {
    tenant_id: ticket.tenant_id,
    ticket_id: ticket.id,
    status: 'open',
    eligible,
    created_at: now,
    expires_at: new Date(now.getTime() + expiresInMinutes * 60_000),
    accepted_by: null,
    accepted_at: null,
  };
  await offersRepo.open(ctx.db, row);
  await recordTicketEvents(
    ctx,
    ticket,
    [{ type: 'dispatch.offered', data: { engineers: eligible.length, expiresAt: row.expires_at.toISOString() } }],
    actor,
  );
  return row;
}

async function assign(ctx: Context, tenantId: string, ticketId: string, engineerId: string) {
  const ticket = (await loadTicket(ctx, tenantId, ticketId, { type: 'system' })) as TicketRow;
  await updateTicket(ctx, {
    tenantId,
    ticketId,
    actor: { type: 'system' },
    expectedVersion: ticket.version,
    changes: { assigneeId: engineerId },
  });
}

/** An engineer grabs an offered job: exactly one accept wins; every other gets 409. */
export async function acceptOffer(ctx: Context, principal: Principal, ticketId: string): Promise<OfferRow> {
  const now = ctx.clock.now();
  const won = await offersRepo.accept(ctx.db, principal.tenantId, ticketId, principal.userId, now);
  if (!won) {
    const offer = await offersRepo.byTicket(ctx.db, principal.tenantId, ticketId);
    if (!offer || !offer.eligible.includes(principal.userId))
      throw new AppError('OFFER_NOT_FOUND', 'No job offered to you with this id');
    if (offer.status === 'accepted') throw new AppError('OFFER_CONFLICT', 'Someone else took this job first');
    throw new AppError('OFFER_CONFLICT', 'This offer has expired or was withdrawn');
  }
  const ticket = (await loadTicket(ctx, principal.tenantId, ticketId, { type: 'system' })) as TicketRow;
  if (ticket.status_category === 'resolved' || ticket.status_category === 'closed')
    throw new AppError('OFFER_CONFLICT', 'The job was closed in the meantime');
  await assign(ctx, principal.tenantId, ticketId, principal.userId);
  await recordTicketEvents(
    ctx,
    { tenant_id: principal.tenantId, id: ticketId },
    [{ type: 'dispatch.offer_accepted', data: { engineerId: principal.userId } }],
    { type: 'user', principal },
  );
  return won;
}

export function openOffersFor(ctx: Context, principal: Principal): Promise<OfferRow[]> {
  return offersRepo.openFor(ctx.db, principal.tenantId, principal.userId, ctx.clock.now());
}

/**
 * Dispatch by rule (a trigger's `dispatch` action): `auto` assigns the best eligible engineer now; `pool`
 * offers the job to every eligible one. Nobody eligible leaves the job unassigned with the reason on its
 * timeline, never silently.
 */
export async function dispatchByRule(
  ctx: Context,
  ticket: TicketRow,
  options: { mode: 'auto' | 'pool'; expiresInMinutes?: number; actor: Actor; exclude?: string[] },
): Promise<void> {
  if (ticket.assignee_id || ticket.status_category === 'resolved' || ticket.status_category === 'closed') return;
  const result = await matchTicket(ctx, ticket, 1000);
  const excluded = new Set(options.exclude ?? []);
  const ranked = result.ranked.filter((candidate) => !excluded.has(candidate.engineerId));
  const best = ranked[0];
  if (!best) {
    await recordTicketEvents(
      ctx,
      ticket,
      [{ type: 'dispatch.unassignable', data: { reason: result.unassignableReason?.code ?? 'NO_ENGINEERS' } }],
      options.actor,
    );
    return;
  }
  if (options.mode === 'auto') {
    await updateTicket(ctx, {
      tenantId: ticket.tenant_id,
      ticketId: ticket.id,
      actor: options.actor,
      expectedVersion: ticket.version,
      changes: { assigneeId: best.engineerId },
    });
    return;
  }
  await openOffer(
    ctx,
    ticket,
    ranked.map((candidate) => candidate.engineerId),
    options.expiresInMinutes ?? 15,
    options.actor,
  );
}

/**
 * The assigned engineer declines the job: it is unassigned (a field work order goes to `declined` when its
 * workflow allows), the reason joins the timeline, and it is re-dispatched at once to the best other
 * eligible engineer (or left unassigned with the reason when there is none).
 */
export async function declineJob(
  ctx: Context,
  options: { principal: Principal; ticketId: string; reason: string; expectedVersion: number },
): Promise<TicketRow> {
  const { principal } = options;
  const actor = { type: 'user' as const, principal };
  const ticket = (await loadTicket(ctx, principal.tenantId, options.ticketId, actor)) as TicketRow;
  if (ticket.assignee_id !== principal.userId) throw new AppError('TICKET_NOT_FOUND', 'Ticket not found');
  const type = await loadType(ctx, principal.tenantId, ticket.type_id);
  const canDecline = type.workflow.transitions.some(([from, to]) => from === ticket.status && to === 'declined');
  await updateTicket(ctx, {
    tenantId: principal.tenantId,
    ticketId: ticket.id,
    actor,
    expectedVersion: options.expectedVersion,
    changes: { assigneeId: null, ...(canDecline ? { status: 'declined' } : {}) },
  });
  await recordTicketEvents(
    ctx,
    ticket,
    [{ type: 'dispatch.declined', data: { engineerId: principal.userId, reason: options.reason } }],
    actor,
  );
  const fresh = (await loadTicket(ctx, principal.tenantId, ticket.id, { type: 'system' })) as TicketRow;
  await dispatchByRule(ctx, fresh, { mode: 'auto', actor: { type: 'system' }, exclude: [principal.userId] });
  return (await loadTicket(ctx, principal.tenantId, ticket.id, { type: 'system' })) as TicketRow;
}

/** Periodic: an offer nobody took in time falls back to auto-assign (the best eligible candidate now). */
export async function expireOffers(ctx: Context): Promise<number> {
  const expired = await offersRepo.expired(ctx.db, ctx.clock.now(), 100);
  for (const offer of expired) {
    const ticket = (await loadTicket(ctx, offer.tenant_id, offer.ticket_id, { type: 'system' })) as TicketRow;
    const best = (await matchTicket(ctx, ticket, 1000)).ranked.find((c) => offer.eligible.includes(c.engineerId));
    if (best) await assign(ctx, offer.tenant_id, offer.ticket_id, best.engineerId);
    await recordTicketEvents(ctx, ticket, [
      { type: 'dispatch.offer_expired', data: { autoAssignedTo: best?.engineerId ?? null } },
    ]);
  }
  return expired.length;
}

export function offerView(row: OfferRow) {
  return {
    ticketId: row.ticket_id,
    status: row.status,
    engineers: row.eligible.length,
    createdAt: new Date(row.created_at).toISOString(),
    expiresAt: new Date(row.expires_at).toISOString(),
    acceptedBy: row.accepted_by,
    acceptedAt: row.accepted_at ? new Date(row.accepted_at).toISOString() : null,
  };
}
