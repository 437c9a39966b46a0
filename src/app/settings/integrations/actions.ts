'use server';
/** Server actions of Settings → Integrations (Next checks their origin). */
import { revalidatePath } from 'next/cache';
import { headers } from 'next/headers';
import { requireUserContext } from '@/server/auth/context';
import { requestFullSync, type SyncNowResult } from '@/server/outlook';

export async function syncNowAction(): Promise<SyncNowResult> {
  const { db, user } = await requireUserContext(await headers());
  const result = await requestFullSync(db, user.id);
  revalidatePath('/settings/integrations');
  return result;
}
