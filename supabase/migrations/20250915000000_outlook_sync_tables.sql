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
