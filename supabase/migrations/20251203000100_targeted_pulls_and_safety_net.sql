-- Pulls aimed at the list that changed, and a safety net sized to need (issue 15 §3–4,
-- decision 0045).
--
--  * outlook_connections.last_notification_at: when a genuine change notification for one
--    of the user's subscriptions last arrived (the webhook stamps it). With every list
--    subscribed and notifications arriving after Planner's own pushes, the safety-net
--    full_sync runs every OUTLOOK_FULL_SYNC_HEALTHY_INTERVAL_MIN (hours) instead of every
--    OUTLOOK_FULL_SYNC_INTERVAL_MIN;
--  * outlook_connections.lists_pulled_at: when the lists delta last ran. A full_sync
--    aimed at some lists (a notification's) reads only their task deltas, and the lists
--    delta only when it is older than OUTLOOK_LISTS_DELTA_INTERVAL_MIN.
--  * task_sync_user_turns is rewritten by every claim (its round index changes, so no
--    HOT updates): vacuum it as soon as a few hundred rows are dead, without cost delay,
--    so the claim's index scan does not wade through dead entries.

alter table public.outlook_connections add column if not exists last_notification_at timestamptz;
alter table public.outlook_connections add column if not exists lists_pulled_at timestamptz;

alter table public.task_sync_user_turns set (
  autovacuum_vacuum_scale_factor = 0,
  autovacuum_vacuum_threshold = 500,
  autovacuum_vacuum_cost_delay = 0,
  autovacuum_analyze_scale_factor = 0.05,
  fillfactor = 70
);
