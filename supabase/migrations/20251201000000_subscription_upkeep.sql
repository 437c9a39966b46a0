-- Subscriptions are kept by the runner's tick, not only by the 30-minute cron (issue 13 §1):
-- each tick looks for list mappings whose subscription is missing, expiring, flagged by
-- reauthorizationRequired, or left behind by an archived mapping, and maintains them.
--
-- subscription_attempted_at: when upkeep last took this mapping in hand. It is a short
-- lease (two runners, or a runner and a full_sync, never create the same list's
-- subscription at once; Graph would answer the second with 409) and the back-off after a
-- failure (a list whose subscription cannot be created is retried after
-- OUTLOOK_SUBSCRIPTION_RETRY_SEC, not on every tick).
-- subscription_error / subscription_failed_at: the last failure, cleared by the next success
-- (shown by /health and the integrations page).
alter table public.project_outlook_lists
  add column if not exists subscription_attempted_at timestamptz,
  add column if not exists subscription_error text,
  add column if not exists subscription_failed_at timestamptz;

-- The tick's look-up of due mappings stays an index scan however many lists there are.
create index if not exists project_outlook_lists_subscription_due
  on public.project_outlook_lists ((coalesce(subscription_expires_at, '-infinity'::timestamptz)))
  where is_active;
create index if not exists project_outlook_lists_subscription_renew_requested
  on public.project_outlook_lists (subscription_renew_requested_at)
  where subscription_renew_requested_at is not null;
create index if not exists project_outlook_lists_subscription_orphaned
  on public.project_outlook_lists (user_id)
  where subscription_id is not null and not is_active;
