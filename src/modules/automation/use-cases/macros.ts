import type { Principal } from '../../../platform/auth/principal.ts';
import type { Context } from '../../../platform/db/context.ts';
import { AppError } from '../../../platform/errors/app-error.ts';
import { loadTicket, type TicketRow } from '../../tickets/index.ts';
import { macrosRepo } from '../automation.repo.ts';
import { type Action, planActions } from '../rules/index.ts';
import { applyEffects, writeChanges } from './apply-plan.ts';
import { loadTicketFacts } from './ticket-facts.ts';

/**
 * An agent applies a macro to a ticket: the same actions triggers use (set fields, tags, assign, reply from a
 * template with variables, notify …), as that agent, in one transaction, against the version they saw.
 */
export async function applyMacro(
  ctx: Context,
  options: { principal: Principal; ticketId: string; macroId: string; expectedVersion: number; publicUrl: string },
): Promise<TicketRow> {
  const { principal } = options;
  const actor = { type: 'user' as const, principal };
  await loadTicket(ctx, principal.tenantId, options.ticketId, actor);
  const macro = await macrosRepo.byId(ctx.db, principal.tenantId, options.macroId);
  if (!macro) throw new AppError('MACRO_NOT_FOUND', 'Macro not found');
  const loaded = await loadTicketFacts(ctx, principal.tenantId, options.ticketId);
  if (!loaded) throw new AppError('TICKET_NOT_FOUND', 'Ticket not found');
  if (loaded.ticket.version !== options.expectedVersion)
    throw new AppError(
      'VERSION_MISMATCH',
      'The ticket was changed by someone else since you read it; reload and retry',
      {
        details: { currentVersion: loaded.ticket.version },
      },
    );
  const plan = planActions(macro.actions as unknown as Action[], loaded.facts);
  await writeChanges(ctx, loaded, plan.changes, actor);
  const after = (await loadTicketFacts(ctx, principal.tenantId, options.ticketId)) ?? loaded;
  await applyEffects(ctx, after, plan.effects, {
    actor,
    publicUrl: options.publicUrl,
    causeKey: `macro:${macro.id}:${loaded.ticket.id}:${loaded.ticket.version}`,
  });
  return ((await loadTicketFacts(ctx, principal.tenantId, options.ticketId)) ?? after).ticket;
}
