/** POST /api/integrations/outlook/disconnect (guide §5): same-origin + signed in; removes the connection and its sync data. */
import { getEnv } from '@/config/env';
import { requireUserContext } from '@/server/auth/context';
import { errorResponse } from '@/server/http/error-response';
import { json, jsonError } from '@/server/http/responses';
import { isSameOriginRequest } from '@/server/http/same-origin';
import { disconnectOutlook, getOutlookDeps } from '@/server/outlook';

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
    return json(result);
  } catch (error) {
    return errorResponse(error);
  }
}
