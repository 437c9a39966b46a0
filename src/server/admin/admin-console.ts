/**
 * /admin's entry points: each checks the operator first, then calls one service
 * on the process database. Pages and server actions call only these.
 */
import { getDb } from '../../db';
import { requireAdmin } from './admin-access';
import { loadDashboard, type DashboardData } from './dashboard-data';
import { retryAllFailed, retryJob, syncUserNow } from './job-operations';

export { AdminAccessError } from './admin-access';
export type { DashboardData } from './dashboard-data';

export async function loadAdminDashboard(headers: Headers): Promise<DashboardData> {
  await requireAdmin(headers);
  return loadDashboard(await getDb());
}

export interface AdminActionResult {
  ok: boolean;
  message: string;
}

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

export async function adminRetryJob(headers: Headers, jobId: string): Promise<AdminActionResult> {
  const admin = await requireAdmin(headers);
  if (!/^\d{1,19}$/.test(jobId)) return { ok: false, message: 'Unknown job id' };
  const r = await retryJob(await getDb(), jobId, admin.email);
  if (r.requeued) return { ok: true, message: `Job #${jobId} is pending again` };
  if (r.superseded) return { ok: true, message: `Job #${jobId} skipped: a newer job of the same kind covers it` };
  return { ok: false, message: `Job #${jobId} is no longer failed` };
}

export async function adminRetryAllFailed(headers: Headers): Promise<AdminActionResult> {
  const admin = await requireAdmin(headers);
  const r = await retryAllFailed(await getDb(), admin.email);
  const extra = r.superseded ? `; ${plural(r.superseded, 'duplicate')} skipped` : '';
  return { ok: true, message: `${plural(r.requeued, 'failed job')} moved back to pending${extra}` };
}

export async function adminSyncNow(headers: Headers, userId: string): Promise<AdminActionResult> {
  const admin = await requireAdmin(headers);
  const r = await syncUserNow(await getDb(), userId, admin.email);
  const messages = {
    enqueued: `Full sync queued for ${userId}`,
    already_queued: `A full sync is already queued for ${userId}`,
    not_connected: `${userId} has no Outlook connection`,
  } as const;
  return { ok: r !== 'not_connected', message: messages[r] };
}
