'use server';
/** Server actions of Settings → Integrations (Next checks their origin). */
import { revalidatePath } from 'next/cache';
import { headers } from 'next/headers';
import { requireUserContext } from '@/server/auth/context';
import { getOutlookDeps, syncNow, type CheckedSyncNowResult } from '@/server/outlook';

export async function syncNowAction(): Promise<CheckedSyncNowResult> {
  const { user } = await requireUserContext(await headers());
  const result = await syncNow(await getOutlookDeps(), user.id);
  revalidatePath('/settings/integrations');
  return result;
}
