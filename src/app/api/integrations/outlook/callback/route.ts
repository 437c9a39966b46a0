/** GET /api/integrations/outlook/callback (guide §5): finish Connect Outlook, then back to Settings → Integrations. */
import { getEnv } from '@/config/env';
import { completeOutlookConnect, getOutlookDeps } from '@/server/outlook';
import { integrationsPageUrl, redirectTo } from '@/server/outlook/route-support';
import { readSessionBinding } from '@/server/outlook/session-binding';

export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';
export const preferredRegion = 'fra1';
export const maxDuration = 60;

export async function GET(request: Request): Promise<Response> {
  const deps = await getOutlookDeps();
  const session = await readSessionBinding(request.headers, deps.db);
  const result = await completeOutlookConnect(deps, session, new URL(request.url).searchParams);
  const params: Record<string, string> = result.ok ? { outlook: result.reconnected ? 'reconnected' : 'connected' } : { outlook_error: result.code };
  return redirectTo(integrationsPageUrl(getEnv().NEXTAUTH_URL, params));
}
