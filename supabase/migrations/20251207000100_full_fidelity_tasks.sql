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
