-- No lost notifications (issue 14 §3): a change announced while the user's full_sync is
-- *processing* may come after that sync read the list, and the guide's partial unique index
-- (one pending/processing full_sync per user, kept as written) leaves no room for a second
-- job. enqueueTaskSyncJob then records the request on the running job instead
-- (follow_up_requested_at), and when that job leaves 'processing' for good (completed, failed
-- or skipped) this trigger queues the follow-up full_sync in the same transaction. A job
-- handed back to 'pending' (deferred, throttled) keeps the flag: its own re-run reads the
-- lists again, and the follow-up comes after that run.
alter table public.task_sync_jobs
  add column if not exists follow_up_requested_at timestamptz;

create or replace function public.task_sync_jobs_queue_follow_up() returns trigger
language plpgsql as $$
begin
  insert into public.task_sync_jobs (user_id, action, payload, priority)
  values (new.user_id, 'full_sync', jsonb_build_object('reason', 'follow_up', 'requested_at', new.follow_up_requested_at), new.priority)
  on conflict (user_id) where action = 'full_sync' and status in ('pending', 'processing') do nothing;
  return null;
end $$;

drop trigger if exists task_sync_jobs_follow_up on public.task_sync_jobs;
create trigger task_sync_jobs_follow_up after update of status on public.task_sync_jobs
  for each row
  when (new.action = 'full_sync' and old.status = 'processing' and new.status in ('completed', 'failed', 'skipped')
        and new.follow_up_requested_at is not null)
  execute function public.task_sync_jobs_queue_follow_up();
