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
