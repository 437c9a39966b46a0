-- claim_task_sync_jobs, second version: adds per-user affinity.
--
-- Everything the first version promised still holds (due jobs only, expired leases
-- reclaimed, users needing reconnect skipped, one job per task at a time, fair
-- between users, FOR UPDATE SKIP LOCKED, attempts counted at claim). New:
--  * per-user affinity: a user whose job is held under a live lease by another
--    worker is skipped, so one mailbox is worked by one worker at a time across
--    every process; that is what keeps Graph requests per mailbox bounded;
--  * claims are serialised with a transaction advisory lock, so each claim sees
--    the leases the previous one took (a claim takes milliseconds);
--  * priority first (interactive 0 before bulk 10), then round-robin between users
--    within a priority, then oldest first.

create index if not exists task_sync_jobs_processing_user_idx
  on public.task_sync_jobs (user_id, locked_until)
  where status = 'processing';

create or replace function public.claim_task_sync_jobs(
  p_worker_id text,
  p_limit integer default 25,
  p_lease_seconds integer default 300
)
returns setof public.task_sync_jobs
language plpgsql
volatile
as $$
begin
  -- Serialise claimers (released at commit); the statement below takes a fresh
  -- snapshot after the lock, so it sees the previous claimer's leases.
  perform pg_advisory_xact_lock(7221305510);

  return query
  with busy_users as (
    select distinct p.user_id
      from public.task_sync_jobs p
     where p.status = 'processing'
       and p.locked_until >= now()
       and p.worker_id is distinct from p_worker_id
  ),
  runnable as (
    select j.id, j.user_id, j.priority, j.scheduled_at
      from public.task_sync_jobs j
     where ((j.status = 'pending' and j.scheduled_at <= now())
            or (j.status = 'processing' and j.locked_until < now()))
       -- NOT IN over two small sets: planned as hashed subplans, one probe per row.
       and j.user_id not in (select b.user_id from busy_users b)
       and j.user_id not in (
             select c.user_id from public.outlook_connections c where c.needs_reconnect)
       -- One job per task at a time, in order: wait while an older job of the task
       -- is unfinished, or another of its jobs runs under a live lease.
       and (j.task_id is null or not exists (
             select 1 from public.task_sync_jobs o
              where o.task_id = j.task_id
                and o.id <> j.id
                and o.status in ('pending', 'processing')
                and (o.id < j.id or (o.status = 'processing' and o.locked_until >= now()))))
     order by j.priority, j.scheduled_at, j.id
     limit greatest(p_limit, 1) * 20
  ),
  ranked as (
    select r.*,
           row_number() over (partition by r.user_id, r.priority order by r.scheduled_at, r.id) as user_rank
      from runnable r
  ),
  picked as (
    select j.id
      from public.task_sync_jobs j
      join ranked r on r.id = j.id
     where (j.status = 'pending' and j.scheduled_at <= now())
        or (j.status = 'processing' and j.locked_until < now())
     order by r.priority, r.user_rank, r.scheduled_at, r.id
     limit greatest(p_limit, 0)
       for update of j skip locked
  )
  update public.task_sync_jobs j
     set status = 'processing',
         worker_id = p_worker_id,
         picked_at = now(),
         locked_until = now() + make_interval(secs => greatest(p_lease_seconds, 1)),
         attempts = j.attempts + 1
    from picked
   where j.id = picked.id
  returning j.*;
end
$$;
