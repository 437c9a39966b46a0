/**
 * /api/integrations/outlook/subscriptions (guide §5, §7): Graph subscription upkeep.
 * Same secret as /sync. GET reports what is due; POST (and GET ?action=renew, which
 * is what Vercel cron sends) creates missing, renews expiring, recreates lapsed and
 * deletes stale subscriptions, then answers the summary.
 */
import { requireCronSecret } from '@/server/http/cron-auth';
import { json } from '@/server/http/responses';
import { maintainSubscriptionsNow, reportSubscriptionsNow } from '@/server/subscriptions';

export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';
export const preferredRegion = 'fra1';
export const maxDuration = 60;

export async function GET(request: Request): Promise<Response> {
  const denied = requireCronSecret(request);
  if (denied) return denied;
  const act = new URL(request.url).searchParams.get('action') === 'renew';
  return json(act ? await maintainSubscriptionsNow() : await reportSubscriptionsNow());
}

export async function POST(request: Request): Promise<Response> {
  const denied = requireCronSecret(request);
  if (denied) return denied;
  return json(await maintainSubscriptionsNow());
}
