-- Issue 16 §5 (decision 0060): lists made in To Do become Planner projects.
--
-- projects.origin            'planner' (made in Planner) or 'todo' (made from a list someone
--                            created in To Do). A To Do-made project follows its list: the
--                            list deleted in To Do closes the project (nothing is deleted);
--                            a Planner-made project gets its list made again.
-- outlook_lists_left_out     lists Planner leaves alone: every list the mailbox had when it
--                            connected (a person's existing lists stay personal), lists made
--                            while lists_become_projects was off, lists named like a Planner
--                            project, the Inbox's former list after a switch, and the list of a
--                            project deleted in Planner (should its deletion in To Do fail). A list that is
--                            neither mapped nor left out is new, and becomes a project.
alter table public.projects
  add column if not exists origin text not null default 'planner'
    check (origin in ('planner', 'todo'));

create table if not exists public.outlook_lists_left_out (
  user_id text not null,
  graph_list_id text not null,
  reason text not null check (reason in ('existed-at-connect', 'setting-off', 'name-taken', 'former-inbox', 'project-deleted')),
  created_at timestamptz not null default now(),
  primary key (user_id, graph_list_id)
);

alter table public.outlook_lists_left_out enable row level security;
drop policy if exists outlook_lists_left_out_own_rows on public.outlook_lists_left_out;
create policy outlook_lists_left_out_own_rows on public.outlook_lists_left_out for all to authenticated
  using (user_id = public.planner_current_user_id()) with check (user_id = public.planner_current_user_id());
grant select, insert, update, delete on public.outlook_lists_left_out to authenticated;
grant all on public.outlook_lists_left_out to service_role;
