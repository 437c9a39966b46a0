-- Idempotent creates (issue 6): before a create POSTs a task to To Do, the push
-- records which list it is posting into. If the worker dies (or the POST times
-- out) before the Graph task id is saved, the retry finds that list's task by
-- its linkedResource externalId (our task id) instead of creating a second one.
-- Cleared when the Graph id is stored.
alter table public.task_sync_state add column if not exists pending_create_list_id text;
alter table public.task_sync_state add column if not exists pending_create_at timestamptz;
