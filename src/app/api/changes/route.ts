/** GET /api/changes: `{stamp}`, what the open Planner page polls to show arriving changes by itself. */
import { userRoute } from '@/server/http/user-route';
import { plannerChangeStamp } from '@/server/tasks';

export const dynamic = 'force-dynamic';

export function GET(request: Request) {
  return userRoute(request, async ({ db, user }) => ({ stamp: await plannerChangeStamp(db, user.id) }));
}
