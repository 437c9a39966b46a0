-- claim_task_sync_jobs, fifth version. THIS IS THE LIVE DEFINITION of the claim: the
-- versions in 20251001000000, 20251101000000, 20251108000000, 20251108000100 and
-- 20251203000000 are history (applied migrations are never edited, decision 0044).
-- Change the claim by writing a new migration that restates the whole function, and
-- say there that it is the live one.
--
-- Why (issue 15 bench (d), decision 0058): the fourth version wrote every visited
-- user's turns row twice per claim (its turn, then its ready_at), and left a served
-- user ready while its holder worked, so the other claimers kept visiting (locking,
-- probing, rewriting) users they could not take. Now:
--
--  * one statement takes the jobs and rewrites each visited user's row once: its turn,
--    its best pending priority and ready_at, computed from the snapshot with the jobs
--    just claimed left out;
--  * a served user's ready_at is its new lease's end: nobody else may take it before
--    then (affinity), and its holder finishing a job makes it ready at once (the
--    trigger below), so no claimer visits a user that another one holds;
--  * the time is p_now (default now()), so callers and tests can set the clock.
--
-- Every guarantee of the fourth version is kept: due jobs only; expired leases
-- reclaimed; users needing reconnect and users whose mailbox is throttled
-- (outlook_connections.throttled_until) skipped; per-user affinity (a user whose job
-- another worker holds under a live lease is skipped; a user's claims are serialised
-- by its turns row lock, taken with FOR UPDATE SKIP LOCKED, no lock shared by all
-- claimers); one job per task at a time, in id order; priority first (interactive 0
-- before sync 5 before bulk 10, and a user's i-th job only when every visited user
-- whose best priority is at least as good gets one first); round-robin between users
-- within a priority, within a claim (rank of the job inside its user) and across claims
-- (the turn); FOR UPDATE SKIP LOCKED on the jobs; attempts counted at claim, worker_id,
-- picked_at and the lease stamped before the rows are returned. One thing changes: the
-- holder of a user no longer takes more of that user's jobs before it finishes one
-- (processTaskSyncJobs claims again only after its batch's completions are written).

-- The signature gains p_now: drop the old one so a call with three arguments is not ambiguous.
drop function if exists public.claim_task_sync_jobs(text, integer, integer);

create function public.claim_task_sync_jobs(
  p_worker_id text,
  p_limit integer default 25,
  p_lease_seconds integer default 300,
  p_now timestamptz default now()
)
returns setof public.task_sync_jobs
language plpgsql
volatile
as $$
declare
  v_now timestamptz := coalesce(p_now, now());
  v_lease_end timestamptz := coalesce(p_now, now()) + make_interval(secs => greatest(p_lease_seconds, 1));
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
           where t.ready_at <= v_now
           order by t.priority, t.last_claimed_at nulls first, t.ready_at
           limit p_limit + 4
             for update skip locked) r;
  if v_users is null then
    return;
  end if;

  -- 2. Their first runnable jobs, and each visited user's row rewritten once. A new
  --    statement, so a new snapshot: it sees the leases of any claim that held one of
  --    these users before us.
  return query
  with visited as (
    -- (Every read of the turns table goes through its primary key, = any(v_users): a
    -- join would make the planner scan the whole table.)
    select t.user_id, t.priority, t.last_claimed_at as turn,
           row_number() over (order by t.priority, t.last_claimed_at nulls first, t.ready_at) as ord,
           coalesce(c.needs_reconnect, false) as needs_reconnect,
           c.throttled_until,
           -- Affinity: another worker holds one of this user's jobs under a live lease.
           (select min(b.locked_until)
              from public.task_sync_jobs b
             where b.user_id = t.user_id
               and b.status = 'processing'
               and b.locked_until >= v_now
               and b.worker_id is distinct from p_worker_id) as held_until
      from public.task_sync_user_turns t
      left join public.outlook_connections c on c.user_id = t.user_id
     where t.user_id = any(v_users)
  ),
  users as (
    -- Not needing reconnect, mailbox not paused, not held by another worker.
    select v.user_id, v.priority, v.turn
      from visited v
     where not v.needs_reconnect
       and (v.throttled_until is null or v.throttled_until <= v_now)
       and v.held_until is null
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
           and j.scheduled_at <= v_now
           and (j.task_id is null or not exists (
                 select 1 from public.task_sync_jobs o
                  where o.task_id = j.task_id
                    and o.id <> j.id
                    and o.status in ('pending', 'processing')
                    and (o.id < j.id or (o.status = 'processing' and o.locked_until >= v_now))))
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
           and j.locked_until < v_now
           and (j.task_id is null or not exists (
                 select 1 from public.task_sync_jobs o
                  where o.task_id = j.task_id
                    and o.id <> j.id
                    and o.status in ('pending', 'processing')
                    and (o.id < j.id or (o.status = 'processing' and o.locked_until >= v_now))))
         order by j.id
         limit q.take
      ) j
  ),
  ordered as (
    -- Priority, then round-robin inside the claim (rank within the user), then the
    -- user's turn (never served first), then age.
    select r.id, r.user_id,
           row_number() over (order by r.priority, r.user_rank, r.turn nulls first, r.scheduled_at, r.id) as pos
      from (select c.*, row_number() over (partition by c.user_id, c.priority order by c.scheduled_at, c.id) as user_rank
              from candidates c) r
  ),
  picked as (
    select j.id, o.user_id, o.pos
      from public.task_sync_jobs j
      join ordered o on o.id = j.id
     where (j.status = 'pending' and j.scheduled_at <= v_now)
        or (j.status = 'processing' and j.locked_until < v_now)
     order by o.pos
     limit p_limit
       for update of j skip locked
  ),
  claimed as (
    update public.task_sync_jobs j
       set status = 'processing',
           worker_id = p_worker_id,
           picked_at = v_now,
           locked_until = v_lease_end,
           attempts = j.attempts + 1
      from picked
     where j.id = picked.id
    returning j.*
  ),
  served as (
    select p.user_id, min(p.pos) as pos, array_agg(p.id) as ids from picked p group by p.user_id
  ),
  after_claim as (
    -- Each visited user's row as this claim leaves it (the snapshot still shows the
    -- jobs just claimed as pending: they are left out by id).
    select v.user_id, v.ord, v.needs_reconnect, v.throttled_until, v.held_until,
           s.pos as served_pos,
           r.user_id is not null as runnable,
           (select min(j.priority) from public.task_sync_jobs j
             where j.user_id = v.user_id and j.status = 'pending' and j.id <> all(coalesce(s.ids, '{}'))) as best_priority,
           -- Only a user not served now needs these: a served one waits for its lease.
           case when s.user_id is null then
             (select min(j.scheduled_at) from public.task_sync_jobs j where j.user_id = v.user_id and j.status = 'pending')
           end as next_due,
           case when s.user_id is null then
             (select min(j.locked_until) from public.task_sync_jobs j where j.user_id = v.user_id and j.status = 'processing')
           end as lease_end
      from visited v
      left join served s on s.user_id = v.user_id
      left join (select distinct c.user_id from candidates c) r on r.user_id = v.user_id
  ),
  finished as (
    -- Nothing left, or waiting for a reconnect (outlook_connections_ready_user puts it back).
    delete from public.task_sync_user_turns t
     using after_claim a
     where t.user_id = any(v_users)
       and t.user_id = a.user_id
       and a.served_pos is null
       and (a.needs_reconnect or (a.next_due is null and a.lease_end is null))
  ),
  turns as (
    update public.task_sync_user_turns t
       set -- The users served now go to the back of the round, in the order they were
           -- served (a microsecond apart), so ties between them stay round-robin too.
           -- Behind them go the visited users with nothing runnable: held by another
           -- worker (which is serving them), or whose jobs all wait behind their task's
           -- job in flight, so such users never crowd the front of the round.
           -- A user with runnable jobs the limit left out keeps its place.
           last_claimed_at = case when a.served_pos is not null then v_now + make_interval(secs => a.served_pos / 1000000.0)
                                  when a.runnable then t.last_claimed_at
                                  else v_now + make_interval(secs => (p_limit * 4 + a.ord) / 1000000.0) end,
           priority = coalesce(a.best_priority, t.priority),
           -- Served now, or held by another worker: nobody else may take the user before
           -- the lease ends, and its holder finishing a job makes it ready again at once
           -- (task_sync_jobs_mark_user_ready). Otherwise: its next pending job's time, or
           -- the earliest lease's end (a crashed worker's), whichever comes first. Never
           -- before the mailbox pause ends.
           ready_at = greatest(case when a.served_pos is not null then v_lease_end
                                    when a.held_until is not null then a.held_until
                                    else least(a.next_due, a.lease_end) end,
                               a.throttled_until)
      from after_claim a
     where t.user_id = any(v_users)
       and t.user_id = a.user_id
       and not (a.served_pos is null and (a.needs_reconnect or (a.next_due is null and a.lease_end is null)))
  )
  select c.* from claimed c;
end
$$;

-- A job became pending (inserted, handed back, requeued): its user is ready by its time.
-- A job left 'processing' (completed, failed, skipped, handed back): its user, which the
-- claim put out of the round until the lease's end, is ready again now.
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
  if tg_op = 'UPDATE' then
    -- Ready since the job was claimed (picked_at: the claim's own clock, p_now, so this
    -- holds whatever clock the caller runs on). Always written, even when already ready
    -- (unchanged, the write is HOT): the row lock orders this with a claim visiting the
    -- user. A claim that read the job as still running and set ready_at to its lease's
    -- end either committed before (and this lowers it) or locks the row after this
    -- commits (and sees the job finished).
    update public.task_sync_user_turns t
       set ready_at = least(t.ready_at, f.picked_at)
      from (select n.user_id, min(n.picked_at) as picked_at
              from changed_jobs n
             where n.status in ('completed', 'failed', 'skipped') and n.worker_id is not null and n.picked_at is not null
             group by n.user_id) f
     where t.user_id = any(array(select distinct n.user_id from changed_jobs n
                                  where n.status in ('completed', 'failed', 'skipped') and n.worker_id is not null and n.picked_at is not null))
       and t.user_id = f.user_id;
  end if;
  return null;
end $$;
