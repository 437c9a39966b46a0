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
