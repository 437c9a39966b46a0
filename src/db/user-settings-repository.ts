/** SQL for user_settings (issue 16): the time zone and how To Do lists and Planner projects relate. */
import type { Executor } from './client';
import type { InboxList } from './schema';

export interface UserSettingsRow {
  time_zone: string | null;
  lists_become_projects: boolean;
  inbox_list: InboxList;
}

const DEFAULTS: UserSettingsRow = { time_zone: null, lists_become_projects: true, inbox_list: 'planner-inbox' };

/** The user's settings; the defaults when none were saved. */
export async function findUserSettings(ex: Executor, userId: string): Promise<UserSettingsRow> {
  const row = await ex
    .selectFrom('user_settings')
    .select(['time_zone', 'lists_become_projects', 'inbox_list'])
    .where('user_id', '=', userId)
    .executeTakeFirst();
  return row ?? DEFAULTS;
}

/** Saves the given settings (the others keep their value). */
export async function saveUserSettings(ex: Executor, userId: string, patch: Partial<UserSettingsRow>): Promise<UserSettingsRow> {
  return ex
    .insertInto('user_settings')
    .values({ user_id: userId, ...patch })
    .onConflict((oc) => oc.column('user_id').doUpdateSet(patch))
    .returning(['time_zone', 'lists_become_projects', 'inbox_list'])
    .executeTakeFirstOrThrow();
}
