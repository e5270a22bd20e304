-- Foundation: tenants, identity, customers, tickets and their timeline.
-- Every table carries tenant_id and is keyed (tenant_id, id) so it can be sharded by tenant.

create extension if not exists pg_trgm;

create table tenants (
  id uuid primary key,
  slug text not null unique,
  name text not null,
  settings jsonb not null default '{}',
  created_at timestamptz not null default now()
);

create table users (
  tenant_id uuid not null references tenants (id),
  id uuid not null,
  email text not null,
  name text not null,
  role text not null check (role in ('admin', 'supervisor', 'agent', 'dispatcher', 'engineer')),
  password_hash text,
  active boolean not null default true,
  created_at timestamptz not null,
  updated_at timestamptz not null,
  version integer not null default 1,
  primary key (tenant_id, id),
  unique (tenant_id, email)
);
create index users_email_idx on users (email);

create table teams (
  tenant_id uuid not null references tenants (id),
  id uuid not null,
  name text not null,
  created_at timestamptz not null,
  primary key (tenant_id, id),
  unique (tenant_id, name)
);

create table team_members (
  tenant_id uuid not null,
  team_id uuid not null,
  user_id uuid not null,
  primary key (tenant_id, team_id, user_id),
  foreign key (tenant_id, team_id) references teams (tenant_id, id) on delete cascade,
  foreign key (tenant_id, user_id) references users (tenant_id, id)
);

create table sessions (
  id_hash text primary key,
  tenant_id uuid not null,
  user_id uuid not null,
  csrf_token text not null,
  created_at timestamptz not null,
  expires_at timestamptz not null,
  foreign key (tenant_id, user_id) references users (tenant_id, id)
);
create index sessions_user_idx on sessions (tenant_id, user_id);

create table api_tokens (
  tenant_id uuid not null,
  id uuid not null,
  user_id uuid not null,
  name text not null,
  token_hash text not null unique,
  prefix text not null,
  created_at timestamptz not null,
  last_used_at timestamptz,
  revoked_at timestamptz,
  primary key (tenant_id, id),
  foreign key (tenant_id, user_id) references users (tenant_id, id)
);

create table customers (
  tenant_id uuid not null references tenants (id),
  id uuid not null,
  kind text not null check (kind in ('person', 'organisation')),
  name text not null,
  organisation_id uuid,
  notes text not null default '',
  created_at timestamptz not null,
  updated_at timestamptz not null,
  version integer not null default 1,
  primary key (tenant_id, id),
  foreign key (tenant_id, organisation_id) references customers (tenant_id, id)
);
create index customers_name_trgm_idx on customers using gin (name gin_trgm_ops);
create index customers_org_idx on customers (tenant_id, organisation_id) where organisation_id is not null;

create table customer_contacts (
  tenant_id uuid not null,
  id uuid not null,
  customer_id uuid not null,
  kind text not null check (kind in ('phone', 'email', 'wecom', 'wechat', 'dingtalk')),
  value text not null,
  label text not null default '',
  created_at timestamptz not null,
  primary key (tenant_id, id),
  unique (tenant_id, customer_id, kind, value),
  foreign key (tenant_id, customer_id) references customers (tenant_id, id) on delete cascade
);
create index customer_contacts_lookup_idx on customer_contacts (tenant_id, kind, value);

create table ticket_types (
  tenant_id uuid not null references tenants (id),
  id uuid not null,
  key text not null,
  name text not null,
  kind text not null check (kind in ('desk', 'field')),
  workflow jsonb not null,
  custom_fields jsonb not null default '[]',
  created_at timestamptz not null,
  updated_at timestamptz not null,
  version integer not null default 1,
  primary key (tenant_id, id),
  unique (tenant_id, key)
);

create table ticket_number_counters (
  tenant_id uuid not null references tenants (id),
  day text not null,
  last_value integer not null,
  primary key (tenant_id, day)
);

create table tickets (
  tenant_id uuid not null references tenants (id),
  id uuid not null,
  number text not null,
  type_id uuid not null,
  status text not null,
  status_category text not null check (status_category in ('new', 'open', 'pending', 'resolved', 'closed')),
  priority text not null check (priority in ('P1', 'P2', 'P3', 'P4')),
  channel text not null,
  subject text not null,
  description text not null,
  customer_id uuid,
  location_address text,
  location_lat double precision,
  location_lng double precision,
  tags text[] not null default '{}',
  custom_fields jsonb not null default '{}',
  assignee_id uuid,
  team_id uuid,
  merged_into_id uuid,
  due_at timestamptz,
  created_by uuid,
  created_at timestamptz not null,
  updated_at timestamptz not null,
  resolved_at timestamptz,
  closed_at timestamptz,
  version integer not null default 1,
  search tsvector not null default ''::tsvector,
  primary key (tenant_id, id),
  unique (tenant_id, number),
  foreign key (tenant_id, type_id) references ticket_types (tenant_id, id),
  foreign key (tenant_id, customer_id) references customers (tenant_id, id),
  foreign key (tenant_id, assignee_id) references users (tenant_id, id),
  foreign key (tenant_id, team_id) references teams (tenant_id, id)
);
-- The queue: open work by due time; the lists: by created/updated; search: GIN on the segmented text.
create index tickets_queue_idx on tickets (tenant_id, status_category, due_at, id);
create index tickets_created_idx on tickets (tenant_id, created_at, id);
create index tickets_updated_idx on tickets (tenant_id, updated_at, id);
create index tickets_assignee_idx on tickets (tenant_id, assignee_id, status_category) where assignee_id is not null;
create index tickets_customer_idx on tickets (tenant_id, customer_id) where customer_id is not null;
create index tickets_search_idx on tickets using gin (search);
create index tickets_tags_idx on tickets using gin (tags);

create table ticket_comments (
  tenant_id uuid not null,
  id uuid not null,
  ticket_id uuid not null,
  author_user_id uuid,
  author_customer_id uuid,
  body text not null,
  public boolean not null,
  attachment_ids uuid[] not null default '{}',
  created_at timestamptz not null,
  primary key (tenant_id, id),
  foreign key (tenant_id, ticket_id) references tickets (tenant_id, id)
);
create index ticket_comments_ticket_idx on ticket_comments (tenant_id, ticket_id, created_at);

-- Append-only: the trigger below refuses UPDATE and DELETE.
create table ticket_events (
  tenant_id uuid not null,
  id bigint generated always as identity,
  ticket_id uuid not null,
  type text not null,
  actor_type text not null check (actor_type in ('user', 'customer', 'system')),
  actor_id uuid,
  data jsonb not null default '{}',
  created_at timestamptz not null,
  primary key (tenant_id, id),
  foreign key (tenant_id, ticket_id) references tickets (tenant_id, id)
);
create index ticket_events_ticket_idx on ticket_events (tenant_id, ticket_id, id);

create function ticket_events_append_only() returns trigger language plpgsql as $$
begin
  raise exception 'ticket_events is append-only' using errcode = '42501';
end;
$$;
create trigger ticket_events_no_update before update or delete on ticket_events
  for each row execute function ticket_events_append_only();

create table ticket_links (
  tenant_id uuid not null,
  ticket_id uuid not null,
  linked_id uuid not null,
  kind text not null check (kind in ('related', 'duplicate', 'parent', 'child')),
  created_at timestamptz not null,
  primary key (tenant_id, ticket_id, linked_id),
  foreign key (tenant_id, ticket_id) references tickets (tenant_id, id),
  foreign key (tenant_id, linked_id) references tickets (tenant_id, id)
);

create table attachments (
  tenant_id uuid not null,
  id uuid not null,
  ticket_id uuid not null,
  filename text not null,
  content_type text not null,
  size_bytes bigint not null,
  sha256 text not null,
  created_by uuid,
  created_at timestamptz not null,
  primary key (tenant_id, id),
  foreign key (tenant_id, ticket_id) references tickets (tenant_id, id)
);
create index attachments_ticket_idx on attachments (tenant_id, ticket_id);

create table idempotency_keys (
  tenant_id uuid not null,
  key text not null,
  request_hash text not null,
  status_code integer,
  response jsonb,
  created_at timestamptz not null,
  primary key (tenant_id, key)
);

-- Events for other modules, written in the same transaction as the change (transactional outbox).
create table outbox (
  tenant_id uuid not null,
  id bigint generated always as identity,
  topic text not null,
  payload jsonb not null,
  created_at timestamptz not null,
  processed_at timestamptz,
  primary key (tenant_id, id)
);
create index outbox_pending_idx on outbox (id) where processed_at is null;
