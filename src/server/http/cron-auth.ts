/**
 * Authorises operator/cron routes (/sync, /subscriptions, /health, /api/metrics):
 * `Authorization: Bearer <OUTLOOK_SYNC_JOB_SECRET>` or Vercel cron's
 * `Bearer <CRON_SECRET>`. Compared in constant time; a header alone (such as
 * x-vercel-cron) is never trusted.
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import { getEnv } from '../../config/env';
import { jsonError } from './responses';

/** Constant-time string comparison (hashes first so lengths never leak). */
export function safeEqual(a: string, b: string): boolean {
  const ha = createHash('sha256').update(a).digest();
  const hb = createHash('sha256').update(b).digest();
  return timingSafeEqual(ha, hb) && a.length === b.length;
}

export function bearerToken(request: Request): string | undefined {
  const header = request.headers.get('authorization') ?? '';
  const match = /^Bearer\s+(.+)$/i.exec(header.trim());
  return match?.[1];
}

export function isAuthorisedCron(request: Request, options: { allowCronSecret?: boolean } = {}): boolean {
  const env = getEnv();
  const token = bearerToken(request);
  if (!token) return false;
  let ok = safeEqual(token, env.OUTLOOK_SYNC_JOB_SECRET);
  if (options.allowCronSecret !== false && env.CRON_SECRET) {
    ok = safeEqual(token, env.CRON_SECRET) || ok;
  }
  return ok;
}

/** undefined when authorised, else the 401 Response to return. */
export function requireCronSecret(request: Request, options?: { allowCronSecret?: boolean }): Response | undefined {
  if (isAuthorisedCron(request, options)) return undefined;
  return jsonError(401, 'unauthorized', 'Missing or wrong bearer token (OUTLOOK_SYNC_JOB_SECRET)');
}
