-- claim_task_sync_jobs, fourth version. THIS IS THE LIVE DEFINITION of the claim: the
-- versions in 20251001000000, 20251101000000, 20251108000000 and 20251108000100 are
-- history (applied migrations are never edited). Change the claim by writing a new
-- migration that restates the whole function, and say there that it is the live one.
--
-- Why (issue 15, decision 0045): the third version walked every user with a pending job
-- on each call (a loose index scan) under one global advisory lock, so a claim of 25
-- took ~1.2 s with 20,000 users waiting and four claimers drained 36 jobs/s. Now:
--
--  * task_sync_user_turns is the ready table: one row per user who may have work (a
--    pending job, or a job in flight), with the user's best pending priority, when it
--    is next worth looking at (ready_at) and its place in the round (last_claimed_at,
--    null = not served since it last had work: first in the round). Triggers keep it:
--    inserting a job, or handing one back to pending, creates the row or lowers its
--    priority and ready_at (only ever lowers them: the row is a hint that is never
--    later or worse than the truth; the claim makes it exact for the users it visits);
--  * a claim (1) locks the first ready users in round order (priority, then turn) with
--    FOR UPDATE SKIP LOCKED, so concurrent claimers take different users and no lock is
--    shared by all of them; (2) in a second statement (a fresh snapshot, taken after
--    those row locks, so it sees every lease the previous holder of a user took) takes
--    their first runnable jobs, and puts the users it served (and those it found
--    held by another worker or with nothing runnable) at the back of the round; (3)
--    recomputes each visited user's row: deleted when nothing is left or the user
--    needs reconnecting (reconnecting puts it back, trigger below), ready_at moved to
--    when its next job is due, its lease ends, or its mailbox pause ends.
--
-- Cost: a fixed number of index probes for at most p_limit + 4 users, whatever the
-- number of users waiting, jobs queued or rows kept.
--
-- Every guarantee of the third version is kept: due jobs only; expired leases
-- reclaimed; users needing reconnect and users whose mailbox is throttled
-- (outlook_connections.throttled_until) skipped; per-user affinity (a user whose job
-- another worker holds under a live lease is skipped: a user's claims are serialised
-- by its turns row lock); one job per task at a time, in id order; priority first
-- (interactive 0 before sync 5 before bulk 10, and a user's i-th job only when every
-- user whose best priority is at least as good gets one first); round-robin between
-- users within a priority, within a claim (rank of the job inside its user) and
-- across claims (the turn); FOR UPDATE SKIP LOCKED; attempts counted at claim.

alter table public.task_sync_user_turns alter column last_claimed_at drop not null;
alter table public.task_sync_user_turns add column if not exists priority smallint not null default 0;
alter table public.task_sync_user_turns add column if not exists ready_at timestamptz not null default now();

-- The old rows are users ever served; the table now holds only users with work.
delete from public.task_sync_user_turns;
insert into public.task_sync_user_turns (user_id, priority, ready_at, last_claimed_at)
select j.user_id,
       coalesce(min(j.priority) filter (where j.status = 'pending'), min(j.priority)),
       least(min(j.scheduled_at) filter (where j.status = 'pending'), min(j.locked_until) filter (where j.status = 'processing')),
       null
  from public.task_sync_jobs j
 where j.status in ('pending', 'processing')
 group by j.user_id;

-- The round: ready users in claim order (ready_at is a key column so rows that are not
-- ready yet are passed over inside the index).
create index if not exists task_sync_user_turns_round_idx
  on public.task_sync_user_turns (priority, last_claimed_at nulls first, ready_at);

-- When a user's next pending job is due, in one probe (the claim's recompute).
create index if not exists task_sync_jobs_pending_user_due_idx
  on public.task_sync_jobs (user_id, scheduled_at)
  where status = 'pending';

-- A job became pending (inserted, handed back, requeued): its user is ready by its time.
-- Security definer: the outbox inserts jobs as the signed-in user (RLS role), who has no
-- rights on the turns table itself.
create or replace function public.task_sync_jobs_mark_user_ready() returns trigger
language plpgsql security definer set search_path = public, pg_temp as $$
begin
  insert into public.task_sync_user_turns as t (user_id, priority, ready_at)
  select n.user_id, min(n.priority), min(n.scheduled_at)
    from changed_jobs n
   where n.status = 'pending'
   group by n.user_id
   order by n.user_id
  on conflict (user_id) do update
    set priority = least(t.priority, excluded.priority),
        ready_at = least(t.ready_at, excluded.ready_at);
  return null;
end $$;

drop trigger if exists task_sync_jobs_ready_on_insert on public.task_sync_jobs;
create trigger task_sync_jobs_ready_on_insert after insert on public.task_sync_jobs
  referencing new table as changed_jobs
  for each statement execute function public.task_sync_jobs_mark_user_ready();
drop trigger if exists task_sync_jobs_ready_on_update on public.task_sync_jobs;
create trigger task_sync_jobs_ready_on_update after update on public.task_sync_jobs
  referencing new table as changed_jobs
  for each statement execute function public.task_sync_jobs_mark_user_ready();

-- A user reconnected, or its mailbox pause was shortened or lifted: ready again now
-- (the claim re-checks and, if still paused, moves ready_at to the pause's end).
create or replace function public.outlook_connections_mark_user_ready() returns trigger
language plpgsql security definer set search_path = public, pg_temp as $$
begin
  insert into public.task_sync_user_turns as t (user_id, priority, ready_at)
  select j.user_id, min(j.priority), now()
    from public.task_sync_jobs j
   where j.user_id = new.user_id
     and j.status in ('pending', 'processing')
   group by j.user_id
  on conflict (user_id) do update
    set priority = least(t.priority, excluded.priority),
        ready_at = least(t.ready_at, excluded.ready_at);
  return null;
end $$;

drop trigger if exists outlook_connections_ready_user on public.outlook_connections;
create trigger outlook_connections_ready_user after update of needs_reconnect, throttled_until on public.outlook_connections
  for each row
  when (not new.needs_reconnect
        and (old.needs_reconnect
             or (old.throttled_until is not null and (new.throttled_until is null or new.throttled_until < old.throttled_until))))
  execute function public.outlook_connections_mark_user_ready();

create or replace function public.claim_task_sync_jobs(
  p_worker_id text,
  p_limit integer default 25,
  p_lease_seconds integer default 300
)
returns setof public.task_sync_jobs
language plpgsql
volatile
as $$
declare
  v_users text[];
begin
  if p_limit is null or p_limit <= 0 then
    return;
  end if;

  -- 1. Whose turn it is. Up to p_limit + 4 ready users in round order, row-locked until
  --    commit; users another claimer holds right now are skipped, not waited for. The
  --    few extra users leave room for some found held by another worker or paused.
  select array_agg(r.user_id) into v_users
    from (select t.user_id
            from public.task_sync_user_turns t
           where t.ready_at <= now()
           order by t.priority, t.last_claimed_at nulls first, t.ready_at
           limit p_limit + 4
             for update skip locked) r;
  if v_users is null then
    return;
  end if;

  -- 2. Their first runnable jobs. A new statement, so a new snapshot: it sees the leases
  --    of any claim that held one of these users before us.
  return query
  with users as (
    select t.user_id, t.priority, t.last_claimed_at as turn
      from public.task_sync_user_turns t
     where t.user_id = any(v_users)
       -- Affinity: another worker holds one of this user's jobs under a live lease.
       and not exists (
             select 1 from public.task_sync_jobs b
              where b.user_id = t.user_id
                and b.status = 'processing'
                and b.locked_until >= now()
                and b.worker_id is distinct from p_worker_id)
       -- Needs reconnect, or the mailbox is paused by throttling.
       and not exists (
             select 1 from public.outlook_connections c
              where c.user_id = t.user_id
                and (c.needs_reconnect or c.throttled_until > now()))
  ),
  quota as (
    -- Every user whose best priority is at least as good as this user's (itself
    -- excluded) gets a job ahead of this user's second one: take only what can be picked.
    select u.user_id, u.turn,
           greatest(1, p_limit - (count(*) over (order by u.priority range between unbounded preceding and current row) - 1))::int as take
      from users u
  ),
  candidates as (
    -- A user's first runnable pending jobs. One job per task at a time, in order: a job
    -- waits while an older job of its task is unfinished, or another of its jobs runs
    -- under a live lease.
    select j.id, j.user_id, j.priority, j.scheduled_at, q.turn
      from quota q
      cross join lateral (
        select j.id, j.user_id, j.priority, j.scheduled_at
          from public.task_sync_jobs j
         where j.user_id = q.user_id
           and j.status = 'pending'
           and j.scheduled_at <= now()
           and (j.task_id is null or not exists (
                 select 1 from public.task_sync_jobs o
                  where o.task_id = j.task_id
                    and o.id <> j.id
                    and o.status in ('pending', 'processing')
                    and (o.id < j.id or (o.status = 'processing' and o.locked_until >= now()))))
         order by j.priority, j.scheduled_at, j.id
         limit q.take
      ) j
    union all
    -- Jobs whose worker's lease ran out (a crashed worker): taken again.
    select j.id, j.user_id, j.priority, j.scheduled_at, q.turn
      from quota q
      cross join lateral (
        select j.id, j.user_id, j.priority, j.scheduled_at
          from public.task_sync_jobs j
         where j.user_id = q.user_id
           and j.status = 'processing'
           and j.locked_until < now()
           and (j.task_id is null or not exists (
                 select 1 from public.task_sync_jobs o
                  where o.task_id = j.task_id
                    and o.id <> j.id
                    and o.status in ('pending', 'processing')
                    and (o.id < j.id or (o.status = 'processing' and o.locked_until >= now()))))
         order by j.id
         limit q.take
      ) j
  ),
  ranked as (
    select c.*,
           row_number() over (partition by c.user_id, c.priority order by c.scheduled_at, c.id) as user_rank
      from candidates c
  ),
  ordered as (
    -- Priority, then round-robin inside the claim (rank within the user), then the
    -- user's turn (never served first), then age.
    select r.id, r.priority, r.user_rank, r.turn, r.scheduled_at,
           row_number() over (order by r.priority, r.user_rank, r.turn nulls first, r.scheduled_at, r.id) as pos
      from ranked r
  ),
  picked as (
    select j.id, o.pos
      from public.task_sync_jobs j
      join ordered o on o.id = j.id
     where (j.status = 'pending' and j.scheduled_at <= now())
        or (j.status = 'processing' and j.locked_until < now())
     order by o.pos
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
  to_back as (
    -- The users served now go to the back of the round, in the order they were served
    -- (a microsecond apart), so ties between them stay round-robin too. Behind them go
    -- the visited users with nothing runnable: held by another worker (which is serving
    -- them), or whose jobs all wait behind their task's job in flight; so such users
    -- never crowd the front of the round and hide users who could run.
    select c.user_id, min(p.pos) as pos from claimed c join picked p on p.id = c.id group by c.user_id
    union all
    select x.user_id, p_limit * 4 + x.ord
      from unnest(v_users) with ordinality x(user_id, ord)
     where not exists (select 1 from candidates c where c.user_id = x.user_id)
  ),
  turns as (
    update public.task_sync_user_turns t
       set last_claimed_at = now() + make_interval(secs => b.pos / 1000000.0)
      from to_back b
     where t.user_id = b.user_id
  )
  select c.* from claimed c;

  -- 3. Make the visited users' rows exact (sees step 2's writes).
  with visited as (
    select t.user_id,
           (select min(j.priority) from public.task_sync_jobs j where j.user_id = t.user_id and j.status = 'pending') as best_priority,
           (select min(j.scheduled_at) from public.task_sync_jobs j where j.user_id = t.user_id and j.status = 'pending') as next_due,
           (select min(j.locked_until) from public.task_sync_jobs j where j.user_id = t.user_id and j.status = 'processing') as lease_end,
           coalesce(c.needs_reconnect, false) as needs_reconnect,
           c.throttled_until
      from public.task_sync_user_turns t
      left join public.outlook_connections c on c.user_id = t.user_id
     where t.user_id = any(v_users)
  ),
  finished as (
    -- Nothing left, or waiting for a reconnect (outlook_connections_ready_user puts it back).
    delete from public.task_sync_user_turns t
     using visited v
     where t.user_id = v.user_id
       and (v.needs_reconnect or (v.next_due is null and v.lease_end is null))
  )
  update public.task_sync_user_turns t
     set priority = coalesce(v.best_priority, t.priority),
         -- Its next pending job's time, or its lease's end (a crashed worker), whichever
         -- comes first; not before the mailbox pause ends.
         ready_at = greatest(least(v.next_due, v.lease_end), v.throttled_until)
    from visited v
   where t.user_id = v.user_id
     and not v.needs_reconnect
     and (v.next_due is not null or v.lease_end is not null);
end
$$;
