/** GET /api/integrations/outlook/authorize (guide §5): start Connect Outlook (PKCE S256 + state bound to the session). */
import { getEnv } from '@/config/env';
import { getOutlookDeps, startOutlookConnect } from '@/server/outlook';
import { redirectTo } from '@/server/http/responses';
import { integrationsPageUrl, signInUrl } from '@/server/outlook/connect-pages';
import { readSessionBinding } from '@/server/outlook/session-binding';

export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';
export const preferredRegion = 'fra1';
export const maxDuration = 10;

export async function GET(request: Request): Promise<Response> {
  const deps = await getOutlookDeps();
  const appUrl = getEnv().NEXTAUTH_URL;
  const session = await readSessionBinding(request.headers, deps.db);
  if (!session) return redirectTo(signInUrl(appUrl));
  if (deps.configured === false) return redirectTo(integrationsPageUrl(appUrl, { outlook_error: 'not_configured' }));
  const { url } = await startOutlookConnect(deps, session);
  return redirectTo(url);
}
