-- An Idempotency-Key belongs to the user who sent it: another user of the tenant reusing the same key
-- must never be handed the first user's stored response.
delete from idempotency_keys;
alter table idempotency_keys drop constraint idempotency_keys_pkey;
alter table idempotency_keys add column user_id uuid not null;
alter table idempotency_keys add primary key (tenant_id, user_id, key);

-- Teams are edited with If-Match like every other mutable resource.
alter table teams add column version integer not null default 1;
