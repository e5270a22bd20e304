import type { AttachmentRow, CommentRow, TicketEventRow, TicketRow, TicketTypeRow } from './tickets.repo.ts';

const iso = (d: Date | null) => (d ? new Date(d).toISOString() : null);

export type TicketView = ReturnType<typeof ticketView>;

export function ticketView(row: TicketRow, type?: Pick<TicketTypeRow, 'key'>) {
  return {
    id: row.id,
    number: row.number,
    typeId: row.type_id,
    type: type?.key ?? null,
    status: row.status,
    statusCategory: row.status_category,
    priority: row.priority,
    channel: row.channel,
    subject: row.subject,
    description: row.description,
    customerId: row.customer_id,
    location:
      row.location_address === null && row.location_lat === null
        ? null
        : { address: row.location_address, lat: row.location_lat, lng: row.location_lng },
    tags: row.tags,
    customFields: row.custom_fields,
    assigneeId: row.assignee_id,
    teamId: row.team_id,
    mergedIntoId: row.merged_into_id,
    dueAt: iso(row.due_at),
    createdBy: row.created_by,
    createdAt: iso(row.created_at) as string,
    updatedAt: iso(row.updated_at) as string,
    resolvedAt: iso(row.resolved_at),
    closedAt: iso(row.closed_at),
    version: row.version,
  };
}

export function ticketTypeView(row: TicketTypeRow) {
  return {
    id: row.id,
    key: row.key,
    name: row.name,
    kind: row.kind,
    workflow: row.workflow,
    customFields: row.custom_fields,
    version: row.version,
    createdAt: iso(row.created_at) as string,
    updatedAt: iso(row.updated_at) as string,
  };
}

export function commentView(row: CommentRow) {
  return {
    id: row.id,
    ticketId: row.ticket_id,
    authorUserId: row.author_user_id,
    authorCustomerId: row.author_customer_id,
    body: row.body,
    public: row.public,
    attachmentIds: row.attachment_ids,
    createdAt: iso(row.created_at) as string,
  };
}

export function attachmentView(row: AttachmentRow) {
  return {
    id: row.id,
    ticketId: row.ticket_id,
    filename: row.filename,
    contentType: row.content_type,
    size: Number(row.size_bytes),
    sha256: row.sha256,
    createdAt: iso(row.created_at) as string,
  };
}

export function eventView(row: TicketEventRow) {
  return {
    id: String(row.id),
    type: row.type,
    actor: { type: row.actor_type, id: row.actor_id },
    data: row.data,
    createdAt: iso(row.created_at) as string,
  };
}
