-- A follow-up full_sync (20251201000100, decision 0041) is aimed at the lists its requests
-- named (issue 15 §3, decision 0045). A request that arrives while the user's full_sync is
-- processing adds its lists to that job's payload.follow_up_lists (the string "all" when
-- it asked for every list, or when an earlier request did); the follow-up queued when the
-- job ends carries them as payload.lists. A follow-up that finds a pending full_sync
-- widens it the same way instead of being dropped. Without this every notification of a
-- change made during a pull (our own pushes' echoes too) queued a pull of every list.
create or replace function public.task_sync_jobs_queue_follow_up() returns trigger
language plpgsql as $$
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
