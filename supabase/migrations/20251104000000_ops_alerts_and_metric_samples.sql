-- Operations (issue 8): alert state for once-per-warning notifications, a small
-- time series of metric samples for the /admin charts, and one index the health
-- report needs to find the oldest pending job without sorting the backlog.

-- One row per warning code. resolved_at is null while the warning is firing;
-- the alert check claims a new warning by inserting (or re-opening) its row and
-- claims a resolution by setting resolved_at, so two checks never both notify.
create table if not exists public.ops_alert_state (
  code text primary key,
  severity text not null check (severity in ('info', 'warning', 'critical')),
  message text not null,
  count integer,
  fired_at timestamptz not null default now(),
  resolved_at timestamptz,
  notify_count integer not null default 0,
  updated_at timestamptz not null default now()
);

-- Per-minute buckets: counters are summed into a bucket (jobs, 429s, ...),
-- gauges (queue depth) keep the last sample of the bucket. Pruned after 7 days.
create table if not exists public.ops_metric_samples (
  metric text not null,
  label text not null default '',
  bucket_start timestamptz not null,
  value double precision not null,
  primary key (metric, bucket_start, label)
);
create index if not exists ops_metric_samples_bucket_idx on public.ops_metric_samples (bucket_start);

-- Oldest pending job (health §9) by age, read without sorting a large backlog.
create index if not exists task_sync_jobs_pending_created_idx
  on public.task_sync_jobs (created_at, id)
  where status = 'pending';

drop trigger if exists ops_alert_state_set_updated_at on public.ops_alert_state;
create trigger ops_alert_state_set_updated_at before update on public.ops_alert_state
  for each row execute function public.set_updated_at();

-- Operator-only tables: no end-user policy, so the authenticated role sees nothing.
alter table public.ops_alert_state enable row level security;
alter table public.ops_metric_samples enable row level security;
grant all on public.ops_alert_state to service_role;
grant all on public.ops_metric_samples to service_role;
