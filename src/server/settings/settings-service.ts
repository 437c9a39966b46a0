/**
 * A user's settings (issue 16): the time zone reminders and due dates are read and
 * written in, whether a list made in To Do becomes a project, and which To Do list is
 * Planner's Inbox. Validated here; SQL in src/db/user-settings-repository.ts.
 */
import { z } from 'zod';
import type { Db } from '../../db/client';
import { withUserScope } from '../../db/rls';
import { findUserSettings, saveUserSettings } from '../../db/user-settings-repository';
import { resolveTimeZone } from '../../sync/due-date';
import { enqueueTaskSyncJob } from '../../jobs/queue';
import { INBOX_SWITCH_REASON } from '../push/push-inbox-switch';

export interface UserSettings {
  /** IANA zone; null until chosen (UTC is used). */
  time_zone: string | null;
  lists_become_projects: boolean;
  inbox_list: 'planner-inbox' | 'todo-default';
}

export const updateSettingsInput = z
  .strictObject({
    time_zone: z
      .string({ error: 'Time zone must be a name like Europe/Berlin' })
      .max(64)
      .refine((zone) => resolveTimeZone(zone) !== null, { error: 'Unknown time zone: use a name like Europe/Berlin' })
      .transform((zone) => resolveTimeZone(zone)!)
      .nullable()
      .optional(),
    lists_become_projects: z.boolean({ error: 'lists_become_projects must be true or false' }).optional(),
    inbox_list: z.enum(['planner-inbox', 'todo-default'], { error: 'inbox_list must be planner-inbox or todo-default' }).optional(),
  })
  .refine((v) => Object.values(v).some((x) => x !== undefined), { error: 'Nothing to change' });

export type UpdateSettingsInput = z.input<typeof updateSettingsInput>;

export async function getSettings(db: Db, userId: string): Promise<UserSettings> {
  return withUserScope(db, userId, (tx) => findUserSettings(tx, userId));
}

/**
 * Saves the settings. A new Inbox list while Outlook is connected queues the move of the
 * Inbox to it (a project_sync job without a project, reason 'inbox-list'; decision 0060),
 * in the same transaction; not connected, the choice applies when Outlook connects.
 */
export async function updateSettings(db: Db, userId: string, input: UpdateSettingsInput): Promise<UserSettings> {
  const patch = updateSettingsInput.parse(input);
  return withUserScope(db, userId, async (tx) => {
    const before = await findUserSettings(tx, userId);
    const saved = await saveUserSettings(tx, userId, patch);
    if (saved.inbox_list !== before.inbox_list) {
      await enqueueTaskSyncJob(tx, { userId, action: 'project_sync', projectId: null, payload: { reason: INBOX_SWITCH_REASON } });
    }
    return saved;
  });
}
