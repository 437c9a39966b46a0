-- task_sync_state.copy_missing_at: the task's To Do copy answered 404 to a PATCH at
-- this time. A 404 does not say whether the task was deleted in Outlook or moved to
-- another list there (Graph gives a moved task a new id), so the push does not
-- recreate it at once: it queues a full_sync and waits for it. The pull either re-links
-- the task to its moved copy or applies the deletion (both clear this column); if the
-- column is still set after a full_sync that ran later, the copy really is gone and
-- the push recreates it (guide §6.4 "404 → recreate").
alter table public.task_sync_state
  add column if not exists copy_missing_at timestamptz;
