-- claim_task_sync_jobs (guide §6.3): atomically claims up to p_limit runnable jobs.
--  * pending jobs whose scheduled_at has come, and processing jobs whose lease
--    (locked_until) expired, so a crashed worker loses nothing;
--  * never a job of a user whose connection needs reconnecting (paused, not failed);
--  * never two jobs of one task at once: a job waits while an older job of the
--    same task is unfinished;
--  * fair between users: within the window of oldest runnable jobs, each user's
--    first job comes before anyone's second;
--  * FOR UPDATE SKIP LOCKED, stamping worker_id / picked_at / locked_until and
--    incrementing attempts before the rows are returned.

create or replace function public.claim_task_sync_jobs(
  p_worker_id text,
  p_limit integer default 25,
  p_lease_seconds integer default 300
)
returns setof public.task_sync_jobs
language sql
volatile
as $$
  with runnable as (
    select j.id, j.user_id, j.priority, j.scheduled_at
      from public.task_sync_jobs j
     where ((j.status = 'pending' and j.scheduled_at <= now())
            or (j.status = 'processing' and j.locked_until < now()))
     order by j.priority, j.scheduled_at, j.id
     limit greatest(p_limit, 1) * 20
  ),
  eligible as (
    select r.*,
           row_number() over (partition by r.user_id order by r.priority, r.scheduled_at, r.id) as user_rank
      from runnable r
      join public.task_sync_jobs j on j.id = r.id
     where not exists (
             select 1 from public.outlook_connections c
              where c.user_id = j.user_id and c.needs_reconnect)
       and (j.task_id is null or not exists (
             select 1 from public.task_sync_jobs o
              where o.task_id = j.task_id
                and o.id < j.id
                and o.status in ('pending', 'processing')))
       and (j.task_id is null or not exists (
             select 1 from public.task_sync_jobs o
              where o.task_id = j.task_id
                and o.id <> j.id
                and o.status = 'processing'
                and o.locked_until >= now()))
  ),
  picked as (
    select j.id
      from public.task_sync_jobs j
      join eligible e on e.id = j.id
     where (j.status = 'pending' and j.scheduled_at <= now())
        or (j.status = 'processing' and j.locked_until < now())
     order by e.user_rank, e.priority, e.scheduled_at, e.id
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
  returning j.*
$$;
