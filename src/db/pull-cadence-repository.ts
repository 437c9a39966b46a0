/**
 * When a user's pulls last read what (issue 15 §3): a full_sync aimed at the lists a
 * notification named reads the lists delta only when it is older than
 * OUTLOOK_LISTS_DELTA_INTERVAL_MIN, and does not move last_full_sync_at (the safety net's
 * clock: only a pull of every list resets it). Times are the sync context's clock's
 * (decision 0049), as the safety net that compares them.
 */
import { sql } from 'kysely';
import type { Executor } from './client';

/** Whether the user's lists delta last ran more than `intervalMin` before `now` (or never). */
export async function listsDeltaDue(ex: Executor, input: { userId: string; intervalMin: number; now: Date }): Promise<boolean> {
  const { userId, intervalMin, now } = input;
  const row = await ex
    .selectFrom('outlook_connections')
    .select(sql<boolean>`lists_pulled_at is null or lists_pulled_at <= ${now}::timestamptz - make_interval(mins => ${intervalMin}::int)`.as('due'))
    .where('user_id', '=', userId)
    .executeTakeFirst();
  return row?.due !== false;
}

/** The lists delta ran at `now` (its cursor is saved beside this). */
export async function markListsPulled(ex: Executor, userId: string, now: Date): Promise<void> {
  await ex.updateTable('outlook_connections').set({ lists_pulled_at: now }).where('user_id', '=', userId).execute();
}

/** A pull aimed at some lists ended well at `now`: the connection's last sync moves, its last full sync does not. */
export async function markAimedPullDone(ex: Executor, userId: string, now: Date): Promise<void> {
  await ex
    .updateTable('outlook_connections')
    .set({ last_sync_at: now, last_error: null, last_error_at: null })
    .where('user_id', '=', userId)
    .execute();
}
