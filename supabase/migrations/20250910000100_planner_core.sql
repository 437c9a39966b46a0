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
