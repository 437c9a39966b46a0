/** GET /api/integrations/outlook/callback (guide §5): finish Connect Outlook, then back to Settings → Integrations. */
import { getEnv } from '@/config/env';
import { completeOutlookConnect, connectErrorMessage, getOutlookDeps } from '@/server/outlook';
import { messagePage, redirectTo } from '@/server/http/responses';
import { integrationsPageUrl, signInUrl } from '@/server/outlook/connect-pages';
import { readSessionBinding } from '@/server/outlook/session-binding';

export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';
export const preferredRegion = 'fra1';
export const maxDuration = 60;

export async function GET(request: Request): Promise<Response> {
  const deps = await getOutlookDeps();
  const appUrl = getEnv().NEXTAUTH_URL;
  const session = await readSessionBinding(request.headers, deps.db);
  const result = await completeOutlookConnect(deps, session, new URL(request.url).searchParams);
  if (result.ok) return redirectTo(integrationsPageUrl(appUrl, { outlook: result.reconnected ? 'reconnected' : 'connected' }));
  if (result.code === 'not_signed_in') {
    // The integrations page needs a session to render, so say it here.
    return messagePage(401, connectErrorMessage(result.code)!, { href: signInUrl(appUrl), label: 'Sign in' });
  }
  return redirectTo(integrationsPageUrl(appUrl, { outlook_error: result.code }));
}
