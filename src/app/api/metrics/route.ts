/** GET /api/metrics: Prometheus text format, behind the cron/operator secret. */
import { requireCronSecret } from '@/server/http/cron-auth';
import { textResponse } from '@/server/http/responses';
import { renderProcessMetrics } from '@/observability/metrics';

export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';
export const preferredRegion = 'fra1';
export const maxDuration = 30;

export async function GET(request: Request): Promise<Response> {
  const denied = requireCronSecret(request);
  if (denied) return denied;
  const { contentType, body } = await renderProcessMetrics();
  return textResponse(body, contentType);
}
