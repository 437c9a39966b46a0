-- Issue 16 §1 (decision 0057): steps ↔ subtasks.
--
-- task_sync_state.steps_base  the steps as last synced on both sides: [{"id": Planner
--                             step id, "graphId": checklistItem id, "title", "checked"}];
--                             null = the task's steps were never synced.
-- Task delta rounds now ask Graph for each task's steps ($expand=checklistItems on the
-- first call; the links keep it). A cursor started before that would never carry them,
-- so every stored task cursor is dropped once: each list's next pull is a complete round,
-- the path a 410 takes (nothing is lost: items are matched by id and by our link).
alter table public.task_sync_state add column if not exists steps_base jsonb
  check (steps_base is null or jsonb_typeof(steps_base) = 'array');

update public.project_outlook_lists set delta_token = null where delta_token is not null;
