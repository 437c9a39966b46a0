/** GET /api/integrations/outlook/health (guide §9): cron-protected health report. */
import { requireCronSecret } from '@/server/http/cron-auth';
import { json } from '@/server/http/responses';
import { getHealthReport } from '@/server/health/health-report';

export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';
export const preferredRegion = 'fra1';
export const maxDuration = 30;

export async function GET(request: Request): Promise<Response> {
  const denied = requireCronSecret(request);
  if (denied) return denied;
  const report = await getHealthReport();
  return json(report);
}
