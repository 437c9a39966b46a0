-- supabase/schema.sql: the schema supabase/migrations/*.sql produce (pg_dump --schema-only
-- of a freshly migrated database, normalised). Generated: do not edit. After adding a
-- migration run `npm run db:snapshot` and commit this file with it (decision 0044).

SET statement_timeout = 0;
SET lock_timeout = 0;
SET idle_in_transaction_session_timeout = 0;
SET client_encoding = 'UTF8';
SET standard_conforming_strings = on;
SELECT pg_catalog.set_config('search_path', '', false);
SET check_function_bodies = false;
SET xmloption = content;
SET client_min_messages = warning;
SET row_security = off;

--
-- Name: pgcrypto; Type: EXTENSION; Schema: -; Owner: -
--

CREATE EXTENSION IF NOT EXISTS pgcrypto WITH SCHEMA public;

--
-- Name: EXTENSION pgcrypto; Type: COMMENT; Schema: -; Owner: -
--

COMMENT ON EXTENSION pgcrypto IS 'cryptographic functions';

SET default_table_access_method = heap;

--
-- Name: task_sync_jobs; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.task_sync_jobs (
    id bigint NOT NULL,
    user_id text NOT NULL,
    task_id uuid,
    project_id uuid,
    action text NOT NULL,
    status text DEFAULT 'pending'::text NOT NULL,
    priority smallint DEFAULT 0 NOT NULL,
    attempts integer DEFAULT 0 NOT NULL,
    max_attempts integer DEFAULT 8 NOT NULL,
    last_error text,
    last_error_code text,
    payload jsonb DEFAULT '{}'::jsonb NOT NULL,
    scheduled_at timestamp with time zone DEFAULT now() NOT NULL,
    worker_id text,
    picked_at timestamp with time zone,
    locked_until timestamp with time zone,
    completed_at timestamp with time zone,
    result jsonb,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    updated_at timestamp with time zone DEFAULT now() NOT NULL,
    throttle_count integer DEFAULT 0 NOT NULL,
    follow_up_requested_at timestamp with time zone,
    CONSTRAINT task_sync_jobs_action_check CHECK ((action = ANY (ARRAY['create'::text, 'update'::text, 'delete'::text, 'full_sync'::text, 'project_sync'::text, 'project_delete'::text]))),
    CONSTRAINT task_sync_jobs_status_check CHECK ((status = ANY (ARRAY['pending'::text, 'processing'::text, 'completed'::text, 'failed'::text, 'skipped'::text])))
);

--
-- Name: claim_task_sync_jobs(text, integer, integer, timestamp with time zone); Type: FUNCTION; Schema: public; Owner: -
--

CREATE FUNCTION public.claim_task_sync_jobs(p_worker_id text, p_limit integer DEFAULT 25, p_lease_seconds integer DEFAULT 300, p_now timestamp with time zone DEFAULT now()) RETURNS SETOF public.task_sync_jobs
    LANGUAGE plpgsql
    AS $$
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

--
-- Name: delete_user_planner_data(); Type: FUNCTION; Schema: public; Owner: -
--

CREATE FUNCTION public.delete_user_planner_data() RETURNS trigger
    LANGUAGE plpgsql
    AS $$
begin
  delete from public.tasks where user_id = old.id;
  delete from public.projects where user_id = old.id;
  return old;
end
$$;

--
-- Name: notify_task_sync_job(); Type: FUNCTION; Schema: public; Owner: -
--

CREATE FUNCTION public.notify_task_sync_job() RETURNS trigger
    LANGUAGE plpgsql
    AS $$
begin
  perform pg_notify('task_sync_jobs', new.user_id);
  return new;
end
$$;

--
-- Name: outlook_connections_mark_user_ready(); Type: FUNCTION; Schema: public; Owner: -
--

CREATE FUNCTION public.outlook_connections_mark_user_ready() RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO 'public', 'pg_temp'
    AS $$
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

--
-- Name: planner_current_user_id(); Type: FUNCTION; Schema: public; Owner: -
--

CREATE FUNCTION public.planner_current_user_id() RETURNS text
    LANGUAGE sql STABLE
    AS $$
  select coalesce(
    nullif(current_setting('app.user_id', true), ''),
    nullif(current_setting('request.jwt.claim.sub', true), ''),
    nullif(nullif(current_setting('request.jwt.claims', true), '')::jsonb ->> 'sub', '')
  )
$$;

--
-- Name: planner_secret_key(); Type: FUNCTION; Schema: public; Owner: -
--

CREATE FUNCTION public.planner_secret_key() RETURNS text
    LANGUAGE plpgsql STABLE
    AS $$
declare k text := nullif(current_setting('app.token_encryption_key', true), '');
begin
  if k is null then
    raise exception 'app.token_encryption_key is not set: the server must configure TOKEN_ENCRYPTION_KEY'
      using errcode = '22023';
  end if;
  return k;
end
$$;

--
-- Name: set_updated_at(); Type: FUNCTION; Schema: public; Owner: -
--

CREATE FUNCTION public.set_updated_at() RETURNS trigger
    LANGUAGE plpgsql
    AS $$
begin
  new.updated_at := now();
  return new;
end
$$;

--
-- Name: task_sync_jobs_mark_user_ready(); Type: FUNCTION; Schema: public; Owner: -
--

CREATE FUNCTION public.task_sync_jobs_mark_user_ready() RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO 'public', 'pg_temp'
    AS $$
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

--
-- Name: task_sync_jobs_queue_follow_up(); Type: FUNCTION; Schema: public; Owner: -
--

CREATE FUNCTION public.task_sync_jobs_queue_follow_up() RETURNS trigger
    LANGUAGE plpgsql
    AS $$
declare
  v_lists jsonb := case when jsonb_typeof(new.payload->'follow_up_lists') = 'array' then new.payload->'follow_up_lists' end;
begin
  insert into public.task_sync_jobs as t (user_id, action, payload, priority)
  values (new.user_id, 'full_sync',
          jsonb_build_object('reason', 'follow_up', 'requested_at', new.follow_up_requested_at)
            || case when v_lists is not null then jsonb_build_object('lists', v_lists) else '{}'::jsonb end,
          new.priority)
  on conflict (user_id) where action = 'full_sync' and status in ('pending', 'processing')
  do update set payload = case
                  when v_lists is not null and jsonb_typeof(t.payload->'lists') = 'array'
                    then jsonb_set(t.payload, '{lists}', (select coalesce(jsonb_agg(distinct l), '[]'::jsonb)
                           from (select jsonb_array_elements_text(t.payload->'lists') as l
                                 union select jsonb_array_elements_text(v_lists)) ls))
                  else t.payload - 'lists'
                end
   where t.status = 'pending';
  return null;
end $$;

--
-- Name: vault_create_secret(text, text, text); Type: FUNCTION; Schema: public; Owner: -
--

CREATE FUNCTION public.vault_create_secret(secret text, name text DEFAULT NULL::text, description text DEFAULT NULL::text) RETURNS uuid
    LANGUAGE plpgsql
    AS $_$
declare new_id uuid;
begin
  if secret is null then
    raise exception 'vault_create_secret: secret must not be null' using errcode = '22004';
  end if;
  if to_regnamespace('vault') is not null then
    execute 'select vault.create_secret($1, $2, $3)' into new_id using secret, name, description;
    return new_id;
  end if;
  insert into public.planner_secrets (name, description, ciphertext)
  values (name, description, pgp_sym_encrypt(secret, public.planner_secret_key()))
  returning id into new_id;
  return new_id;
end
$_$;

--
-- Name: vault_delete_secret(uuid); Type: FUNCTION; Schema: public; Owner: -
--

CREATE FUNCTION public.vault_delete_secret(secret_id uuid) RETURNS void
    LANGUAGE plpgsql
    AS $_$
begin
  if to_regnamespace('vault') is not null then
    execute 'delete from vault.secrets where id = $1' using secret_id;
    return;
  end if;
  delete from public.planner_secrets where id = secret_id;
end
$_$;

--
-- Name: vault_get_secret(uuid); Type: FUNCTION; Schema: public; Owner: -
--

CREATE FUNCTION public.vault_get_secret(secret_id uuid) RETURNS text
    LANGUAGE plpgsql
    AS $_$
declare plain text;
begin
  if to_regnamespace('vault') is not null then
    execute 'select decrypted_secret from vault.decrypted_secrets where id = $1' into plain using secret_id;
    return plain;
  end if;
  select pgp_sym_decrypt(ciphertext, public.planner_secret_key()) into plain
    from public.planner_secrets where id = secret_id;
  return plain;
end
$_$;

--
-- Name: vault_update_secret(uuid, text); Type: FUNCTION; Schema: public; Owner: -
--

CREATE FUNCTION public.vault_update_secret(secret_id uuid, new_secret text) RETURNS void
    LANGUAGE plpgsql
    AS $_$
begin
  if new_secret is null then
    raise exception 'vault_update_secret: secret must not be null' using errcode = '22004';
  end if;
  if to_regnamespace('vault') is not null then
    execute 'select vault.update_secret($1, $2)' using secret_id, new_secret;
    return;
  end if;
  update public.planner_secrets
     set ciphertext = pgp_sym_encrypt(new_secret, public.planner_secret_key())
   where id = secret_id;
  if not found then
    raise exception 'vault_update_secret: no secret %', secret_id using errcode = 'P0002';
  end if;
end
$_$;

--
-- Name: auth_accounts; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.auth_accounts (
    id text DEFAULT (gen_random_uuid())::text NOT NULL,
    user_id text NOT NULL,
    account_id text NOT NULL,
    provider_id text NOT NULL,
    access_token text,
    refresh_token text,
    id_token text,
    access_token_expires_at timestamp with time zone,
    refresh_token_expires_at timestamp with time zone,
    scope text,
    password text,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    updated_at timestamp with time zone DEFAULT now() NOT NULL
);

--
-- Name: auth_sessions; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.auth_sessions (
    id text DEFAULT (gen_random_uuid())::text NOT NULL,
    user_id text NOT NULL,
    token text NOT NULL,
    expires_at timestamp with time zone NOT NULL,
    ip_address text,
    user_agent text,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    updated_at timestamp with time zone DEFAULT now() NOT NULL
);

--
-- Name: auth_verifications; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.auth_verifications (
    id text DEFAULT (gen_random_uuid())::text NOT NULL,
    identifier text NOT NULL,
    value text NOT NULL,
    expires_at timestamp with time zone NOT NULL,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    updated_at timestamp with time zone DEFAULT now() NOT NULL
);

--
-- Name: oauth_states; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.oauth_states (
    state_hash text NOT NULL,
    user_id text NOT NULL,
    session_hash text NOT NULL,
    code_verifier text NOT NULL,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    expires_at timestamp with time zone NOT NULL,
    used_at timestamp with time zone
);

--
-- Name: ops_alert_state; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.ops_alert_state (
    code text NOT NULL,
    severity text NOT NULL,
    message text NOT NULL,
    count integer,
    fired_at timestamp with time zone DEFAULT now() NOT NULL,
    resolved_at timestamp with time zone,
    notify_count integer DEFAULT 0 NOT NULL,
    updated_at timestamp with time zone DEFAULT now() NOT NULL,
    CONSTRAINT ops_alert_state_severity_check CHECK ((severity = ANY (ARRAY['info'::text, 'warning'::text, 'critical'::text])))
);

--
-- Name: ops_metric_samples; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.ops_metric_samples (
    metric text NOT NULL,
    label text DEFAULT ''::text NOT NULL,
    bucket_start timestamp with time zone NOT NULL,
    value double precision NOT NULL
);

--
-- Name: outlook_connections; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.outlook_connections (
    id uuid DEFAULT gen_random_uuid() NOT NULL,
    user_id text NOT NULL,
    microsoft_account_id text NOT NULL,
    email text,
    display_name text,
    planner_list_id text,
    refresh_token_secret uuid,
    access_token text,
    access_token_expires_at timestamp with time zone,
    token_version integer DEFAULT 0 NOT NULL,
    delta_token text,
    subscription_id text,
    subscription_expiration timestamp with time zone,
    needs_reconnect boolean DEFAULT false NOT NULL,
    needs_reconnect_reason text,
    is_sandbox boolean DEFAULT false NOT NULL,
    last_sync_at timestamp with time zone,
    last_full_sync_at timestamp with time zone,
    last_error text,
    last_error_at timestamp with time zone,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    updated_at timestamp with time zone DEFAULT now() NOT NULL,
    throttled_until timestamp with time zone,
    last_notification_at timestamp with time zone,
    lists_pulled_at timestamp with time zone
);

--
-- Name: outlook_lists_left_out; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.outlook_lists_left_out (
    user_id text NOT NULL,
    graph_list_id text NOT NULL,
    reason text NOT NULL,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    CONSTRAINT outlook_lists_left_out_reason_check CHECK ((reason = ANY (ARRAY['existed-at-connect'::text, 'setting-off'::text, 'name-taken'::text, 'former-inbox'::text, 'project-deleted'::text])))
);

--
-- Name: planner_admins; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.planner_admins (
    user_id text NOT NULL,
    granted_by text NOT NULL,
    granted_at timestamp with time zone DEFAULT now() NOT NULL
);

--
-- Name: planner_schema_migrations; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.planner_schema_migrations (
    name text NOT NULL,
    checksum text NOT NULL,
    applied_at timestamp with time zone DEFAULT now() NOT NULL
);

--
-- Name: planner_secrets; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.planner_secrets (
    id uuid DEFAULT gen_random_uuid() NOT NULL,
    name text,
    description text,
    ciphertext bytea NOT NULL,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    updated_at timestamp with time zone DEFAULT now() NOT NULL
);

--
-- Name: project_outlook_lists; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.project_outlook_lists (
    id uuid DEFAULT gen_random_uuid() NOT NULL,
    user_id text NOT NULL,
    project_id uuid,
    is_default boolean DEFAULT false NOT NULL,
    graph_list_id text NOT NULL,
    graph_list_name text NOT NULL,
    is_active boolean DEFAULT true NOT NULL,
    subscription_id text,
    subscription_expires_at timestamp with time zone,
    subscription_client_state text,
    delta_token text,
    sync_paused_at timestamp with time zone,
    sync_paused_reason text,
    last_synced_at timestamp with time zone,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    updated_at timestamp with time zone DEFAULT now() NOT NULL,
    subscription_renew_requested_at timestamp with time zone,
    subscription_attempted_at timestamp with time zone,
    subscription_error text,
    subscription_failed_at timestamp with time zone
);

--
-- Name: projects; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.projects (
    id uuid DEFAULT gen_random_uuid() NOT NULL,
    user_id text NOT NULL,
    name text NOT NULL,
    status text DEFAULT 'Active'::text NOT NULL,
    "position" double precision DEFAULT 0 NOT NULL,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    updated_at timestamp with time zone DEFAULT now() NOT NULL,
    origin text DEFAULT 'planner'::text NOT NULL,
    CONSTRAINT projects_name_check CHECK (((char_length(btrim(name)) >= 1) AND (char_length(btrim(name)) <= 200))),
    CONSTRAINT projects_origin_check CHECK ((origin = ANY (ARRAY['planner'::text, 'todo'::text]))),
    CONSTRAINT projects_status_check CHECK ((status = ANY (ARRAY['Active'::text, 'Completed'::text, 'Cancelled'::text])))
);

--
-- Name: sync_conflicts; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.sync_conflicts (
    id uuid DEFAULT gen_random_uuid() NOT NULL,
    user_id text NOT NULL,
    task_id uuid NOT NULL,
    graph_task_id text,
    field text NOT NULL,
    base_value jsonb,
    local_value jsonb,
    remote_value jsonb,
    winner text NOT NULL,
    local_modified_at timestamp with time zone,
    remote_modified_at timestamp with time zone,
    resolved_at timestamp with time zone,
    resolution text,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    updated_at timestamp with time zone DEFAULT now() NOT NULL,
    CONSTRAINT sync_conflicts_field_check CHECK ((field = ANY (ARRAY['title'::text, 'notes'::text, 'due_date'::text, 'priority'::text, 'completed'::text, 'deleted'::text, 'status'::text, 'start_date'::text, 'categories'::text, 'reminder_at'::text, 'recurrence'::text, 'steps'::text]))),
    CONSTRAINT sync_conflicts_resolution_check CHECK ((resolution = ANY (ARRAY['kept'::text, 'undone'::text]))),
    CONSTRAINT sync_conflicts_winner_check CHECK ((winner = ANY (ARRAY['local'::text, 'remote'::text])))
);

--
-- Name: task_sync_jobs_id_seq; Type: SEQUENCE; Schema: public; Owner: -
--

ALTER TABLE public.task_sync_jobs ALTER COLUMN id ADD GENERATED ALWAYS AS IDENTITY (
    SEQUENCE NAME public.task_sync_jobs_id_seq
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1
);

--
-- Name: task_sync_state; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.task_sync_state (
    id uuid DEFAULT gen_random_uuid() NOT NULL,
    user_id text NOT NULL,
    task_id uuid NOT NULL,
    graph_task_id text,
    graph_list_id text,
    graph_etag text,
    last_sync_direction text,
    snapshot jsonb,
    snapshot_hash text,
    synced_version integer DEFAULT 0 NOT NULL,
    remote_modified_at timestamp with time zone,
    last_synced_at timestamp with time zone,
    last_error text,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    updated_at timestamp with time zone DEFAULT now() NOT NULL,
    pending_create_list_id text,
    pending_create_at timestamp with time zone,
    copy_missing_at timestamp with time zone,
    steps_base jsonb,
    CONSTRAINT task_sync_state_last_sync_direction_check CHECK ((last_sync_direction = ANY (ARRAY['push'::text, 'pull'::text]))),
    CONSTRAINT task_sync_state_steps_base_check CHECK (((steps_base IS NULL) OR (jsonb_typeof(steps_base) = 'array'::text)))
);

--
-- Name: task_sync_user_turns; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.task_sync_user_turns (
    user_id text NOT NULL,
    last_claimed_at timestamp with time zone,
    priority smallint DEFAULT 0 NOT NULL,
    ready_at timestamp with time zone DEFAULT now() NOT NULL
)
WITH (autovacuum_vacuum_scale_factor='0', autovacuum_vacuum_threshold='500', autovacuum_vacuum_cost_delay='0', autovacuum_analyze_scale_factor='0.05', fillfactor='70');

--
-- Name: tasks; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.tasks (
    id uuid DEFAULT gen_random_uuid() NOT NULL,
    user_id text NOT NULL,
    project_id uuid,
    title text NOT NULL,
    notes text DEFAULT ''::text NOT NULL,
    due_date date,
    priority text DEFAULT 'normal'::text NOT NULL,
    completed boolean DEFAULT false NOT NULL,
    completed_at timestamp with time zone,
    "position" double precision DEFAULT 0 NOT NULL,
    version integer DEFAULT 1 NOT NULL,
    deleted_at timestamp with time zone,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    updated_at timestamp with time zone DEFAULT now() NOT NULL,
    status text DEFAULT 'notStarted'::text NOT NULL,
    start_date date,
    categories text[] DEFAULT '{}'::text[] NOT NULL,
    reminder_at timestamp with time zone,
    recurrence jsonb,
    steps jsonb DEFAULT '[]'::jsonb NOT NULL,
    CONSTRAINT tasks_categories_check CHECK ((cardinality(categories) <= 25)),
    CONSTRAINT tasks_notes_check CHECK ((char_length(notes) <= 20000)),
    CONSTRAINT tasks_priority_check CHECK ((priority = ANY (ARRAY['low'::text, 'normal'::text, 'high'::text]))),
    CONSTRAINT tasks_recurrence_check CHECK (((recurrence IS NULL) OR (jsonb_typeof(recurrence) = 'object'::text))),
    CONSTRAINT tasks_status_check CHECK ((status = ANY (ARRAY['notStarted'::text, 'inProgress'::text, 'waitingOnOthers'::text, 'deferred'::text]))),
    CONSTRAINT tasks_steps_check CHECK (((jsonb_typeof(steps) = 'array'::text) AND (jsonb_array_length(steps) <= 100))),
    CONSTRAINT tasks_title_check CHECK (((char_length(btrim(title)) >= 1) AND (char_length(btrim(title)) <= 400)))
);

--
-- Name: user_settings; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.user_settings (
    user_id text NOT NULL,
    time_zone text,
    lists_become_projects boolean DEFAULT true NOT NULL,
    inbox_list text DEFAULT 'planner-inbox'::text NOT NULL,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    updated_at timestamp with time zone DEFAULT now() NOT NULL,
    CONSTRAINT user_settings_inbox_list_check CHECK ((inbox_list = ANY (ARRAY['todo-default'::text, 'planner-inbox'::text]))),
    CONSTRAINT user_settings_time_zone_check CHECK (((time_zone IS NULL) OR ((char_length(time_zone) >= 1) AND (char_length(time_zone) <= 64))))
);

--
-- Name: users; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.users (
    id text DEFAULT (gen_random_uuid())::text NOT NULL,
    name text NOT NULL,
    email text NOT NULL,
    email_verified boolean DEFAULT false NOT NULL,
    image text,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    updated_at timestamp with time zone DEFAULT now() NOT NULL
);

--
-- Name: auth_accounts auth_accounts_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.auth_accounts
    ADD CONSTRAINT auth_accounts_pkey PRIMARY KEY (id);

--
-- Name: auth_sessions auth_sessions_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.auth_sessions
    ADD CONSTRAINT auth_sessions_pkey PRIMARY KEY (id);

--
-- Name: auth_sessions auth_sessions_token_key; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.auth_sessions
    ADD CONSTRAINT auth_sessions_token_key UNIQUE (token);

--
-- Name: auth_verifications auth_verifications_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.auth_verifications
    ADD CONSTRAINT auth_verifications_pkey PRIMARY KEY (id);

--
-- Name: oauth_states oauth_states_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.oauth_states
    ADD CONSTRAINT oauth_states_pkey PRIMARY KEY (state_hash);

--
-- Name: ops_alert_state ops_alert_state_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.ops_alert_state
    ADD CONSTRAINT ops_alert_state_pkey PRIMARY KEY (code);

--
-- Name: ops_metric_samples ops_metric_samples_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.ops_metric_samples
    ADD CONSTRAINT ops_metric_samples_pkey PRIMARY KEY (metric, bucket_start, label);

--
-- Name: outlook_connections outlook_connections_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.outlook_connections
    ADD CONSTRAINT outlook_connections_pkey PRIMARY KEY (id);

--
-- Name: outlook_connections outlook_connections_user_id_key; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.outlook_connections
    ADD CONSTRAINT outlook_connections_user_id_key UNIQUE (user_id);

--
-- Name: outlook_lists_left_out outlook_lists_left_out_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.outlook_lists_left_out
    ADD CONSTRAINT outlook_lists_left_out_pkey PRIMARY KEY (user_id, graph_list_id);

--
-- Name: planner_admins planner_admins_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.planner_admins
    ADD CONSTRAINT planner_admins_pkey PRIMARY KEY (user_id);

--
-- Name: planner_schema_migrations planner_schema_migrations_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.planner_schema_migrations
    ADD CONSTRAINT planner_schema_migrations_pkey PRIMARY KEY (name);

--
-- Name: planner_secrets planner_secrets_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.planner_secrets
    ADD CONSTRAINT planner_secrets_pkey PRIMARY KEY (id);

--
-- Name: project_outlook_lists project_outlook_lists_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.project_outlook_lists
    ADD CONSTRAINT project_outlook_lists_pkey PRIMARY KEY (id);

--
-- Name: projects projects_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.projects
    ADD CONSTRAINT projects_pkey PRIMARY KEY (id);

--
-- Name: sync_conflicts sync_conflicts_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.sync_conflicts
    ADD CONSTRAINT sync_conflicts_pkey PRIMARY KEY (id);

--
-- Name: task_sync_jobs task_sync_jobs_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.task_sync_jobs
    ADD CONSTRAINT task_sync_jobs_pkey PRIMARY KEY (id);

--
-- Name: task_sync_state task_sync_state_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.task_sync_state
    ADD CONSTRAINT task_sync_state_pkey PRIMARY KEY (id);

--
-- Name: task_sync_state task_sync_state_task_id_key; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.task_sync_state
    ADD CONSTRAINT task_sync_state_task_id_key UNIQUE (task_id);

--
-- Name: task_sync_user_turns task_sync_user_turns_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.task_sync_user_turns
    ADD CONSTRAINT task_sync_user_turns_pkey PRIMARY KEY (user_id);

--
-- Name: tasks tasks_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.tasks
    ADD CONSTRAINT tasks_pkey PRIMARY KEY (id);

--
-- Name: user_settings user_settings_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.user_settings
    ADD CONSTRAINT user_settings_pkey PRIMARY KEY (user_id);

--
-- Name: users users_email_key; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.users
    ADD CONSTRAINT users_email_key UNIQUE (email);

--
-- Name: users users_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.users
    ADD CONSTRAINT users_pkey PRIMARY KEY (id);

--
-- Name: auth_accounts_provider_key; Type: INDEX; Schema: public; Owner: -
--

CREATE UNIQUE INDEX auth_accounts_provider_key ON public.auth_accounts USING btree (provider_id, account_id);

--
-- Name: auth_accounts_user_idx; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX auth_accounts_user_idx ON public.auth_accounts USING btree (user_id);

--
-- Name: auth_sessions_user_idx; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX auth_sessions_user_idx ON public.auth_sessions USING btree (user_id);

--
-- Name: auth_verifications_identifier_idx; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX auth_verifications_identifier_idx ON public.auth_verifications USING btree (identifier);

--
-- Name: oauth_states_expires_idx; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX oauth_states_expires_idx ON public.oauth_states USING btree (expires_at);

--
-- Name: oauth_states_user_idx; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX oauth_states_user_idx ON public.oauth_states USING btree (user_id);

--
-- Name: ops_metric_samples_bucket_idx; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX ops_metric_samples_bucket_idx ON public.ops_metric_samples USING btree (bucket_start);

--
-- Name: project_outlook_lists_default_key; Type: INDEX; Schema: public; Owner: -
--

CREATE UNIQUE INDEX project_outlook_lists_default_key ON public.project_outlook_lists USING btree (user_id) WHERE is_default;

--
-- Name: project_outlook_lists_graph_list_key; Type: INDEX; Schema: public; Owner: -
--

CREATE UNIQUE INDEX project_outlook_lists_graph_list_key ON public.project_outlook_lists USING btree (user_id, graph_list_id);

--
-- Name: project_outlook_lists_project_key; Type: INDEX; Schema: public; Owner: -
--

CREATE UNIQUE INDEX project_outlook_lists_project_key ON public.project_outlook_lists USING btree (project_id) WHERE (project_id IS NOT NULL);

--
-- Name: project_outlook_lists_subscription_due; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX project_outlook_lists_subscription_due ON public.project_outlook_lists USING btree (COALESCE(subscription_expires_at, '-infinity'::timestamp with time zone)) WHERE is_active;

--
-- Name: project_outlook_lists_subscription_id_key; Type: INDEX; Schema: public; Owner: -
--

CREATE UNIQUE INDEX project_outlook_lists_subscription_id_key ON public.project_outlook_lists USING btree (subscription_id) WHERE (subscription_id IS NOT NULL);

--
-- Name: project_outlook_lists_subscription_orphaned; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX project_outlook_lists_subscription_orphaned ON public.project_outlook_lists USING btree (user_id) WHERE ((subscription_id IS NOT NULL) AND (NOT is_active));

--
-- Name: project_outlook_lists_subscription_renew_requested; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX project_outlook_lists_subscription_renew_requested ON public.project_outlook_lists USING btree (subscription_renew_requested_at) WHERE (subscription_renew_requested_at IS NOT NULL);

--
-- Name: project_outlook_lists_user_idx; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX project_outlook_lists_user_idx ON public.project_outlook_lists USING btree (user_id, is_active);

--
-- Name: projects_user_idx; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX projects_user_idx ON public.projects USING btree (user_id, "position");

--
-- Name: sync_conflicts_open_idx; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX sync_conflicts_open_idx ON public.sync_conflicts USING btree (user_id) WHERE (resolved_at IS NULL);

--
-- Name: sync_conflicts_task_idx; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX sync_conflicts_task_idx ON public.sync_conflicts USING btree (task_id);

--
-- Name: sync_conflicts_user_idx; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX sync_conflicts_user_idx ON public.sync_conflicts USING btree (user_id, created_at DESC);

--
-- Name: task_sync_jobs_available_idx; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX task_sync_jobs_available_idx ON public.task_sync_jobs USING btree (priority, scheduled_at, id) WHERE (status = ANY (ARRAY['pending'::text, 'processing'::text]));

--
-- Name: task_sync_jobs_completed_idx; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX task_sync_jobs_completed_idx ON public.task_sync_jobs USING btree (completed_at DESC) WHERE (status = 'completed'::text);

--
-- Name: task_sync_jobs_failed_idx; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX task_sync_jobs_failed_idx ON public.task_sync_jobs USING btree (updated_at DESC) WHERE (status = 'failed'::text);

--
-- Name: task_sync_jobs_pending_created_idx; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX task_sync_jobs_pending_created_idx ON public.task_sync_jobs USING btree (created_at, id) WHERE (status = 'pending'::text);

--
-- Name: task_sync_jobs_pending_user_due_idx; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX task_sync_jobs_pending_user_due_idx ON public.task_sync_jobs USING btree (user_id, scheduled_at) WHERE (status = 'pending'::text);

--
-- Name: task_sync_jobs_pending_user_idx; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX task_sync_jobs_pending_user_idx ON public.task_sync_jobs USING btree (user_id, priority, scheduled_at, id) WHERE (status = 'pending'::text);

--
-- Name: task_sync_jobs_processing_user_idx; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX task_sync_jobs_processing_user_idx ON public.task_sync_jobs USING btree (user_id, locked_until) WHERE (status = 'processing'::text);

--
-- Name: task_sync_jobs_skipped_idx; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX task_sync_jobs_skipped_idx ON public.task_sync_jobs USING btree (completed_at) WHERE (status = 'skipped'::text);

--
-- Name: task_sync_jobs_task_active_idx; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX task_sync_jobs_task_active_idx ON public.task_sync_jobs USING btree (task_id, id) WHERE (status = ANY (ARRAY['pending'::text, 'processing'::text]));

--
-- Name: task_sync_jobs_unique_full_sync_active; Type: INDEX; Schema: public; Owner: -
--

CREATE UNIQUE INDEX task_sync_jobs_unique_full_sync_active ON public.task_sync_jobs USING btree (user_id) WHERE ((action = 'full_sync'::text) AND (status = ANY (ARRAY['pending'::text, 'processing'::text])));

--
-- Name: task_sync_jobs_unique_pending_update; Type: INDEX; Schema: public; Owner: -
--

CREATE UNIQUE INDEX task_sync_jobs_unique_pending_update ON public.task_sync_jobs USING btree (task_id) WHERE ((action = 'update'::text) AND (status = 'pending'::text));

--
-- Name: task_sync_jobs_user_status_idx; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX task_sync_jobs_user_status_idx ON public.task_sync_jobs USING btree (user_id, status);

--
-- Name: task_sync_state_graph_task_key; Type: INDEX; Schema: public; Owner: -
--

CREATE UNIQUE INDEX task_sync_state_graph_task_key ON public.task_sync_state USING btree (user_id, graph_task_id) WHERE (graph_task_id IS NOT NULL);

--
-- Name: task_sync_state_list_idx; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX task_sync_state_list_idx ON public.task_sync_state USING btree (user_id, graph_list_id);

--
-- Name: task_sync_user_turns_round_idx; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX task_sync_user_turns_round_idx ON public.task_sync_user_turns USING btree (priority, last_claimed_at NULLS FIRST, ready_at);

--
-- Name: tasks_project_idx; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX tasks_project_idx ON public.tasks USING btree (project_id);

--
-- Name: tasks_user_project_idx; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX tasks_user_project_idx ON public.tasks USING btree (user_id, project_id, "position") WHERE (deleted_at IS NULL);

--
-- Name: auth_accounts auth_accounts_set_updated_at; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER auth_accounts_set_updated_at BEFORE UPDATE ON public.auth_accounts FOR EACH ROW EXECUTE FUNCTION public.set_updated_at();

--
-- Name: auth_sessions auth_sessions_set_updated_at; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER auth_sessions_set_updated_at BEFORE UPDATE ON public.auth_sessions FOR EACH ROW EXECUTE FUNCTION public.set_updated_at();

--
-- Name: auth_verifications auth_verifications_set_updated_at; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER auth_verifications_set_updated_at BEFORE UPDATE ON public.auth_verifications FOR EACH ROW EXECUTE FUNCTION public.set_updated_at();

--
-- Name: ops_alert_state ops_alert_state_set_updated_at; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER ops_alert_state_set_updated_at BEFORE UPDATE ON public.ops_alert_state FOR EACH ROW EXECUTE FUNCTION public.set_updated_at();

--
-- Name: outlook_connections outlook_connections_ready_user; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER outlook_connections_ready_user AFTER UPDATE OF needs_reconnect, throttled_until ON public.outlook_connections FOR EACH ROW WHEN (((NOT new.needs_reconnect) AND (old.needs_reconnect OR ((old.throttled_until IS NOT NULL) AND ((new.throttled_until IS NULL) OR (new.throttled_until < old.throttled_until)))))) EXECUTE FUNCTION public.outlook_connections_mark_user_ready();

--
-- Name: outlook_connections outlook_connections_set_updated_at; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER outlook_connections_set_updated_at BEFORE UPDATE ON public.outlook_connections FOR EACH ROW EXECUTE FUNCTION public.set_updated_at();

--
-- Name: planner_secrets planner_secrets_set_updated_at; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER planner_secrets_set_updated_at BEFORE UPDATE ON public.planner_secrets FOR EACH ROW EXECUTE FUNCTION public.set_updated_at();

--
-- Name: project_outlook_lists project_outlook_lists_set_updated_at; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER project_outlook_lists_set_updated_at BEFORE UPDATE ON public.project_outlook_lists FOR EACH ROW EXECUTE FUNCTION public.set_updated_at();

--
-- Name: projects projects_set_updated_at; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER projects_set_updated_at BEFORE UPDATE ON public.projects FOR EACH ROW EXECUTE FUNCTION public.set_updated_at();

--
-- Name: sync_conflicts sync_conflicts_set_updated_at; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER sync_conflicts_set_updated_at BEFORE UPDATE ON public.sync_conflicts FOR EACH ROW EXECUTE FUNCTION public.set_updated_at();

--
-- Name: task_sync_jobs task_sync_jobs_follow_up; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER task_sync_jobs_follow_up AFTER UPDATE OF status ON public.task_sync_jobs FOR EACH ROW WHEN (((new.action = 'full_sync'::text) AND (old.status = 'processing'::text) AND (new.status = ANY (ARRAY['completed'::text, 'failed'::text, 'skipped'::text])) AND (new.follow_up_requested_at IS NOT NULL))) EXECUTE FUNCTION public.task_sync_jobs_queue_follow_up();

--
-- Name: task_sync_jobs task_sync_jobs_notify; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER task_sync_jobs_notify AFTER INSERT ON public.task_sync_jobs FOR EACH ROW EXECUTE FUNCTION public.notify_task_sync_job();

--
-- Name: task_sync_jobs task_sync_jobs_ready_on_insert; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER task_sync_jobs_ready_on_insert AFTER INSERT ON public.task_sync_jobs REFERENCING NEW TABLE AS changed_jobs FOR EACH STATEMENT EXECUTE FUNCTION public.task_sync_jobs_mark_user_ready();

--
-- Name: task_sync_jobs task_sync_jobs_ready_on_update; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER task_sync_jobs_ready_on_update AFTER UPDATE ON public.task_sync_jobs REFERENCING NEW TABLE AS changed_jobs FOR EACH STATEMENT EXECUTE FUNCTION public.task_sync_jobs_mark_user_ready();

--
-- Name: task_sync_jobs task_sync_jobs_set_updated_at; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER task_sync_jobs_set_updated_at BEFORE UPDATE ON public.task_sync_jobs FOR EACH ROW EXECUTE FUNCTION public.set_updated_at();

--
-- Name: task_sync_state task_sync_state_set_updated_at; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER task_sync_state_set_updated_at BEFORE UPDATE ON public.task_sync_state FOR EACH ROW EXECUTE FUNCTION public.set_updated_at();

--
-- Name: tasks tasks_set_updated_at; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER tasks_set_updated_at BEFORE UPDATE ON public.tasks FOR EACH ROW EXECUTE FUNCTION public.set_updated_at();

--
-- Name: user_settings user_settings_set_updated_at; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER user_settings_set_updated_at BEFORE UPDATE ON public.user_settings FOR EACH ROW EXECUTE FUNCTION public.set_updated_at();

--
-- Name: users users_delete_planner_data; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER users_delete_planner_data AFTER DELETE ON public.users FOR EACH ROW EXECUTE FUNCTION public.delete_user_planner_data();

--
-- Name: users users_set_updated_at; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER users_set_updated_at BEFORE UPDATE ON public.users FOR EACH ROW EXECUTE FUNCTION public.set_updated_at();

--
-- Name: auth_accounts auth_accounts_user_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.auth_accounts
    ADD CONSTRAINT auth_accounts_user_id_fkey FOREIGN KEY (user_id) REFERENCES public.users(id) ON DELETE CASCADE;

--
-- Name: auth_sessions auth_sessions_user_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.auth_sessions
    ADD CONSTRAINT auth_sessions_user_id_fkey FOREIGN KEY (user_id) REFERENCES public.users(id) ON DELETE CASCADE;

--
-- Name: planner_admins planner_admins_user_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.planner_admins
    ADD CONSTRAINT planner_admins_user_id_fkey FOREIGN KEY (user_id) REFERENCES public.users(id) ON DELETE CASCADE;

--
-- Name: project_outlook_lists project_outlook_lists_project_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.project_outlook_lists
    ADD CONSTRAINT project_outlook_lists_project_id_fkey FOREIGN KEY (project_id) REFERENCES public.projects(id) ON DELETE SET NULL;

--
-- Name: sync_conflicts sync_conflicts_task_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.sync_conflicts
    ADD CONSTRAINT sync_conflicts_task_id_fkey FOREIGN KEY (task_id) REFERENCES public.tasks(id) ON DELETE CASCADE;

--
-- Name: tasks tasks_project_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.tasks
    ADD CONSTRAINT tasks_project_id_fkey FOREIGN KEY (project_id) REFERENCES public.projects(id) ON DELETE CASCADE;

--
-- Name: auth_accounts; Type: ROW SECURITY; Schema: public; Owner: -
--

ALTER TABLE public.auth_accounts ENABLE ROW LEVEL SECURITY;

--
-- Name: auth_sessions; Type: ROW SECURITY; Schema: public; Owner: -
--

ALTER TABLE public.auth_sessions ENABLE ROW LEVEL SECURITY;

--
-- Name: auth_verifications; Type: ROW SECURITY; Schema: public; Owner: -
--

ALTER TABLE public.auth_verifications ENABLE ROW LEVEL SECURITY;

--
-- Name: oauth_states; Type: ROW SECURITY; Schema: public; Owner: -
--

ALTER TABLE public.oauth_states ENABLE ROW LEVEL SECURITY;

--
-- Name: ops_alert_state; Type: ROW SECURITY; Schema: public; Owner: -
--

ALTER TABLE public.ops_alert_state ENABLE ROW LEVEL SECURITY;

--
-- Name: ops_metric_samples; Type: ROW SECURITY; Schema: public; Owner: -
--

ALTER TABLE public.ops_metric_samples ENABLE ROW LEVEL SECURITY;

--
-- Name: outlook_connections; Type: ROW SECURITY; Schema: public; Owner: -
--

ALTER TABLE public.outlook_connections ENABLE ROW LEVEL SECURITY;

--
-- Name: outlook_connections outlook_connections_own_rows; Type: POLICY; Schema: public; Owner: -
--

CREATE POLICY outlook_connections_own_rows ON public.outlook_connections TO authenticated USING ((user_id = public.planner_current_user_id())) WITH CHECK ((user_id = public.planner_current_user_id()));

--
-- Name: outlook_lists_left_out; Type: ROW SECURITY; Schema: public; Owner: -
--

ALTER TABLE public.outlook_lists_left_out ENABLE ROW LEVEL SECURITY;

--
-- Name: outlook_lists_left_out outlook_lists_left_out_own_rows; Type: POLICY; Schema: public; Owner: -
--

CREATE POLICY outlook_lists_left_out_own_rows ON public.outlook_lists_left_out TO authenticated USING ((user_id = public.planner_current_user_id())) WITH CHECK ((user_id = public.planner_current_user_id()));

--
-- Name: planner_admins; Type: ROW SECURITY; Schema: public; Owner: -
--

ALTER TABLE public.planner_admins ENABLE ROW LEVEL SECURITY;

--
-- Name: planner_schema_migrations; Type: ROW SECURITY; Schema: public; Owner: -
--

ALTER TABLE public.planner_schema_migrations ENABLE ROW LEVEL SECURITY;

--
-- Name: planner_secrets; Type: ROW SECURITY; Schema: public; Owner: -
--

ALTER TABLE public.planner_secrets ENABLE ROW LEVEL SECURITY;

--
-- Name: project_outlook_lists; Type: ROW SECURITY; Schema: public; Owner: -
--

ALTER TABLE public.project_outlook_lists ENABLE ROW LEVEL SECURITY;

--
-- Name: project_outlook_lists project_outlook_lists_own_rows; Type: POLICY; Schema: public; Owner: -
--

CREATE POLICY project_outlook_lists_own_rows ON public.project_outlook_lists TO authenticated USING ((user_id = public.planner_current_user_id())) WITH CHECK ((user_id = public.planner_current_user_id()));

--
-- Name: projects; Type: ROW SECURITY; Schema: public; Owner: -
--

ALTER TABLE public.projects ENABLE ROW LEVEL SECURITY;

--
-- Name: projects projects_own_rows; Type: POLICY; Schema: public; Owner: -
--

CREATE POLICY projects_own_rows ON public.projects TO authenticated USING ((user_id = public.planner_current_user_id())) WITH CHECK ((user_id = public.planner_current_user_id()));

--
-- Name: sync_conflicts; Type: ROW SECURITY; Schema: public; Owner: -
--

ALTER TABLE public.sync_conflicts ENABLE ROW LEVEL SECURITY;

--
-- Name: sync_conflicts sync_conflicts_own_rows; Type: POLICY; Schema: public; Owner: -
--

CREATE POLICY sync_conflicts_own_rows ON public.sync_conflicts TO authenticated USING ((user_id = public.planner_current_user_id())) WITH CHECK ((user_id = public.planner_current_user_id()));

--
-- Name: task_sync_jobs; Type: ROW SECURITY; Schema: public; Owner: -
--

ALTER TABLE public.task_sync_jobs ENABLE ROW LEVEL SECURITY;

--
-- Name: task_sync_jobs task_sync_jobs_own_rows; Type: POLICY; Schema: public; Owner: -
--

CREATE POLICY task_sync_jobs_own_rows ON public.task_sync_jobs TO authenticated USING ((user_id = public.planner_current_user_id())) WITH CHECK ((user_id = public.planner_current_user_id()));

--
-- Name: task_sync_state; Type: ROW SECURITY; Schema: public; Owner: -
--

ALTER TABLE public.task_sync_state ENABLE ROW LEVEL SECURITY;

--
-- Name: task_sync_state task_sync_state_own_rows; Type: POLICY; Schema: public; Owner: -
--

CREATE POLICY task_sync_state_own_rows ON public.task_sync_state TO authenticated USING ((user_id = public.planner_current_user_id())) WITH CHECK ((user_id = public.planner_current_user_id()));

--
-- Name: task_sync_user_turns; Type: ROW SECURITY; Schema: public; Owner: -
--

ALTER TABLE public.task_sync_user_turns ENABLE ROW LEVEL SECURITY;

--
-- Name: tasks; Type: ROW SECURITY; Schema: public; Owner: -
--

ALTER TABLE public.tasks ENABLE ROW LEVEL SECURITY;

--
-- Name: tasks tasks_own_rows; Type: POLICY; Schema: public; Owner: -
--

CREATE POLICY tasks_own_rows ON public.tasks TO authenticated USING ((user_id = public.planner_current_user_id())) WITH CHECK ((user_id = public.planner_current_user_id()));

--
-- Name: user_settings; Type: ROW SECURITY; Schema: public; Owner: -
--

ALTER TABLE public.user_settings ENABLE ROW LEVEL SECURITY;

--
-- Name: user_settings user_settings_own_rows; Type: POLICY; Schema: public; Owner: -
--

CREATE POLICY user_settings_own_rows ON public.user_settings TO authenticated USING ((user_id = public.planner_current_user_id())) WITH CHECK ((user_id = public.planner_current_user_id()));

--
-- Name: users; Type: ROW SECURITY; Schema: public; Owner: -
--

ALTER TABLE public.users ENABLE ROW LEVEL SECURITY;
