/** GET /api/integrations/outlook/status (guide §5): the signed-in user's connection status. */
import { getEnv } from '@/config/env';
import { requireUserContext } from '@/server/auth/context';
import { getOutlookStatus } from '@/server/outlook';
import { errorResponse } from '@/server/http/error-response';
import { json } from '@/server/http/responses';

export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';
export const preferredRegion = 'fra1';
export const maxDuration = 10;

export async function GET(request: Request): Promise<Response> {
  try {
    const { db, user } = await requireUserContext(request.headers);
    const status = await getOutlookStatus(db, user.id, { sandbox: getEnv().sandbox });
    return json(status);
  } catch (error) {
    return errorResponse(error);
  }
}
