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
