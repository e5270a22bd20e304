-- SLA policies and per-ticket clocks, triggers and time-based automations, macros, notifications, and the
-- durable job queue they run on.

-- When the ticket last entered its current status: what "pending for more than 48 hours" is measured from.
-- Null means since creation.
alter table tickets add column status_changed_at timestamptz;

-- A customer's service tier (e.g. VIP, gold): SLA policies can be chosen by it.
alter table customers add column tier text;

-- Support tiers (L1–L4) are teams: escalating a ticket's tier moves it to the next tier's team.
alter table teams add column tier smallint check (tier between 1 and 4);

-- Durable jobs: notifications, webhooks and other deliveries. At least once: a job is claimed with a lease
-- (FOR UPDATE SKIP LOCKED, so several processes never take the same one), retried with backoff, and ends as
-- done or, after its attempts, dead (the dead-letter list admins see and can retry).
create table jobs (
  tenant_id uuid not null references tenants (id),
  id bigint generated always as identity,
  queue text not null,
  -- Runs once per due item: a second enqueue with the same key is a no-op.
  dedupe_key text,
  payload jsonb not null default '{}',
  run_at timestamptz not null,
  status text not null default 'pending' check (status in ('pending', 'running', 'done', 'dead')),
  attempts integer not null default 0,
  max_attempts integer not null default 8,
  locked_until timestamptz,
  last_error text,
  created_at timestamptz not null,
  finished_at timestamptz,
  primary key (tenant_id, id)
);
create unique index jobs_dedupe_idx on jobs (tenant_id, queue, dedupe_key) where dedupe_key is not null;
create index jobs_due_idx on jobs (run_at) where status = 'pending';
create index jobs_lease_idx on jobs (locked_until) where status = 'running';
create index jobs_dead_idx on jobs (tenant_id, finished_at desc, id) where status = 'dead';
create index jobs_done_idx on jobs (finished_at) where status = 'done';

create table sla_policies (
  tenant_id uuid not null references tenants (id),
  id uuid not null,
  name text not null,
  position integer not null default 0,
  active boolean not null default true,
  -- conditions, calendarId, targets, warnAtPercent, pauseStatuses: checked by the SLA module on every write.
  definition jsonb not null,
  created_at timestamptz not null,
  updated_at timestamptz not null,
  version integer not null default 1,
  primary key (tenant_id, id)
);

-- One row per ticket and metric: the clock as last computed from the ticket's history, for reports and for
-- the scan that announces warnings and breaches.
create table ticket_slas (
  tenant_id uuid not null,
  ticket_id uuid not null,
  metric text not null check (metric in ('firstResponse', 'nextUpdate', 'onSite', 'resolution')),
  policy_id uuid,
  target_minutes integer not null,
  started_at timestamptz not null,
  status text not null check (status in ('running', 'paused', 'met', 'breached')),
  due_at timestamptz,
  met_at timestamptz,
  breached_at timestamptz,
  used_ms bigint not null default 0,
  paused_ms bigint not null default 0,
  breached_cycles integer not null default 0,
  -- Every warning threshold and the instant it is (or was) reached: [{percent, at}].
  warnings jsonb not null default '[]',
  -- The next warning threshold not yet announced, and when it is reached; null when none is left.
  next_warning_percent integer,
  next_warning_at timestamptz,
  -- Highest warning announced, and whether the breach of the current due time was announced.
  warned_percent integer not null default 0,
  breach_announced_for timestamptz,
  updated_at timestamptz not null,
  primary key (tenant_id, ticket_id, metric),
  foreign key (tenant_id, ticket_id) references tickets (tenant_id, id)
);
-- The scans read only running clocks whose moment has come, in order: their cost follows the number of due
-- items, not the number of open tickets.
create index ticket_slas_due_idx on ticket_slas (due_at) where status = 'running' and breach_announced_for is null;
create index ticket_slas_warning_idx on ticket_slas (next_warning_at)
  where status = 'running' and next_warning_at is not null;

-- Event triggers and time-based automations share one table: kind says which.
create table automation_rules (
  tenant_id uuid not null references tenants (id),
  id uuid not null,
  kind text not null check (kind in ('trigger', 'automation')),
  name text not null,
  position integer not null default 0,
  active boolean not null default true,
  events text[] not null default '{}',
  conditions jsonb not null,
  actions jsonb not null,
  created_at timestamptz not null,
  updated_at timestamptz not null,
  version integer not null default 1,
  primary key (tenant_id, id)
);

-- A time-based automation acts once per ticket and state (e.g. once per stay in pending).
create table automation_runs (
  tenant_id uuid not null,
  rule_id uuid not null,
  ticket_id uuid not null,
  state_key text not null,
  ran_at timestamptz not null,
  primary key (tenant_id, rule_id, ticket_id, state_key)
);

create table macros (
  tenant_id uuid not null references tenants (id),
  id uuid not null,
  name text not null,
  actions jsonb not null,
  created_at timestamptz not null,
  updated_at timestamptz not null,
  version integer not null default 1,
  primary key (tenant_id, id),
  unique (tenant_id, name)
);

-- Where notifications go besides the in-app inbox: DingTalk and WeCom group robots, webhooks, SMS, e-mail.
create table notification_channels (
  tenant_id uuid not null references tenants (id),
  id uuid not null,
  kind text not null check (kind in ('dingtalk', 'wecom', 'webhook', 'email', 'sms')),
  name text not null,
  config jsonb not null,
  created_at timestamptz not null,
  updated_at timestamptz not null,
  version integer not null default 1,
  primary key (tenant_id, id)
);

-- The in-app inbox (and what the live stream sends).
create table notifications (
  tenant_id uuid not null,
  id uuid not null,
  user_id uuid not null,
  ticket_id uuid,
  kind text not null,
  title text not null,
  body text not null,
  created_at timestamptz not null,
  read_at timestamptz,
  primary key (tenant_id, id),
  foreign key (tenant_id, user_id) references users (tenant_id, id)
);
create index notifications_user_idx on notifications (tenant_id, user_id, created_at desc, id);

create table notification_preferences (
  tenant_id uuid not null,
  user_id uuid not null,
  channels jsonb not null,
  quiet_hours jsonb,
  updated_at timestamptz not null,
  primary key (tenant_id, user_id),
  foreign key (tenant_id, user_id) references users (tenant_id, id)
);

-- An outbox event whose handlers fail on their own is set aside with the error instead of blocking the rest.
alter table outbox add column error text;

-- The live stream reads what was added since it last looked.
create index notifications_created_idx on notifications (created_at, id);
