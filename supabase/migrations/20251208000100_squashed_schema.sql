-- Planner's schema, squashed (decision 0059): the migrations from 20250910000000 to
-- 20251208000000, in order, as one file. A new database runs this file; a database that
-- applied every one of them records it without running it (src/db/migrate.ts; with the
-- Supabase CLI: `supabase migration repair --status applied 20251208000100`). Their
-- files, as applied, are in tests/fixtures/migrations-before-squash/ (the upgrade test
-- applies them, then this).
--
-- One change from the concatenation: the first five versions of claim_task_sync_jobs
-- are left out. 20251208000000 drops the function and creates its live definition,
-- so the older bodies never outlived it.
--
-- planner:squashes 20250910000000_extensions_and_helpers.sql eb4e923836526bd62a1ffe188088ce81ef46a62d3daa87d151bbbe7cdd2259c8
-- planner:squashes 20250910000100_planner_core.sql 947255cf71c52198e943188832a7c2c3221b79ca011b4e43a9cd2803d1f8df36
-- planner:squashes 20250915000000_outlook_sync_tables.sql 86e144048fb7e148a1d0413d3c94174a111595e50bd1b1157c6055064b72cba8
-- planner:squashes 20250920000000_vault_functions.sql 733961ed1522008270ba1661e8548af8bea475d7f0ae89077202e1752a11bc26
-- planner:squashes 20251001000000_claim_task_sync_jobs.sql d1545581b9b3af9029f98728d18e8de7a04d332a55c6595e67c6dc057957f4ef
-- planner:squashes 20251029000000_rls_policies.sql e48d7554c6b8ab481e95d3c8caacdcaf04f999f341ee6973ae18ef163fb54109
-- planner:squashes 20251101000000_claim_user_affinity.sql d5ed708e2602a5dac79f52429533350322bcda66c50be3f560d07493f6455be1
-- planner:squashes 20251102000000_auth_tables.sql 2d9d2ce6f20db9274c21f613e33de6afc5a6717762fa7329c2926239e221f3c1
-- planner:squashes 20251103000000_oauth_states.sql 025dd5cb4f4f6f763427b0e02cbba4b0dd702422a93d388f100051c63676add2
-- planner:squashes 20251104000000_ops_alerts_and_metric_samples.sql ef9f0e424a1122f9048d16006994edcc0382b294643360e21e1535e555a23e17
-- planner:squashes 20251105000000_task_sync_state_pending_create.sql e551b756f48527b6136a859936f9658f22a54f275e6e388b2c000414b9c7ee87
-- planner:squashes 20251106000000_sync_conflicts.sql faa35265bbd94acffbc1a2e4e134c0a3410f6717ef803ceb02fd5c82236860d4
-- planner:squashes 20251108000000_claim_fair_across_users.sql eef7ecebf8d863840fb60d0846dc7677187edc6866c253d93d957d320b4effef
-- planner:squashes 20251108000100_mailbox_throttle_pause.sql 495c1188855144bc5aca0edd5d966496f468030b9b51491e88d158897c026ff8
-- planner:squashes 20251109000000_task_copy_missing.sql a85f45f22836ed38cb45a8a889ca8331cf471523f91953ea8512f4e3bbf860da
-- planner:squashes 20251110000000_finished_jobs_retention.sql 22198ee047990cd5af3b6f9261f78ea556ffbffd4f9414050f59d3b50f8c89c9
-- planner:squashes 20251201000000_subscription_upkeep.sql 446e37e8b7f831da60d9147563eebeb88f6aeb4de94871231bc3185d64f2a6ee
-- planner:squashes 20251201000100_full_sync_follow_up.sql 08a74fdec96f41c0663fbf8781496674f5bee7d5ef16af576b81ac83dd3cf067
-- planner:squashes 20251202000000_planner_admins.sql dbb1d457809f92b272c587669ea9f6679542d225f4c821532a42d19dee5fbac5
-- planner:squashes 20251202000100_schema_migrations_rls.sql ff000ff3494b5253618cdd3e43ab3cdab4d04ac09660549753dddf410f629b4b
-- planner:squashes 20251203000000_claim_by_user_turns.sql 03e013fdc4e2fef0ee310947ff6b7e953e79e2a9e350a8cb07321f916c547f1a
-- planner:squashes 20251203000100_targeted_pulls_and_safety_net.sql 9af0ce20ef03a146dc35efe265bea68da7e08de60310b812ee26bed4209abbe3
-- planner:squashes 20251203000200_conflict_on_deletion.sql b26b7664cf3f116e74537877ab656a2be1559d13269154b4314b5b1b88b9a8b9
-- planner:squashes 20251203000200_follow_up_aimed.sql 451024543f577b33129d793eb3535378fcf33b567983222e2c2bd523fc53979d
-- planner:squashes 20251207000100_full_fidelity_tasks.sql 8c6d7ae6118867a56b980f51d3d806655b308f9b81dc6dde071156c1978c367c
-- planner:squashes 20251207000200_steps_sync.sql faa4428f0b7a2c9210a5d31f21ccf11525380f4bb5bb95b030737d2f3258a33a
-- planner:squashes 20251208000000_claim_one_pass_per_user.sql d58b160f130a037e3da0d03b5a7ab10f91240307351841e3a0cdd9b704d68453

-- ═══ 20250910000000_extensions_and_helpers.sql ═══

-- Extensions, roles and helper functions shared by every later migration.
-- Written to run unchanged on Supabase (`supabase db push`), on any Postgres 15+
-- and on embedded PGlite.

create extension if not exists pgcrypto;

-- Supabase already has these roles; a plain Postgres or PGlite gets them here so
-- the RLS policies below mean the same thing everywhere.
do $$
begin
  if not exists (select 1 from pg_roles where rolname = 'authenticated') then
    create role authenticated nologin;
  end if;
  if not exists (select 1 from pg_roles where rolname = 'service_role') then
    create role service_role nologin bypassrls;
  end if;
end
$$;

-- The id of the end user a request acts for. Supabase sets request.jwt.claims;
-- Planner's own server sets app.user_id inside a transaction (see src/db/rls.ts).
create or replace function public.planner_current_user_id()
returns text
language sql
stable
as $$
  select coalesce(
    nullif(current_setting('app.user_id', true), ''),
    nullif(current_setting('request.jwt.claim.sub', true), ''),
    nullif(nullif(current_setting('request.jwt.claims', true), '')::jsonb ->> 'sub', '')
  )
$$;

-- Keeps updated_at current on every table that has one.
create or replace function public.set_updated_at()
returns trigger
language plpgsql
as $$
begin
  new.updated_at := now();
  return new;
end
$$;

-- ═══ 20250910000100_planner_core.sql ═══

-- Planner's own data: projects and tasks. Auth tables arrive with the Planner app.

create table if not exists public.projects (
  id uuid primary key default gen_random_uuid(),
  user_id text not null,
  name text not null check (char_length(btrim(name)) between 1 and 200),
  status text not null default 'Active' check (status in ('Active', 'Completed', 'Cancelled')),
  position double precision not null default 0,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);
create index if not exists projects_user_idx on public.projects (user_id, position);

create table if not exists public.tasks (
  id uuid primary key default gen_random_uuid(),
  user_id text not null,
  project_id uuid references public.projects (id) on delete cascade,
  title text not null check (char_length(btrim(title)) between 1 and 400),
  notes text not null default '' check (char_length(notes) <= 20000),
  due_date date,
  priority text not null default 'normal' check (priority in ('low', 'normal', 'high')),
  completed boolean not null default false,
  completed_at timestamptz,
  position double precision not null default 0,
  -- Dirty tracking: every local edit bumps version; a push records the version it
  -- sent (task_sync_state.synced_version), so an edit made mid-push stays dirty.
  version integer not null default 1,
  deleted_at timestamptz,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);
create index if not exists tasks_user_project_idx on public.tasks (user_id, project_id, position) where deleted_at is null;
create index if not exists tasks_project_idx on public.tasks (project_id);

drop trigger if exists projects_set_updated_at on public.projects;
create trigger projects_set_updated_at before update on public.projects
  for each row execute function public.set_updated_at();
drop trigger if exists tasks_set_updated_at on public.tasks;
create trigger tasks_set_updated_at before update on public.tasks
  for each row execute function public.set_updated_at();

-- ═══ 20250915000000_outlook_sync_tables.sql ═══

-- The four tables of the operations guide (§4), plus what the design needs.

create table if not exists public.outlook_connections (
  id uuid primary key default gen_random_uuid(),
  user_id text not null unique,
  microsoft_account_id text not null,
  email text,
  display_name text,
  -- Default To Do list for Inbox tasks (tasks without a project).
  planner_list_id text,
  -- Supabase Vault secret id (or planner_secrets id) holding the refresh token.
  refresh_token_secret uuid,
  -- Encrypted (AES-256-GCM, TOKEN_ENCRYPTION_KEY) access token; never plaintext.
  access_token text,
  access_token_expires_at timestamptz,
  -- Bumped on every token write: refreshes save with compare-and-swap on it.
  token_version integer not null default 0,
  -- Lists delta cursor: the whole @odata.deltaLink URL of /me/todo/lists/delta.
  delta_token text,
  -- Kept for the guide's shape; To Do subscriptions are per list
  -- (project_outlook_lists.subscription_id), so these stay null.
  subscription_id text,
  subscription_expiration timestamptz,
  needs_reconnect boolean not null default false,
  needs_reconnect_reason text,
  is_sandbox boolean not null default false,
  last_sync_at timestamptz,
  last_full_sync_at timestamptz,
  last_error text,
  last_error_at timestamptz,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);

create table if not exists public.project_outlook_lists (
  id uuid primary key default gen_random_uuid(),
  user_id text not null,
  -- null = the connection's default list (Inbox tasks).
  project_id uuid references public.projects (id) on delete set null,
  is_default boolean not null default false,
  graph_list_id text not null,
  graph_list_name text not null,
  is_active boolean not null default true,
  subscription_id text,
  subscription_expires_at timestamptz,
  subscription_client_state text,
  -- Per-list tasks delta cursor: the whole @odata.deltaLink URL.
  delta_token text,
  -- Mass-delete guard: when set, this list's pull is paused (see health warnings).
  sync_paused_at timestamptz,
  sync_paused_reason text,
  last_synced_at timestamptz,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);
create unique index if not exists project_outlook_lists_project_key
  on public.project_outlook_lists (project_id) where project_id is not null;
create unique index if not exists project_outlook_lists_graph_list_key
  on public.project_outlook_lists (user_id, graph_list_id);
create unique index if not exists project_outlook_lists_default_key
  on public.project_outlook_lists (user_id) where is_default;
create unique index if not exists project_outlook_lists_subscription_id_key
  on public.project_outlook_lists (subscription_id) where subscription_id is not null;
create index if not exists project_outlook_lists_user_idx on public.project_outlook_lists (user_id, is_active);

create table if not exists public.task_sync_state (
  id uuid primary key default gen_random_uuid(),
  user_id text not null,
  task_id uuid not null unique,
  graph_task_id text,
  graph_list_id text,
  graph_etag text,
  last_sync_direction text check (last_sync_direction in ('push', 'pull')),
  -- Last-synced normalised fields and their hash: the base of the three-way merge.
  snapshot jsonb,
  snapshot_hash text,
  -- tasks.version that the last successful push carried.
  synced_version integer not null default 0,
  remote_modified_at timestamptz,
  last_synced_at timestamptz,
  last_error text,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);
create unique index if not exists task_sync_state_graph_task_key
  on public.task_sync_state (user_id, graph_task_id) where graph_task_id is not null;

create table if not exists public.task_sync_jobs (
  id bigint generated always as identity primary key,
  user_id text not null,
  task_id uuid,
  project_id uuid,
  action text not null check (action in ('create', 'update', 'delete', 'full_sync', 'project_sync', 'project_delete')),
  status text not null default 'pending' check (status in ('pending', 'processing', 'completed', 'failed', 'skipped')),
  -- Lower runs first: 0 interactive edits, 5 sync, 10 bulk (backfill, initial push).
  priority smallint not null default 0,
  attempts integer not null default 0,
  max_attempts integer not null default 8,
  last_error text,
  last_error_code text,
  payload jsonb not null default '{}'::jsonb,
  scheduled_at timestamptz not null default now(),
  worker_id text,
  picked_at timestamptz,
  locked_until timestamptz,
  completed_at timestamptz,
  result jsonb,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);

-- Exactly as the guide writes it: at most one active full_sync per user.
create unique index task_sync_jobs_unique_full_sync_active
  on task_sync_jobs (user_id)
  where action = 'full_sync' and status in ('pending', 'processing');

-- Coalescing: at most one pending update per task (later edits ride on it).
create unique index if not exists task_sync_jobs_unique_pending_update
  on public.task_sync_jobs (task_id)
  where action = 'update' and status = 'pending';

-- The claim reads only available rows; keep that index small and hot.
create index if not exists task_sync_jobs_available_idx
  on public.task_sync_jobs (priority, scheduled_at, id)
  where status in ('pending', 'processing');
create index if not exists task_sync_jobs_task_active_idx
  on public.task_sync_jobs (task_id, id)
  where status in ('pending', 'processing');
create index if not exists task_sync_jobs_user_status_idx on public.task_sync_jobs (user_id, status);
create index if not exists task_sync_jobs_failed_idx on public.task_sync_jobs (updated_at desc) where status = 'failed';
create index if not exists task_sync_jobs_completed_idx on public.task_sync_jobs (completed_at desc) where status = 'completed';

do $$
declare t text;
begin
  foreach t in array array['outlook_connections', 'project_outlook_lists', 'task_sync_state', 'task_sync_jobs'] loop
    execute format('drop trigger if exists %I on public.%I', t || '_set_updated_at', t);
    execute format('create trigger %I before update on public.%I for each row execute function public.set_updated_at()', t || '_set_updated_at', t);
  end loop;
end
$$;

-- Wake listening workers when a job is queued (workers also poll).
create or replace function public.notify_task_sync_job()
returns trigger
language plpgsql
as $$
begin
  perform pg_notify('task_sync_jobs', new.user_id);
  return new;
end
$$;
drop trigger if exists task_sync_jobs_notify on public.task_sync_jobs;
create trigger task_sync_jobs_notify after insert on public.task_sync_jobs
  for each row execute function public.notify_task_sync_job();

-- ═══ 20250920000000_vault_functions.sql ═══

-- public.vault_create_secret / vault_update_secret / vault_get_secret (guide §4).
-- On Supabase they delegate to Supabase Vault. Elsewhere the secret is stored in
-- planner_secrets, encrypted with pgcrypto (pgp_sym_encrypt, AES-256) under the key
-- the server puts in the `app.token_encryption_key` setting of its connection
-- (derived from TOKEN_ENCRYPTION_KEY). A stored secret is never plaintext.

create table if not exists public.planner_secrets (
  id uuid primary key default gen_random_uuid(),
  name text,
  description text,
  ciphertext bytea not null,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);
alter table public.planner_secrets enable row level security;
-- No policies: end users reach none of it; only the service connection does.

drop trigger if exists planner_secrets_set_updated_at on public.planner_secrets;
create trigger planner_secrets_set_updated_at before update on public.planner_secrets
  for each row execute function public.set_updated_at();

create or replace function public.planner_secret_key()
returns text
language plpgsql
stable
as $$
declare k text := nullif(current_setting('app.token_encryption_key', true), '');
begin
  if k is null then
    raise exception 'app.token_encryption_key is not set: the server must configure TOKEN_ENCRYPTION_KEY'
      using errcode = '22023';
  end if;
  return k;
end
$$;

create or replace function public.vault_create_secret(secret text, name text default null, description text default null)
returns uuid
language plpgsql
as $$
declare new_id uuid;
begin
  if secret is null then
    raise exception 'vault_create_secret: secret must not be null' using errcode = '22004';
  end if;
  if to_regnamespace('vault') is not null then
    execute 'select vault.create_secret($1, $2, $3)' into new_id using secret, name, description;
    return new_id;
  end if;
  insert into public.planner_secrets (name, description, ciphertext)
  values (name, description, pgp_sym_encrypt(secret, public.planner_secret_key()))
  returning id into new_id;
  return new_id;
end
$$;

create or replace function public.vault_update_secret(secret_id uuid, new_secret text)
returns void
language plpgsql
as $$
begin
  if new_secret is null then
    raise exception 'vault_update_secret: secret must not be null' using errcode = '22004';
  end if;
  if to_regnamespace('vault') is not null then
    execute 'select vault.update_secret($1, $2)' using secret_id, new_secret;
    return;
  end if;
  update public.planner_secrets
     set ciphertext = pgp_sym_encrypt(new_secret, public.planner_secret_key())
   where id = secret_id;
  if not found then
    raise exception 'vault_update_secret: no secret %', secret_id using errcode = 'P0002';
  end if;
end
$$;

create or replace function public.vault_get_secret(secret_id uuid)
returns text
language plpgsql
as $$
declare plain text;
begin
  if to_regnamespace('vault') is not null then
    execute 'select decrypted_secret from vault.decrypted_secrets where id = $1' into plain using secret_id;
    return plain;
  end if;
  select pgp_sym_decrypt(ciphertext, public.planner_secret_key()) into plain
    from public.planner_secrets where id = secret_id;
  return plain;
end
$$;

create or replace function public.vault_delete_secret(secret_id uuid)
returns void
language plpgsql
as $$
begin
  if to_regnamespace('vault') is not null then
    execute 'delete from vault.secrets where id = $1' using secret_id;
    return;
  end if;
  delete from public.planner_secrets where id = secret_id;
end
$$;

-- End users never call these directly; the server does, as the service role.
revoke all on function public.vault_create_secret(text, text, text) from public;
revoke all on function public.vault_update_secret(uuid, text) from public;
revoke all on function public.vault_get_secret(uuid) from public;
revoke all on function public.vault_delete_secret(uuid) from public;

-- ═══ 20251001000000_claim_task_sync_jobs.sql ═══

-- claim_task_sync_jobs (guide §6.3): atomically claims up to p_limit runnable jobs.
--  * pending jobs whose scheduled_at has come, and processing jobs whose lease
--    (locked_until) expired, so a crashed worker loses nothing;
--  * never a job of a user whose connection needs reconnecting (paused, not failed);
--  * never two jobs of one task at once: a job waits while an older job of the
--    same task is unfinished;
--  * fair between users: within the window of oldest runnable jobs, each user's
--    first job comes before anyone's second;
--  * FOR UPDATE SKIP LOCKED, stamping worker_id / picked_at / locked_until and
--    incrementing attempts before the rows are returned.

-- (this version of claim_task_sync_jobs is left out: 20251208000000 below replaces it)

-- ═══ 20251029000000_rls_policies.sql ═══

-- Row level security (guide §4): an end user's role reaches only its own rows.
-- The service connection (table owner / service_role) does worker and admin work.

do $$
declare t text;
begin
  foreach t in array array['projects', 'tasks', 'outlook_connections', 'project_outlook_lists', 'task_sync_state', 'task_sync_jobs'] loop
    execute format('alter table public.%I enable row level security', t);
    execute format('drop policy if exists %I on public.%I', t || '_own_rows', t);
    execute format(
      'create policy %I on public.%I for all to authenticated using (user_id = public.planner_current_user_id()) with check (user_id = public.planner_current_user_id())',
      t || '_own_rows', t);
    execute format('grant select, insert, update, delete on public.%I to authenticated', t);
    execute format('grant all on public.%I to service_role', t);
  end loop;
end
$$;

grant usage on schema public to authenticated, service_role;
grant usage, select on all sequences in schema public to authenticated, service_role;

-- ═══ 20251101000000_claim_user_affinity.sql ═══

-- claim_task_sync_jobs, second version: adds per-user affinity.
--
-- Everything the first version promised still holds (due jobs only, expired leases
-- reclaimed, users needing reconnect skipped, one job per task at a time, fair
-- between users, FOR UPDATE SKIP LOCKED, attempts counted at claim). New:
--  * per-user affinity: a user whose job is held under a live lease by another
--    worker is skipped, so one mailbox is worked by one worker at a time across
--    every process; that is what keeps Graph requests per mailbox bounded;
--  * claims are serialised with a transaction advisory lock, so each claim sees
--    the leases the previous one took (a claim takes milliseconds);
--  * priority first (interactive 0 before bulk 10), then round-robin between users
--    within a priority, then oldest first.

create index if not exists task_sync_jobs_processing_user_idx
  on public.task_sync_jobs (user_id, locked_until)
  where status = 'processing';

-- (this version of claim_task_sync_jobs is left out: 20251208000000 below replaces it)

-- ═══ 20251102000000_auth_tables.sql ═══

-- Accounts (Better Auth, see docs/decisions/0006-accounts-better-auth.md).
-- Better Auth's models map to snake_case tables and columns through its field
-- mapping (src/server/auth/auth.ts). Ids are text uuids made by the server.

create table if not exists public.users (
  id text primary key default gen_random_uuid()::text,
  name text not null,
  email text not null unique,
  email_verified boolean not null default false,
  image text,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);

create table if not exists public.auth_sessions (
  id text primary key default gen_random_uuid()::text,
  user_id text not null references public.users (id) on delete cascade,
  token text not null unique,
  expires_at timestamptz not null,
  ip_address text,
  user_agent text,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);
create index if not exists auth_sessions_user_idx on public.auth_sessions (user_id);

create table if not exists public.auth_accounts (
  id text primary key default gen_random_uuid()::text,
  user_id text not null references public.users (id) on delete cascade,
  account_id text not null,
  provider_id text not null,
  access_token text,
  refresh_token text,
  id_token text,
  access_token_expires_at timestamptz,
  refresh_token_expires_at timestamptz,
  scope text,
  -- scrypt hash (Better Auth's default) for the "credential" provider.
  password text,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);
create index if not exists auth_accounts_user_idx on public.auth_accounts (user_id);
create unique index if not exists auth_accounts_provider_key on public.auth_accounts (provider_id, account_id);

create table if not exists public.auth_verifications (
  id text primary key default gen_random_uuid()::text,
  identifier text not null,
  value text not null,
  expires_at timestamptz not null,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);
create index if not exists auth_verifications_identifier_idx on public.auth_verifications (identifier);

do $$
declare t text;
begin
  foreach t in array array['users', 'auth_sessions', 'auth_accounts', 'auth_verifications'] loop
    execute format('drop trigger if exists %I on public.%I', t || '_set_updated_at', t);
    execute format('create trigger %I before update on public.%I for each row execute function public.set_updated_at()', t || '_set_updated_at', t);
  end loop;
end
$$;

-- Deleting a user deletes their projects and tasks. A trigger rather than foreign
-- keys on projects.user_id / tasks.user_id, so sync workers, scripts and tests can
-- keep seeding rows for users that only exist on the Microsoft side of a test
-- (see docs/decisions/0006-accounts-better-auth.md).
create or replace function public.delete_user_planner_data()
returns trigger
language plpgsql
as $$
begin
  delete from public.tasks where user_id = old.id;
  delete from public.projects where user_id = old.id;
  return old;
end
$$;
drop trigger if exists users_delete_planner_data on public.users;
create trigger users_delete_planner_data after delete on public.users
  for each row execute function public.delete_user_planner_data();

-- Auth tables are the server's alone: end-user roles get nothing.
alter table public.users enable row level security;
alter table public.auth_sessions enable row level security;
alter table public.auth_accounts enable row level security;
alter table public.auth_verifications enable row level security;
grant all on public.users, public.auth_sessions, public.auth_accounts, public.auth_verifications to service_role;

-- ═══ 20251103000000_oauth_states.sql ═══

-- Pending "Connect Outlook" flows (guide §1): one row per /authorize, bound to the
-- user and the session that started it, single-use, valid for 10 minutes.
-- The state itself is stored only as a SHA-256 hash; the PKCE code_verifier is
-- encrypted (AES-256-GCM, TOKEN_ENCRYPTION_KEY). Only the service connection
-- reads this table (RLS on, no policies).

create table if not exists public.oauth_states (
  state_hash text primary key,
  user_id text not null,
  session_hash text not null,
  code_verifier text not null,
  created_at timestamptz not null default now(),
  expires_at timestamptz not null,
  used_at timestamptz
);
create index if not exists oauth_states_user_idx on public.oauth_states (user_id);
create index if not exists oauth_states_expires_idx on public.oauth_states (expires_at);

alter table public.oauth_states enable row level security;
grant all on public.oauth_states to service_role;

-- ═══ 20251104000000_ops_alerts_and_metric_samples.sql ═══

-- Operations (issue 8): alert state for once-per-warning notifications, a small
-- time series of metric samples for the /admin charts, and one index the health
-- report needs to find the oldest pending job without sorting the backlog.

-- One row per warning code. resolved_at is null while the warning is firing;
-- the alert check claims a new warning by inserting (or re-opening) its row and
-- claims a resolution by setting resolved_at, so two checks never both notify.
create table if not exists public.ops_alert_state (
  code text primary key,
  severity text not null check (severity in ('info', 'warning', 'critical')),
  message text not null,
  count integer,
  fired_at timestamptz not null default now(),
  resolved_at timestamptz,
  notify_count integer not null default 0,
  updated_at timestamptz not null default now()
);

-- Per-minute buckets: counters are summed into a bucket (jobs, 429s, ...),
-- gauges (queue depth) keep the last sample of the bucket. Pruned after 7 days.
create table if not exists public.ops_metric_samples (
  metric text not null,
  label text not null default '',
  bucket_start timestamptz not null,
  value double precision not null,
  primary key (metric, bucket_start, label)
);
create index if not exists ops_metric_samples_bucket_idx on public.ops_metric_samples (bucket_start);

-- Oldest pending job (health §9) by age, read without sorting a large backlog.
create index if not exists task_sync_jobs_pending_created_idx
  on public.task_sync_jobs (created_at, id)
  where status = 'pending';

drop trigger if exists ops_alert_state_set_updated_at on public.ops_alert_state;
create trigger ops_alert_state_set_updated_at before update on public.ops_alert_state
  for each row execute function public.set_updated_at();

-- Operator-only tables: no end-user policy, so the authenticated role sees nothing.
alter table public.ops_alert_state enable row level security;
alter table public.ops_metric_samples enable row level security;
grant all on public.ops_alert_state to service_role;
grant all on public.ops_metric_samples to service_role;

-- ═══ 20251105000000_task_sync_state_pending_create.sql ═══

-- Idempotent creates (issue 6): before a create POSTs a task to To Do, the push
-- records which list it is posting into. If the worker dies (or the POST times
-- out) before the Graph task id is saved, the retry finds that list's task by
-- its linkedResource externalId (our task id) instead of creating a second one.
-- Cleared when the Graph id is stored.
alter table public.task_sync_state add column if not exists pending_create_list_id text;
alter table public.task_sync_state add column if not exists pending_create_at timestamptz;

-- ═══ 20251106000000_sync_conflicts.sql ═══

-- The pull engine's conflict log (issue 7, decision 0027) and subscription upkeep.
--
-- sync_conflicts: one row per field that changed on both sides since the last sync.
-- The later edit won automatically (ties go to Planner); the row keeps the loser's
-- value so the user can see it on /conflicts and undo the resolution. A row is
-- "open" (counted by the health report) until the user keeps or undoes it.

create table if not exists public.sync_conflicts (
  id uuid primary key default gen_random_uuid(),
  user_id text not null,
  task_id uuid not null references public.tasks (id) on delete cascade,
  graph_task_id text,
  field text not null check (field in ('title', 'notes', 'due_date', 'priority', 'completed')),
  base_value jsonb,
  local_value jsonb,
  remote_value jsonb,
  winner text not null check (winner in ('local', 'remote')),
  local_modified_at timestamptz,
  remote_modified_at timestamptz,
  -- Set when the user kept or undid the resolution; null = awaiting review.
  resolved_at timestamptz,
  resolution text check (resolution in ('kept', 'undone')),
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);
create index if not exists sync_conflicts_user_idx on public.sync_conflicts (user_id, created_at desc);
create index if not exists sync_conflicts_open_idx on public.sync_conflicts (user_id) where resolved_at is null;
create index if not exists sync_conflicts_task_idx on public.sync_conflicts (task_id);

drop trigger if exists sync_conflicts_set_updated_at on public.sync_conflicts;
create trigger sync_conflicts_set_updated_at before update on public.sync_conflicts
  for each row execute function public.set_updated_at();

alter table public.sync_conflicts enable row level security;
drop policy if exists sync_conflicts_own_rows on public.sync_conflicts;
create policy sync_conflicts_own_rows on public.sync_conflicts for all to authenticated
  using (user_id = public.planner_current_user_id())
  with check (user_id = public.planner_current_user_id());
grant select, insert, update, delete on public.sync_conflicts to authenticated;
grant all on public.sync_conflicts to service_role;

-- A reauthorizationRequired lifecycle event marks the subscription here (the webhook
-- makes no Graph call); the next full_sync or /subscriptions run renews it.
alter table public.project_outlook_lists
  add column if not exists subscription_renew_requested_at timestamptz;

-- The pull reads a list's task states by list.
create index if not exists task_sync_state_list_idx on public.task_sync_state (user_id, graph_list_id);

-- ═══ 20251108000000_claim_fair_across_users.sql ═══

-- claim_task_sync_jobs, third version: round-robin over EVERY user with runnable work,
-- across claims.
--
-- The second version (20251101000000) ranked users round-robin only inside the oldest
-- 20 × p_limit runnable rows, and between claims served the user with the oldest job
-- first, so at one priority a user whose jobs were queued behind other users' bursts
-- waited for nearly the whole backlog (bench (i): the last of 200 users behind 9,336
-- jobs). Now:
--
--  1. users with pending jobs are enumerated by a loose index scan (one index probe
--     per user, however many jobs each has) over task_sync_jobs_pending_user_idx, plus
--     users holding a job whose lease expired;
--  2. users held by another worker (affinity) or needing reconnect are dropped;
--  3. each remaining user's first runnable job gives its best priority; a user can
--     only have its i-th job picked when i + (users whose best priority is at least
--     as good, itself excluded) ≤ p_limit (each of those users' first job comes
--     first), so each user contributes only its first max(1, p_limit − those users)
--     runnable jobs: one each when many users wait, up to p_limit for a user alone;
--  4. candidates are ranked: priority first, then round-robin between users within a
--     priority (rank of the job among its user's jobs of that priority), then the user
--     whose turn is oldest (task_sync_user_turns.last_claimed_at, never first), then
--     the oldest job. Every claim stamps the turn of the users it served, so a user
--     with a long backlog goes to the back of the round after each claim.
--
-- Every guarantee of the second version is kept: due jobs only, expired leases
-- reclaimed, users needing reconnect skipped, per-user affinity (a user whose job is
-- held under a live lease by another worker is skipped), one job per task at a time in
-- id order, priority first, FOR UPDATE SKIP LOCKED, attempts counted at claim, claims
-- serialised by the transaction advisory lock.
--
-- Cost: a handful of index probes per user with pending jobs, independent of how many
-- jobs each user has or how many completed rows the table holds (bench/claim-timing.ts).

-- When a claim last served each user (one row per user who ever had a job claimed).
create table if not exists public.task_sync_user_turns (
  user_id text primary key,
  last_claimed_at timestamptz not null
);
alter table public.task_sync_user_turns enable row level security;

create index if not exists task_sync_jobs_pending_user_idx
  on public.task_sync_jobs (user_id, priority, scheduled_at, id)
  where status = 'pending';

-- (this version of claim_task_sync_jobs is left out: 20251208000000 below replaces it)

-- ═══ 20251108000100_mailbox_throttle_pause.sql ═══

-- Throttling pauses the whole mailbox and is not held against max_attempts (issue 6 point 4,
-- bench (c), decision 0033).
--
--  * outlook_connections.throttled_until: set when Graph answers 429 (or 503 with
--    Retry-After) for the user's mailbox, to now() + Retry-After; claim_task_sync_jobs
--    skips the user until then, so none of the user's other jobs hits the mailbox while
--    it must wait (a job already claimed with it is handed back unstarted);
--  * task_sync_jobs.throttle_count: throttled retries of the job. Every claim still
--    counts an attempt, but attempts - throttle_count is what max_attempts limits;
--    the job fails instead once throttle_count reaches the cap in
--    src/sync/retry-policy.ts.
--
-- claim_task_sync_jobs below is 20251108000000's with the throttled users skipped.

alter table public.outlook_connections add column if not exists throttled_until timestamptz;
alter table public.task_sync_jobs add column if not exists throttle_count integer not null default 0;

-- (this version of claim_task_sync_jobs is left out: 20251208000000 below replaces it)

-- ═══ 20251109000000_task_copy_missing.sql ═══

-- task_sync_state.copy_missing_at: the task's To Do copy answered 404 to a PATCH at
-- this time. A 404 does not say whether the task was deleted in Outlook or moved to
-- another list there (Graph gives a moved task a new id), so the push does not
-- recreate it at once: it queues a full_sync and waits for it. The pull either re-links
-- the task to its moved copy or applies the deletion (both clear this column); if the
-- column is still set after a full_sync that ran later, the copy really is gone and
-- the push recreates it (guide §6.4 "404 → recreate").
alter table public.task_sync_state
  add column if not exists copy_missing_at timestamptz;

-- ═══ 20251110000000_finished_jobs_retention.sql ═══

-- Retention of finished queue rows (src/jobs/queue-upkeep.ts, OUTLOOK_JOB_RETENTION_DAYS):
-- completed rows are found through task_sync_jobs_completed_idx; this is its twin for
-- skipped rows, so the periodic purge never scans the table.
create index if not exists task_sync_jobs_skipped_idx
  on public.task_sync_jobs (completed_at)
  where status = 'skipped';

-- ═══ 20251201000000_subscription_upkeep.sql ═══

-- Subscriptions are kept by the runner's tick, not only by the 30-minute cron (issue 13 §1):
-- each tick looks for list mappings whose subscription is missing, expiring, flagged by
-- reauthorizationRequired, or left behind by an archived mapping, and maintains them.
--
-- subscription_attempted_at: when upkeep last took this mapping in hand. It is a short
-- lease (two runners, or a runner and a full_sync, never create the same list's
-- subscription at once; Graph would answer the second with 409) and the back-off after a
-- failure (a list whose subscription cannot be created is retried after
-- OUTLOOK_SUBSCRIPTION_RETRY_SEC, not on every tick).
-- subscription_error / subscription_failed_at: the last failure, cleared by the next success
-- (shown by /health and the integrations page).
alter table public.project_outlook_lists
  add column if not exists subscription_attempted_at timestamptz,
  add column if not exists subscription_error text,
  add column if not exists subscription_failed_at timestamptz;

-- The tick's look-up of due mappings stays an index scan however many lists there are.
create index if not exists project_outlook_lists_subscription_due
  on public.project_outlook_lists ((coalesce(subscription_expires_at, '-infinity'::timestamptz)))
  where is_active;
create index if not exists project_outlook_lists_subscription_renew_requested
  on public.project_outlook_lists (subscription_renew_requested_at)
  where subscription_renew_requested_at is not null;
create index if not exists project_outlook_lists_subscription_orphaned
  on public.project_outlook_lists (user_id)
  where subscription_id is not null and not is_active;

-- ═══ 20251201000100_full_sync_follow_up.sql ═══

-- No lost notifications (issue 14 §3): a change announced while the user's full_sync is
-- *processing* may come after that sync read the list, and the guide's partial unique index
-- (one pending/processing full_sync per user, kept as written) leaves no room for a second
-- job. enqueueTaskSyncJob then records the request on the running job instead
-- (follow_up_requested_at), and when that job leaves 'processing' for good (completed, failed
-- or skipped) this trigger queues the follow-up full_sync in the same transaction. A job
-- handed back to 'pending' (deferred, throttled) keeps the flag: its own re-run reads the
-- lists again, and the follow-up comes after that run.
alter table public.task_sync_jobs
  add column if not exists follow_up_requested_at timestamptz;

create or replace function public.task_sync_jobs_queue_follow_up() returns trigger
language plpgsql as $$
begin
  insert into public.task_sync_jobs (user_id, action, payload, priority)
  values (new.user_id, 'full_sync', jsonb_build_object('reason', 'follow_up', 'requested_at', new.follow_up_requested_at), new.priority)
  on conflict (user_id) where action = 'full_sync' and status in ('pending', 'processing') do nothing;
  return null;
end $$;

drop trigger if exists task_sync_jobs_follow_up on public.task_sync_jobs;
create trigger task_sync_jobs_follow_up after update of status on public.task_sync_jobs
  for each row
  when (new.action = 'full_sync' and old.status = 'processing' and new.status in ('completed', 'failed', 'skipped')
        and new.follow_up_requested_at is not null)
  execute function public.task_sync_jobs_queue_follow_up();

-- ═══ 20251202000000_planner_admins.sql ═══

-- Operators (docs/decisions/0039): who may open /admin is a row here, granted by an
-- operator with `npm run planner -- admin grant <email>`, never by signing up with an
-- address. Deleting the user removes the grant.
create table if not exists public.planner_admins (
  user_id text primary key references public.users (id) on delete cascade,
  granted_by text not null,
  granted_at timestamptz not null default now()
);

alter table public.planner_admins enable row level security;
grant all on public.planner_admins to service_role;

-- ═══ 20251202000100_schema_migrations_rls.sql ═══

-- planner_schema_migrations (src/db/migrate.ts) gets row level security like every
-- other table: on Supabase the default grants would otherwise let anon and
-- authenticated read it. Only the service connection (the owner) uses it.
-- `supabase db push` tracks migrations itself, so the table may not exist there yet;
-- the app creates it before it applies this file.
do $$
begin
  if to_regclass('public.planner_schema_migrations') is not null then
    alter table public.planner_schema_migrations enable row level security;
    if exists (select 1 from pg_roles where rolname = 'anon') then
      revoke all on public.planner_schema_migrations from anon;
    end if;
    if exists (select 1 from pg_roles where rolname = 'authenticated') then
      revoke all on public.planner_schema_migrations from authenticated;
    end if;
    if exists (select 1 from pg_roles where rolname = 'service_role') then
      grant all on public.planner_schema_migrations to service_role;
    end if;
  end if;
end
$$;

-- ═══ 20251203000000_claim_by_user_turns.sql ═══

-- claim_task_sync_jobs, fourth version. THIS IS THE LIVE DEFINITION of the claim: the
-- versions in 20251001000000, 20251101000000, 20251108000000 and 20251108000100 are
-- history (applied migrations are never edited). Change the claim by writing a new
-- migration that restates the whole function, and say there that it is the live one.
--
-- Why (issue 15, decision 0045): the third version walked every user with a pending job
-- on each call (a loose index scan) under one global advisory lock, so a claim of 25
-- took ~1.2 s with 20,000 users waiting and four claimers drained 36 jobs/s. Now:
--
--  * task_sync_user_turns is the ready table: one row per user who may have work (a
--    pending job, or a job in flight), with the user's best pending priority, when it
--    is next worth looking at (ready_at) and its place in the round (last_claimed_at,
--    null = not served since it last had work: first in the round). Triggers keep it:
--    inserting a job, or handing one back to pending, creates the row or lowers its
--    priority and ready_at (only ever lowers them: the row is a hint that is never
--    later or worse than the truth; the claim makes it exact for the users it visits);
--  * a claim (1) locks the first ready users in round order (priority, then turn) with
--    FOR UPDATE SKIP LOCKED, so concurrent claimers take different users and no lock is
--    shared by all of them; (2) in a second statement (a fresh snapshot, taken after
--    those row locks, so it sees every lease the previous holder of a user took) takes
--    their first runnable jobs, and puts the users it served (and those it found
--    held by another worker or with nothing runnable) at the back of the round; (3)
--    recomputes each visited user's row: deleted when nothing is left or the user
--    needs reconnecting (reconnecting puts it back, trigger below), ready_at moved to
--    when its next job is due, its lease ends, or its mailbox pause ends.
--
-- Cost: a fixed number of index probes for at most p_limit + 4 users, whatever the
-- number of users waiting, jobs queued or rows kept.
--
-- Every guarantee of the third version is kept: due jobs only; expired leases
-- reclaimed; users needing reconnect and users whose mailbox is throttled
-- (outlook_connections.throttled_until) skipped; per-user affinity (a user whose job
-- another worker holds under a live lease is skipped: a user's claims are serialised
-- by its turns row lock); one job per task at a time, in id order; priority first
-- (interactive 0 before sync 5 before bulk 10, and a user's i-th job only when every
-- user whose best priority is at least as good gets one first); round-robin between
-- users within a priority, within a claim (rank of the job inside its user) and
-- across claims (the turn); FOR UPDATE SKIP LOCKED; attempts counted at claim.

alter table public.task_sync_user_turns alter column last_claimed_at drop not null;
alter table public.task_sync_user_turns add column if not exists priority smallint not null default 0;
alter table public.task_sync_user_turns add column if not exists ready_at timestamptz not null default now();

-- The old rows are users ever served; the table now holds only users with work.
delete from public.task_sync_user_turns;
insert into public.task_sync_user_turns (user_id, priority, ready_at, last_claimed_at)
select j.user_id,
       coalesce(min(j.priority) filter (where j.status = 'pending'), min(j.priority)),
       least(min(j.scheduled_at) filter (where j.status = 'pending'), min(j.locked_until) filter (where j.status = 'processing')),
       null
  from public.task_sync_jobs j
 where j.status in ('pending', 'processing')
 group by j.user_id;

-- The round: ready users in claim order (ready_at is a key column so rows that are not
-- ready yet are passed over inside the index).
create index if not exists task_sync_user_turns_round_idx
  on public.task_sync_user_turns (priority, last_claimed_at nulls first, ready_at);

-- When a user's next pending job is due, in one probe (the claim's recompute).
create index if not exists task_sync_jobs_pending_user_due_idx
  on public.task_sync_jobs (user_id, scheduled_at)
  where status = 'pending';

-- A job became pending (inserted, handed back, requeued): its user is ready by its time.
-- Security definer: the outbox inserts jobs as the signed-in user (RLS role), who has no
-- rights on the turns table itself.
create or replace function public.task_sync_jobs_mark_user_ready() returns trigger
language plpgsql security definer set search_path = public, pg_temp as $$
begin
  insert into public.task_sync_user_turns as t (user_id, priority, ready_at)
  select n.user_id, min(n.priority), min(n.scheduled_at)
    from changed_jobs n
   where n.status = 'pending'
   group by n.user_id
   order by n.user_id
  on conflict (user_id) do update
    set priority = least(t.priority, excluded.priority),
        ready_at = least(t.ready_at, excluded.ready_at);
  return null;
end $$;

drop trigger if exists task_sync_jobs_ready_on_insert on public.task_sync_jobs;
create trigger task_sync_jobs_ready_on_insert after insert on public.task_sync_jobs
  referencing new table as changed_jobs
  for each statement execute function public.task_sync_jobs_mark_user_ready();
drop trigger if exists task_sync_jobs_ready_on_update on public.task_sync_jobs;
create trigger task_sync_jobs_ready_on_update after update on public.task_sync_jobs
  referencing new table as changed_jobs
  for each statement execute function public.task_sync_jobs_mark_user_ready();

-- A user reconnected, or its mailbox pause was shortened or lifted: ready again now
-- (the claim re-checks and, if still paused, moves ready_at to the pause's end).
create or replace function public.outlook_connections_mark_user_ready() returns trigger
language plpgsql security definer set search_path = public, pg_temp as $$
begin
  insert into public.task_sync_user_turns as t (user_id, priority, ready_at)
  select j.user_id, min(j.priority), now()
    from public.task_sync_jobs j
   where j.user_id = new.user_id
     and j.status in ('pending', 'processing')
   group by j.user_id
  on conflict (user_id) do update
    set priority = least(t.priority, excluded.priority),
        ready_at = least(t.ready_at, excluded.ready_at);
  return null;
end $$;

drop trigger if exists outlook_connections_ready_user on public.outlook_connections;
create trigger outlook_connections_ready_user after update of needs_reconnect, throttled_until on public.outlook_connections
  for each row
  when (not new.needs_reconnect
        and (old.needs_reconnect
             or (old.throttled_until is not null and (new.throttled_until is null or new.throttled_until < old.throttled_until))))
  execute function public.outlook_connections_mark_user_ready();

-- (this version of claim_task_sync_jobs is left out: 20251208000000 below replaces it)

-- ═══ 20251203000100_targeted_pulls_and_safety_net.sql ═══

-- Pulls aimed at the list that changed, and a safety net sized to need (issue 15 §3–4,
-- decision 0045).
--
--  * outlook_connections.last_notification_at: when a genuine change notification for one
--    of the user's subscriptions last arrived (the webhook stamps it). With every list
--    subscribed and notifications arriving after Planner's own pushes, the safety-net
--    full_sync runs every OUTLOOK_FULL_SYNC_HEALTHY_INTERVAL_MIN (hours) instead of every
--    OUTLOOK_FULL_SYNC_INTERVAL_MIN;
--  * outlook_connections.lists_pulled_at: when the lists delta last ran. A full_sync
--    aimed at some lists (a notification's) reads only their task deltas, and the lists
--    delta only when it is older than OUTLOOK_LISTS_DELTA_INTERVAL_MIN.
--  * task_sync_user_turns is rewritten by every claim (its round index changes, so no
--    HOT updates): vacuum it as soon as a few hundred rows are dead, without cost delay,
--    so the claim's index scan does not wade through dead entries.

alter table public.outlook_connections add column if not exists last_notification_at timestamptz;
alter table public.outlook_connections add column if not exists lists_pulled_at timestamptz;

alter table public.task_sync_user_turns set (
  autovacuum_vacuum_scale_factor = 0,
  autovacuum_vacuum_threshold = 500,
  autovacuum_vacuum_cost_delay = 0,
  autovacuum_analyze_scale_factor = 0.05,
  fillfactor = 70
);

-- ═══ 20251203000200_conflict_on_deletion.sql ═══

-- Issue 14 §2 (decision 0047): what the sync keeps against a deletion is shown in the
-- conflict log like a field both sides changed. field = 'deleted': local_value and
-- remote_value say whether that side had deleted the task (true) or edited it (false);
-- the edit won. Undo deletes the task again.
alter table public.sync_conflicts drop constraint if exists sync_conflicts_field_check;
alter table public.sync_conflicts add constraint sync_conflicts_field_check
  check (field in ('title', 'notes', 'due_date', 'priority', 'completed', 'deleted'));

-- ═══ 20251203000200_follow_up_aimed.sql ═══

-- A follow-up full_sync (20251201000100, decision 0041) is aimed at the lists its requests
-- named (issue 15 §3, decision 0045). A request that arrives while the user's full_sync is
-- processing adds its lists to that job's payload.follow_up_lists (the string "all" when
-- it asked for every list, or when an earlier request did); the follow-up queued when the
-- job ends carries them as payload.lists. A follow-up that finds a pending full_sync
-- widens it the same way instead of being dropped. Without this every notification of a
-- change made during a pull (our own pushes' echoes too) queued a pull of every list.
create or replace function public.task_sync_jobs_queue_follow_up() returns trigger
language plpgsql as $$
declare
  v_lists jsonb := case when jsonb_typeof(new.payload->'follow_up_lists') = 'array' then new.payload->'follow_up_lists' end;
begin
  insert into public.task_sync_jobs as t (user_id, action, payload, priority)
  values (new.user_id, 'full_sync',
          jsonb_build_object('reason', 'follow_up', 'requested_at', new.follow_up_requested_at)
            || case when v_lists is not null then jsonb_build_object('lists', v_lists) else '{}'::jsonb end,
          new.priority)
  on conflict (user_id) where action = 'full_sync' and status in ('pending', 'processing')
  do update set payload = case
                  when v_lists is not null and jsonb_typeof(t.payload->'lists') = 'array'
                    then jsonb_set(t.payload, '{lists}', (select coalesce(jsonb_agg(distinct l), '[]'::jsonb)
                           from (select jsonb_array_elements_text(t.payload->'lists') as l
                                 union select jsonb_array_elements_text(v_lists)) ls))
                  else t.payload - 'lists'
                end
   where t.status = 'pending';
  return null;
end $$;

-- ═══ 20251207000100_full_fidelity_tasks.sql ═══

-- Issue 16: everything a person sets in Microsoft To Do has a home in Planner
-- (decisions 0055–0058).
--
-- tasks.status      the task's open status (To Do's notStarted, inProgress,
--                   waitingOnOthers, deferred); `completed` stays the done flag, and a
--                   completed task keeps the status it had, so reopening restores it.
-- tasks.start_date  date-only, like due_date (To Do's startDateTime).
-- tasks.categories  To Do's categories, Planner's tags: names, in the order set.
-- tasks.reminder_at the reminder's instant (isReminderOn + reminderDateTime); null = none.
-- tasks.recurrence  the repeat, as src/sync/recurrence.ts models patternedRecurrence.
-- tasks.steps       the subtasks (To Do's checklistItems), in order:
--                   [{"id": uuid, "title": text, "checked": bool, "checked_at": iso|null}].
-- user_settings     per-user settings the sync needs: the time zone reminders and due
--                   dates are read and written in, and how lists and projects relate.
alter table public.tasks
  add column if not exists status text not null default 'notStarted'
    check (status in ('notStarted', 'inProgress', 'waitingOnOthers', 'deferred')),
  add column if not exists start_date date,
  add column if not exists categories text[] not null default '{}'
    check (cardinality(categories) <= 25),
  add column if not exists reminder_at timestamptz,
  add column if not exists recurrence jsonb
    check (recurrence is null or jsonb_typeof(recurrence) = 'object'),
  add column if not exists steps jsonb not null default '[]'
    check (jsonb_typeof(steps) = 'array' and jsonb_array_length(steps) <= 100);

create table if not exists public.user_settings (
  user_id text primary key,
  -- IANA zone (e.g. Europe/Berlin); null = not chosen yet (UTC until then).
  time_zone text check (time_zone is null or char_length(time_zone) between 1 and 64),
  -- A list created in To Do becomes a Planner project (issue 16 §5).
  lists_become_projects boolean not null default true,
  -- Planner's Inbox is a list of its own named "Planner Inbox" ('planner-inbox', the
  -- default: connecting never pulls a person's whole "Tasks" list into Planner) or To
  -- Do's built-in "Tasks" list ('todo-default').
  inbox_list text not null default 'planner-inbox' check (inbox_list in ('todo-default', 'planner-inbox')),
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);

drop trigger if exists user_settings_set_updated_at on public.user_settings;
create trigger user_settings_set_updated_at before update on public.user_settings
  for each row execute function public.set_updated_at();

alter table public.user_settings enable row level security;
drop policy if exists user_settings_own_rows on public.user_settings;
create policy user_settings_own_rows on public.user_settings for all to authenticated
  using (user_id = public.planner_current_user_id()) with check (user_id = public.planner_current_user_id());
grant select, insert, update, delete on public.user_settings to authenticated;
grant all on public.user_settings to service_role;

-- The conflict log names the new fields too.
alter table public.sync_conflicts drop constraint if exists sync_conflicts_field_check;
alter table public.sync_conflicts add constraint sync_conflicts_field_check
  check (field in ('title', 'notes', 'due_date', 'priority', 'completed', 'deleted',
                   'status', 'start_date', 'categories', 'reminder_at', 'recurrence', 'steps'));

-- ═══ 20251207000200_steps_sync.sql ═══

-- Issue 16 §1 (decision 0057): steps ↔ subtasks.
--
-- task_sync_state.steps_base  the steps as last synced on both sides: [{"id": Planner
--                             step id, "graphId": checklistItem id, "title", "checked"}];
--                             null = the task's steps were never synced.
-- Task delta rounds now ask Graph for each task's steps ($expand=checklistItems on the
-- first call; the links keep it). A cursor started before that would never carry them,
-- so every stored task cursor is dropped once: each list's next pull is a complete round,
-- the path a 410 takes (nothing is lost: items are matched by id and by our link).
alter table public.task_sync_state add column if not exists steps_base jsonb
  check (steps_base is null or jsonb_typeof(steps_base) = 'array');

update public.project_outlook_lists set delta_token = null where delta_token is not null;

-- ═══ 20251208000000_claim_one_pass_per_user.sql ═══

-- claim_task_sync_jobs, fifth version. THIS IS THE LIVE DEFINITION of the claim: the
-- versions in 20251001000000, 20251101000000, 20251108000000, 20251108000100 and
-- 20251203000000 are history (applied migrations are never edited, decision 0044).
-- Change the claim by writing a new migration that restates the whole function, and
-- say there that it is the live one.
--
-- Why (issue 15 bench (d), decision 0058): the fourth version wrote every visited
-- user's turns row twice per claim (its turn, then its ready_at), and left a served
-- user ready while its holder worked, so the other claimers kept visiting (locking,
-- probing, rewriting) users they could not take. Now:
--
--  * one statement takes the jobs and rewrites each visited user's row once: its turn,
--    its best pending priority and ready_at, computed from the snapshot with the jobs
--    just claimed left out;
--  * a served user's ready_at is its new lease's end: nobody else may take it before
--    then (affinity), and its holder finishing a job makes it ready at once (the
--    trigger below), so no claimer visits a user that another one holds;
--  * the time is p_now (default now()), so callers and tests can set the clock.
--
-- Every guarantee of the fourth version is kept: due jobs only; expired leases
-- reclaimed; users needing reconnect and users whose mailbox is throttled
-- (outlook_connections.throttled_until) skipped; per-user affinity (a user whose job
-- another worker holds under a live lease is skipped; a user's claims are serialised
-- by its turns row lock, taken with FOR UPDATE SKIP LOCKED, no lock shared by all
-- claimers); one job per task at a time, in id order; priority first (interactive 0
-- before sync 5 before bulk 10, and a user's i-th job only when every visited user
-- whose best priority is at least as good gets one first); round-robin between users
-- within a priority, within a claim (rank of the job inside its user) and across claims
-- (the turn); FOR UPDATE SKIP LOCKED on the jobs; attempts counted at claim, worker_id,
-- picked_at and the lease stamped before the rows are returned. One thing changes: the
-- holder of a user no longer takes more of that user's jobs before it finishes one
-- (processTaskSyncJobs claims again only after its batch's completions are written).

-- The signature gains p_now: drop the old one so a call with three arguments is not ambiguous.
drop function if exists public.claim_task_sync_jobs(text, integer, integer);

create function public.claim_task_sync_jobs(
  p_worker_id text,
  p_limit integer default 25,
  p_lease_seconds integer default 300,
  p_now timestamptz default now()
)
returns setof public.task_sync_jobs
language plpgsql
volatile
as $$
declare
  v_now timestamptz := coalesce(p_now, now());
  v_lease_end timestamptz := coalesce(p_now, now()) + make_interval(secs => greatest(p_lease_seconds, 1));
  v_users text[];
begin
  if p_limit is null or p_limit <= 0 then
    return;
  end if;

  -- 1. Whose turn it is. Up to p_limit + 4 ready users in round order, row-locked until
  --    commit; users another claimer holds right now are skipped, not waited for. The
  --    few extra users leave room for some found held by another worker or paused.
  select array_agg(r.user_id) into v_users
    from (select t.user_id
            from public.task_sync_user_turns t
           where t.ready_at <= v_now
           order by t.priority, t.last_claimed_at nulls first, t.ready_at
           limit p_limit + 4
             for update skip locked) r;
  if v_users is null then
    return;
  end if;

  -- 2. Their first runnable jobs, and each visited user's row rewritten once. A new
  --    statement, so a new snapshot: it sees the leases of any claim that held one of
  --    these users before us.
  return query
  with visited as (
    -- (Every read of the turns table goes through its primary key, = any(v_users): a
    -- join would make the planner scan the whole table.)
    select t.user_id, t.priority, t.last_claimed_at as turn,
           row_number() over (order by t.priority, t.last_claimed_at nulls first, t.ready_at) as ord,
           coalesce(c.needs_reconnect, false) as needs_reconnect,
           c.throttled_until,
           -- Affinity: another worker holds one of this user's jobs under a live lease.
           (select min(b.locked_until)
              from public.task_sync_jobs b
             where b.user_id = t.user_id
               and b.status = 'processing'
               and b.locked_until >= v_now
               and b.worker_id is distinct from p_worker_id) as held_until
      from public.task_sync_user_turns t
      left join public.outlook_connections c on c.user_id = t.user_id
     where t.user_id = any(v_users)
  ),
  users as (
    -- Not needing reconnect, mailbox not paused, not held by another worker.
    select v.user_id, v.priority, v.turn
      from visited v
     where not v.needs_reconnect
       and (v.throttled_until is null or v.throttled_until <= v_now)
       and v.held_until is null
  ),
  quota as (
    -- Every user whose best priority is at least as good as this user's (itself
    -- excluded) gets a job ahead of this user's second one: take only what can be picked.
    select u.user_id, u.turn,
           greatest(1, p_limit - (count(*) over (order by u.priority range between unbounded preceding and current row) - 1))::int as take
      from users u
  ),
  candidates as (
    -- A user's first runnable pending jobs. One job per task at a time, in order: a job
    -- waits while an older job of its task is unfinished, or another of its jobs runs
    -- under a live lease.
    select j.id, j.user_id, j.priority, j.scheduled_at, q.turn
      from quota q
      cross join lateral (
        select j.id, j.user_id, j.priority, j.scheduled_at
          from public.task_sync_jobs j
         where j.user_id = q.user_id
           and j.status = 'pending'
           and j.scheduled_at <= v_now
           and (j.task_id is null or not exists (
                 select 1 from public.task_sync_jobs o
                  where o.task_id = j.task_id
                    and o.id <> j.id
                    and o.status in ('pending', 'processing')
                    and (o.id < j.id or (o.status = 'processing' and o.locked_until >= v_now))))
         order by j.priority, j.scheduled_at, j.id
         limit q.take
      ) j
    union all
    -- Jobs whose worker's lease ran out (a crashed worker): taken again.
    select j.id, j.user_id, j.priority, j.scheduled_at, q.turn
      from quota q
      cross join lateral (
        select j.id, j.user_id, j.priority, j.scheduled_at
          from public.task_sync_jobs j
         where j.user_id = q.user_id
           and j.status = 'processing'
           and j.locked_until < v_now
           and (j.task_id is null or not exists (
                 select 1 from public.task_sync_jobs o
                  where o.task_id = j.task_id
                    and o.id <> j.id
                    and o.status in ('pending', 'processing')
                    and (o.id < j.id or (o.status = 'processing' and o.locked_until >= v_now))))
         order by j.id
         limit q.take
      ) j
  ),
  ordered as (
    -- Priority, then round-robin inside the claim (rank within the user), then the
    -- user's turn (never served first), then age.
    select r.id, r.user_id,
           row_number() over (order by r.priority, r.user_rank, r.turn nulls first, r.scheduled_at, r.id) as pos
      from (select c.*, row_number() over (partition by c.user_id, c.priority order by c.scheduled_at, c.id) as user_rank
              from candidates c) r
  ),
  picked as (
    select j.id, o.user_id, o.pos
      from public.task_sync_jobs j
      join ordered o on o.id = j.id
     where (j.status = 'pending' and j.scheduled_at <= v_now)
        or (j.status = 'processing' and j.locked_until < v_now)
     order by o.pos
     limit p_limit
       for update of j skip locked
  ),
  claimed as (
    update public.task_sync_jobs j
       set status = 'processing',
           worker_id = p_worker_id,
           picked_at = v_now,
           locked_until = v_lease_end,
           attempts = j.attempts + 1
      from picked
     where j.id = picked.id
    returning j.*
  ),
  served as (
    select p.user_id, min(p.pos) as pos, array_agg(p.id) as ids from picked p group by p.user_id
  ),
  after_claim as (
    -- Each visited user's row as this claim leaves it (the snapshot still shows the
    -- jobs just claimed as pending: they are left out by id).
    select v.user_id, v.ord, v.needs_reconnect, v.throttled_until, v.held_until,
           s.pos as served_pos,
           r.user_id is not null as runnable,
           (select min(j.priority) from public.task_sync_jobs j
             where j.user_id = v.user_id and j.status = 'pending' and j.id <> all(coalesce(s.ids, '{}'))) as best_priority,
           -- Only a user not served now needs these: a served one waits for its lease.
           case when s.user_id is null then
             (select min(j.scheduled_at) from public.task_sync_jobs j where j.user_id = v.user_id and j.status = 'pending')
           end as next_due,
           case when s.user_id is null then
             (select min(j.locked_until) from public.task_sync_jobs j where j.user_id = v.user_id and j.status = 'processing')
           end as lease_end
      from visited v
      left join served s on s.user_id = v.user_id
      left join (select distinct c.user_id from candidates c) r on r.user_id = v.user_id
  ),
  finished as (
    -- Nothing left, or waiting for a reconnect (outlook_connections_ready_user puts it back).
    delete from public.task_sync_user_turns t
     using after_claim a
     where t.user_id = any(v_users)
       and t.user_id = a.user_id
       and a.served_pos is null
       and (a.needs_reconnect or (a.next_due is null and a.lease_end is null))
  ),
  turns as (
    update public.task_sync_user_turns t
       set -- The users served now go to the back of the round, in the order they were
           -- served (a microsecond apart), so ties between them stay round-robin too.
           -- Behind them go the visited users with nothing runnable: held by another
           -- worker (which is serving them), or whose jobs all wait behind their task's
           -- job in flight, so such users never crowd the front of the round.
           -- A user with runnable jobs the limit left out keeps its place.
           last_claimed_at = case when a.served_pos is not null then v_now + make_interval(secs => a.served_pos / 1000000.0)
                                  when a.runnable then t.last_claimed_at
                                  else v_now + make_interval(secs => (p_limit * 4 + a.ord) / 1000000.0) end,
           priority = coalesce(a.best_priority, t.priority),
           -- Served now, or held by another worker: nobody else may take the user before
           -- the lease ends, and its holder finishing a job makes it ready again at once
           -- (task_sync_jobs_mark_user_ready). Otherwise: its next pending job's time, or
           -- the earliest lease's end (a crashed worker's), whichever comes first. Never
           -- before the mailbox pause ends.
           ready_at = greatest(case when a.served_pos is not null then v_lease_end
                                    when a.held_until is not null then a.held_until
                                    else least(a.next_due, a.lease_end) end,
                               a.throttled_until)
      from after_claim a
     where t.user_id = any(v_users)
       and t.user_id = a.user_id
       and not (a.served_pos is null and (a.needs_reconnect or (a.next_due is null and a.lease_end is null)))
  )
  select c.* from claimed c;
end
$$;

-- A job became pending (inserted, handed back, requeued): its user is ready by its time.
-- A job left 'processing' (completed, failed, skipped, handed back): its user, which the
-- claim put out of the round until the lease's end, is ready again now.
-- Security definer: the outbox inserts jobs as the signed-in user (RLS role), who has no
-- rights on the turns table itself.
create or replace function public.task_sync_jobs_mark_user_ready() returns trigger
language plpgsql security definer set search_path = public, pg_temp as $$
begin
  insert into public.task_sync_user_turns as t (user_id, priority, ready_at)
  select n.user_id, min(n.priority), min(n.scheduled_at)
    from changed_jobs n
   where n.status = 'pending'
   group by n.user_id
   order by n.user_id
  on conflict (user_id) do update
    set priority = least(t.priority, excluded.priority),
        ready_at = least(t.ready_at, excluded.ready_at);
  if tg_op = 'UPDATE' then
    -- Ready since the job was claimed (picked_at: the claim's own clock, p_now, so this
    -- holds whatever clock the caller runs on). Always written, even when already ready
    -- (unchanged, the write is HOT): the row lock orders this with a claim visiting the
    -- user. A claim that read the job as still running and set ready_at to its lease's
    -- end either committed before (and this lowers it) or locks the row after this
    -- commits (and sees the job finished).
    update public.task_sync_user_turns t
       set ready_at = least(t.ready_at, f.picked_at)
      from (select n.user_id, min(n.picked_at) as picked_at
              from changed_jobs n
             where n.status in ('completed', 'failed', 'skipped') and n.worker_id is not null and n.picked_at is not null
             group by n.user_id) f
     where t.user_id = any(array(select distinct n.user_id from changed_jobs n
                                  where n.status in ('completed', 'failed', 'skipped') and n.worker_id is not null and n.picked_at is not null))
       and t.user_id = f.user_id;
  end if;
  return null;
end $$;
