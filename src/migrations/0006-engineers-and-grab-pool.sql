-- Field engineers' dispatch profiles (the user row holds who they are; this holds what dispatch needs) and
-- the grab pool (抢单): a job offered to eligible engineers, first valid accept wins.

create table engineers (
  tenant_id uuid not null,
  user_id uuid not null,
  status text not null default 'off' check (status in ('off', 'idle', 'en_route', 'on_site', 'busy')),
  -- [{key, level}], [name], territories [{kind: 'radius'|'polygon', …}], shifts [{weekday, start, end}],
  -- breaks [{start, end}]: checked by the dispatch module on every write.
  skills jsonb not null default '[]',
  certifications text[] not null default '{}',
  territories jsonb not null default '[]',
  shifts jsonb not null default '[]',
  breaks jsonb not null default '[]',
  time_zone text not null default 'Asia/Shanghai',
  home_lat double precision,
  home_lng double precision,
  location_lat double precision,
  location_lng double precision,
  location_at timestamptz,
  daily_capacity integer not null default 8 check (daily_capacity between 0 and 100),
  rating double precision check (rating between 0 and 5),
  van_parts jsonb not null default '{}',
  updated_at timestamptz not null,
  version integer not null default 1,
  primary key (tenant_id, user_id),
  foreign key (tenant_id, user_id) references users (tenant_id, id)
);

create table dispatch_offers (
  tenant_id uuid not null,
  ticket_id uuid not null,
  status text not null check (status in ('open', 'accepted', 'expired', 'cancelled')),
  eligible uuid[] not null,
  created_at timestamptz not null,
  expires_at timestamptz not null,
  accepted_by uuid,
  accepted_at timestamptz,
  primary key (tenant_id, ticket_id),
  foreign key (tenant_id, ticket_id) references tickets (tenant_id, id)
);
create index dispatch_offers_open_idx on dispatch_offers (expires_at) where status = 'open';
