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
