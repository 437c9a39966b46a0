'use server';
/** Server actions of Settings → Integrations (Next checks their origin). */
import { revalidatePath } from 'next/cache';
import { headers } from 'next/headers';
import { requireUserContext } from '@/server/auth/context';
import { ZodError } from 'zod';
import { getOutlookDeps, syncNow, type CheckedSyncNowResult } from '@/server/outlook';
import { updateSettings, type UpdateSettingsInput, type UserSettings } from '@/server/settings/settings-service';

export async function syncNowAction(): Promise<CheckedSyncNowResult> {
  const { user } = await requireUserContext(await headers());
  const result = await syncNow(await getOutlookDeps(), user.id);
  revalidatePath('/settings/integrations');
  return result;
}

export type SaveSettingsResult = { ok: true; settings: UserSettings } | { ok: false; message: string };

/** Time zone, lists ↔ projects and the Inbox's list (issue 16). */
export async function saveSettingsAction(input: UpdateSettingsInput): Promise<SaveSettingsResult> {
  const { db, user } = await requireUserContext(await headers());
  try {
    const settings = await updateSettings(db, user.id, input);
    revalidatePath('/', 'layout');
    return { ok: true, settings };
  } catch (error) {
    if (error instanceof ZodError) return { ok: false, message: error.issues[0]?.message ?? 'Those settings are not valid' };
    throw error;
  }
}
