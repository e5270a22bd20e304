-- Business calendars: weekly hours in a time zone with holidays and make-up workdays (调休), or 24×7.
-- The definition is stored as the API gives it and checked by the calendar module on every write.
create table calendars (
  tenant_id uuid not null references tenants (id),
  id uuid not null,
  name text not null,
  definition jsonb not null,
  created_at timestamptz not null,
  updated_at timestamptz not null,
  version integer not null default 1,
  primary key (tenant_id, id)
);
