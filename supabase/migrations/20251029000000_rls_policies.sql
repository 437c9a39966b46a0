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
