-- How a tenant weighs travel, load, SLA urgency, rating and continuity when matching engineers to a job.
create table dispatch_settings (
  tenant_id uuid not null references tenants (id),
  weights jsonb not null,
  updated_at timestamptz not null,
  primary key (tenant_id)
);
