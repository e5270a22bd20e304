import type { Context } from '../../../platform/db/context.ts';
import { customersRepo } from '../../customers/index.ts';
import { usersRepo } from '../../identity/index.ts';
import { loadType, type TicketRow, ticketsRepo } from '../../tickets/index.ts';
import type { TemplateValues } from '../notify/index.ts';
import type { TicketFacts } from '../rules/index.ts';

export type LoadedTicket = {
  ticket: TicketRow;
  facts: TicketFacts;
  typeKey: string;
  statusCategoryOf: (status: string) => TicketFacts['statusCategory'] | undefined;
  customer: { id: string; name: string; organisation_id: string | null } | null;
};

/** The ticket as rules see it, or null when it is gone. */
export async function loadTicketFacts(ctx: Context, tenantId: string, ticketId: string): Promise<LoadedTicket | null> {
  const ticket = (await ticketsRepo.byId(ctx.db, tenantId, ticketId)) as TicketRow | undefined;
  if (!ticket) return null;
  const type = await loadType(ctx, tenantId, ticket.type_id);
  const customer = ticket.customer_id
    ? ((await customersRepo.byId(ctx.db, tenantId, ticket.customer_id)) ?? null)
    : null;
  const changedAt = ticket.status_changed_at ?? ticket.created_at;
  return {
    ticket,
    typeKey: type.key,
    customer,
    statusCategoryOf: (status) => type.workflow.states.find((state) => state.key === status)?.category,
    facts: {
      id: ticket.id,
      number: ticket.number,
      typeKey: type.key,
      status: ticket.status,
      statusCategory: ticket.status_category,
      priority: ticket.priority,
      channel: ticket.channel,
      subject: ticket.subject,
      description: ticket.description,
      tags: ticket.tags,
      customFields: ticket.custom_fields,
      customerId: ticket.customer_id,
      organisationId: customer?.organisation_id ?? null,
      assigneeId: ticket.assignee_id,
      teamId: ticket.team_id,
      createdAt: new Date(ticket.created_at),
      updatedAt: new Date(ticket.updated_at),
      resolvedAt: ticket.resolved_at ? new Date(ticket.resolved_at) : null,
      pendingSince: ticket.status_category === 'pending' ? new Date(changedAt) : null,
    },
  };
}

/** What message templates may say about a ticket. */
export async function templateValuesOf(
  ctx: Context,
  loaded: LoadedTicket,
  extra: { publicUrl: string; tenantName?: string; sla?: { metric?: unknown; dueAt?: unknown } },
): Promise<TemplateValues> {
  const { ticket } = loaded;
  const assignee = ticket.assignee_id ? await usersRepo.byId(ctx.db, ticket.tenant_id, ticket.assignee_id) : null;
  return {
    'ticket.number': ticket.number,
    'ticket.subject': ticket.subject,
    'ticket.priority': ticket.priority,
    'ticket.status': ticket.status,
    'ticket.url': `${extra.publicUrl.replace(/\/$/, '')}/tickets/${ticket.id}`,
    'customer.name': loaded.customer?.name ?? '',
    'assignee.name': assignee?.name ?? '',
    'sla.metric': typeof extra.sla?.metric === 'string' ? extra.sla.metric : '',
    'sla.dueAt': typeof extra.sla?.dueAt === 'string' ? extra.sla.dueAt : '',
    'tenant.name': extra.tenantName ?? '',
  };
}
