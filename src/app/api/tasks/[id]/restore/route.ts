/** POST /api/tasks/:id/restore: undo a delete. */
import { userRoute, type IdParams } from '@/server/http/user-route';
import { restoreTask } from '@/server/tasks';

export const dynamic = 'force-dynamic';

export async function POST(request: Request, { params }: IdParams) {
  const { id } = await params;
  return userRoute(request, async ({ db, user }) => ({ task: await restoreTask(db, user.id, id) }));
}
