-- Issue 14 §2 (decision 0047): what the sync keeps against a deletion is shown in the
-- conflict log like a field both sides changed. field = 'deleted': local_value and
-- remote_value say whether that side had deleted the task (true) or edited it (false);
-- the edit won. Undo deletes the task again.
alter table public.sync_conflicts drop constraint if exists sync_conflicts_field_check;
alter table public.sync_conflicts add constraint sync_conflicts_field_check
  check (field in ('title', 'notes', 'due_date', 'priority', 'completed', 'deleted'));
