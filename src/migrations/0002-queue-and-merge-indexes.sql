-- The queue view asks for open work (new, open, pending) by due time. With the category in the key,
-- PostgreSQL has to sort every open ticket; a partial index on exactly that set reads them in order.
create index tickets_open_due_idx on tickets (tenant_id, due_at, id)
  where status_category in ('new', 'open', 'pending');
-- Unassigned open work, the other queue agents live in.
create index tickets_open_unassigned_idx on tickets (tenant_id, due_at, id)
  where status_category in ('new', 'open', 'pending') and assignee_id is null;
-- A ticket's detail lists the tickets merged into it.
create index tickets_merged_into_idx on tickets (tenant_id, merged_into_id) where merged_into_id is not null;
