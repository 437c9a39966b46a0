-- Retention of finished queue rows (src/jobs/queue-upkeep.ts, OUTLOOK_JOB_RETENTION_DAYS):
-- completed rows are found through task_sync_jobs_completed_idx; this is its twin for
-- skipped rows, so the periodic purge never scans the table.
create index if not exists task_sync_jobs_skipped_idx
  on public.task_sync_jobs (completed_at)
  where status = 'skipped';
