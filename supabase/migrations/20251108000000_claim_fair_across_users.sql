-- claim_task_sync_jobs, third version: round-robin over EVERY user with runnable work,
-- across claims.
--
-- The second version (20251101000000) ranked users round-robin only inside the oldest
-- 20 × p_limit runnable rows, and between claims served the user with the oldest job
-- first, so at one priority a user whose jobs were queued behind other users' bursts
-- waited for nearly the whole backlog (bench (i): the last of 200 users behind 9,336
-- jobs). Now:
--
--  1. users with pending jobs are enumerated by a loose index scan (one index probe
--     per user, however many jobs each has) over task_sync_jobs_pending_user_idx, plus
--     users holding a job whose lease expired;
--  2. users held by another worker (affinity) or needing reconnect are dropped;
--  3. each remaining user's first runnable job gives its best priority; a user can
--     only have its i-th job picked when i + (users whose best priority is at least
--     as good, itself excluded) ≤ p_limit (each of those users' first job comes
--     first), so each user contributes only its first max(1, p_limit − those users)
--     runnable jobs: one each when many users wait, up to p_limit for a user alone;
--  4. candidates are ranked: priority first, then round-robin between users within a
--     priority (rank of the job among its user's jobs of that priority), then the user
--     whose turn is oldest (task_sync_user_turns.last_claimed_at, never first), then
--     the oldest job. Every claim stamps the turn of the users it served, so a user
--     with a long backlog goes to the back of the round after each claim.
--
-- Every guarantee of the second version is kept: due jobs only, expired leases
-- reclaimed, users needing reconnect skipped, per-user affinity (a user whose job is
-- held under a live lease by another worker is skipped), one job per task at a time in
-- id order, priority first, FOR UPDATE SKIP LOCKED, attempts counted at claim, claims
-- serialised by the transaction advisory lock.
--
-- Cost: a handful of index probes per user with pending jobs, independent of how many
-- jobs each user has or how many completed rows the table holds (bench/claim-timing.ts).

-- When a claim last served each user (one row per user who ever had a job claimed).
create table if not exists public.task_sync_user_turns (
  user_id text primary key,
  last_claimed_at timestamptz not null
);
alter table public.task_sync_user_turns enable row level security;

create index if not exists task_sync_jobs_pending_user_idx
  on public.task_sync_jobs (user_id, priority, scheduled_at, id)
  where status = 'pending';

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
  if p_limit is null or p_limit <= 0 then
    return;
  end if;

  return query
  with recursive pending_users(user_id) as (
    -- Loose index scan: the smallest user_id with a pending job, then the next one
    -- after it, and so on (one probe of task_sync_jobs_pending_user_idx per user).
    (select j.user_id
       from public.task_sync_jobs j
      where j.status = 'pending'
      order by j.user_id
      limit 1)
    union all
    select (select j.user_id
              from public.task_sync_jobs j
             where j.status = 'pending'
               and j.user_id > u.user_id
             order by j.user_id
             limit 1)
      from pending_users u
     where u.user_id is not null
  ),
  expired as (
    -- Jobs whose worker's lease ran out (few: at most what the workers held).
    select j.id, j.user_id, j.priority, j.scheduled_at
      from public.task_sync_jobs j
     where j.status = 'processing'
       and j.locked_until < now()
       and (j.task_id is null or not exists (
             select 1 from public.task_sync_jobs o
              where o.task_id = j.task_id
                and o.id <> j.id
                and o.status in ('pending', 'processing')
                and (o.id < j.id or (o.status = 'processing' and o.locked_until >= now()))))
  ),
  eligible_users as (
    select cu.user_id,
           (select t.last_claimed_at from public.task_sync_user_turns t where t.user_id = cu.user_id) as turn
      from (select u.user_id from pending_users u where u.user_id is not null
            union
            select x.user_id from expired x) cu
       -- Affinity: another worker holds one of this user's jobs under a live lease.
       -- NOT IN over two small sets: planned as hashed subplans, one probe per user.
     where cu.user_id not in (
             select b.user_id from public.task_sync_jobs b
              where b.status = 'processing'
                and b.locked_until >= now()
                and b.worker_id is distinct from p_worker_id)
       and cu.user_id not in (
             select c.user_id from public.outlook_connections c where c.needs_reconnect)
  ),
  firsts as (
    -- Each eligible user's first runnable pending job. One job per task at a time, in
    -- order: a job waits while an older job of its task is unfinished, or another of
    -- its jobs runs under a live lease (the same predicate as in `candidates`).
    select e.user_id, e.turn, f.id, f.priority, f.scheduled_at
      from eligible_users e
      cross join lateral (
        select j.id, j.priority, j.scheduled_at
          from public.task_sync_jobs j
         where j.user_id = e.user_id
           and j.status = 'pending'
           and j.scheduled_at <= now()
           and (j.task_id is null or not exists (
                 select 1 from public.task_sync_jobs o
                  where o.task_id = j.task_id
                    and o.id <> j.id
                    and o.status in ('pending', 'processing')
                    and (o.id < j.id or (o.status = 'processing' and o.locked_until >= now()))))
         order by j.priority, j.scheduled_at, j.id
         limit 1
      ) f
  ),
  best as (
    -- Each user's best priority: its first pending job's or an expired job's.
    select b.user_id, min(b.priority) as priority
      from (select f.user_id, f.priority from firsts f
            union all
            select x.user_id, x.priority from expired x
             where x.user_id in (select e.user_id from eligible_users e)) b
     group by b.user_id
  ),
  quota as (
    -- Every user whose best job is at least as good as this user's (itself excluded)
    -- gets a job ahead of this user's second one: take only what can be picked.
    select b.user_id,
           greatest(1, p_limit - (count(*) over (order by b.priority range between unbounded preceding and current row) - 1))::int as take
      from best b
  ),
  candidates as (
    select f.id, f.user_id, f.turn, f.priority, f.scheduled_at
      from firsts f
    union all
    -- The user's next runnable jobs, only for users who may get more than one.
    select c.id, c.user_id, f.turn, c.priority, c.scheduled_at
      from quota q
      join firsts f on f.user_id = q.user_id
      cross join lateral (
        select j.id, j.user_id, j.priority, j.scheduled_at
          from public.task_sync_jobs j
         where j.user_id = q.user_id
           and j.status = 'pending'
           and j.scheduled_at <= now()
           and (j.priority, j.scheduled_at, j.id) > (f.priority, f.scheduled_at, f.id)
           and (j.task_id is null or not exists (
                 select 1 from public.task_sync_jobs o
                  where o.task_id = j.task_id
                    and o.id <> j.id
                    and o.status in ('pending', 'processing')
                    and (o.id < j.id or (o.status = 'processing' and o.locked_until >= now()))))
         order by j.priority, j.scheduled_at, j.id
         limit q.take - 1
      ) c
     where q.take > 1
    union all
    select x.id, x.user_id, e.turn, x.priority, x.scheduled_at
      from expired x
      join quota q on q.user_id = x.user_id
      join eligible_users e on e.user_id = x.user_id
  ),
  ranked as (
    select c.*,
           row_number() over (partition by c.user_id, c.priority order by c.scheduled_at, c.id) as user_rank
      from candidates c
  ),
  ordered as (
    -- The best few candidates (room for some skipped as locked) before the row locks.
    select r.id, r.priority, r.user_rank, r.turn, r.scheduled_at,
           row_number() over (order by r.priority, r.user_rank, r.turn nulls first, r.scheduled_at, r.id) as pos
      from ranked r
     order by r.priority, r.user_rank, r.turn nulls first, r.scheduled_at, r.id
     limit p_limit * 4
  ),
  picked as (
    select j.id, r.pos
      from public.task_sync_jobs j
      join ordered r on r.id = j.id
     where (j.status = 'pending' and j.scheduled_at <= now())
        or (j.status = 'processing' and j.locked_until < now())
     order by r.priority, r.user_rank, r.turn nulls first, r.scheduled_at, r.id
     limit p_limit
       for update of j skip locked
  ),
  claimed as (
    update public.task_sync_jobs j
       set status = 'processing',
           worker_id = p_worker_id,
           picked_at = now(),
           locked_until = now() + make_interval(secs => greatest(p_lease_seconds, 1)),
           attempts = j.attempts + 1
      from picked
     where j.id = picked.id
    returning j.*
  ),
  turns as (
    -- The users served now go to the back of the round, in the order they were
    -- served (a microsecond apart), so ties between them stay round-robin too.
    insert into public.task_sync_user_turns as t (user_id, last_claimed_at)
    select c.user_id, now() + make_interval(secs => min(p.pos) / 1000000.0)
      from claimed c
      join picked p on p.id = c.id
     group by c.user_id
    on conflict (user_id) do update set last_claimed_at = excluded.last_claimed_at
  )
  select c.* from claimed c;
end
$$;
