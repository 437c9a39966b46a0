'use server';
/** /admin's buttons: Retry, Retry all, Sync now. Each checks the operator again. */
import { headers } from 'next/headers';
import { revalidatePath } from 'next/cache';
import {
  AdminAccessError,
  adminRetryAllFailed,
  adminRetryJob,
  adminSyncNow,
  type AdminActionResult,
} from '@/server/admin/admin-console';

async function guarded(run: (h: Headers) => Promise<AdminActionResult>): Promise<AdminActionResult> {
  try {
    const result = await run(await headers());
    revalidatePath('/admin');
    return result;
  } catch (error) {
    if (error instanceof AdminAccessError) return { ok: false, message: 'Not allowed' };
    throw error;
  }
}

export async function retryJobAction(jobId: string): Promise<AdminActionResult> {
  return guarded((h) => adminRetryJob(h, String(jobId)));
}

export async function retryAllFailedAction(): Promise<AdminActionResult> {
  return guarded((h) => adminRetryAllFailed(h));
}

export async function syncNowAction(userId: string): Promise<AdminActionResult> {
  return guarded((h) => adminSyncNow(h, String(userId)));
}
