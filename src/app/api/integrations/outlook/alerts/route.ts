/**
 * /api/integrations/outlook/alerts (GET for Vercel cron, POST for other
 * schedulers): runs the alert check and reports what it announced.
 */
import { requireCronSecret } from '@/server/http/cron-auth';
import { json } from '@/server/http/responses';
import { runProcessAlertCheck } from '@/server/alerts/run-alert-check';

export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';
export const preferredRegion = 'fra1';
export const maxDuration = 60;

export async function GET(request: Request): Promise<Response> {
  const denied = requireCronSecret(request);
  if (denied) return denied;
  const result = await runProcessAlertCheck();
  return json(result);
}

export const POST = GET;
