/** POST /api/integrations/outlook/disconnect (guide §5): same-origin + signed in; removes the connection and its sync data. */
import { getEnv } from '@/config/env';
import { requireUserContext } from '@/server/auth/context';
import { jsonError } from '@/server/http/errors';
import { disconnectOutlook, getOutlookDeps } from '@/server/outlook';
import { isSameOriginRequest } from '@/server/outlook/route-support';
import { errorResponse } from '@/server/projects/errors';

export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';
export const preferredRegion = 'fra1';
export const maxDuration = 60;

export async function POST(request: Request): Promise<Response> {
  if (!isSameOriginRequest(request, getEnv().NEXTAUTH_URL)) {
    return jsonError(403, 'cross_origin', 'Disconnect must come from the Planner page itself');
  }
  try {
    const { user } = await requireUserContext(request.headers);
    const result = await disconnectOutlook(await getOutlookDeps(), user.id);
    return Response.json(result, { headers: { 'cache-control': 'no-store' } });
  } catch (error) {
    return errorResponse(error);
  }
}
