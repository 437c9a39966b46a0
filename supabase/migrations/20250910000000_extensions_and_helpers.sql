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
