/** POST /api/tasks/:id/reorder {after_id}: place the task after another of its list (null = first). */
import { userRoute, type IdParams } from '@/server/http/user-route';
import { reorderTask, type ReorderTaskInput } from '@/server/tasks';

export const dynamic = 'force-dynamic';

export async function POST(request: Request, { params }: IdParams) {
  const { id } = await params;
  return userRoute(
    request,
    async ({ db, user }, body) => ({ task: await reorderTask(db, user.id, id, body as ReorderTaskInput) }),
    { body: true },
  );
}
