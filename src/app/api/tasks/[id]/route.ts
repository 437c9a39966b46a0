/** GET/PATCH/DELETE /api/tasks/:id. PATCH takes any of title, notes, due_date, priority, completed, project_id, status, start_date, categories, reminder_at, recurrence, steps (docs/api.md). */
import { userRoute, type IdParams } from '@/server/http/user-route';
import { deleteTask, getTask, updateTask, type UpdateTaskInput } from '@/server/tasks';

export const dynamic = 'force-dynamic';

export async function GET(request: Request, { params }: IdParams) {
  const { id } = await params;
  return userRoute(request, async ({ db, user }) => ({ task: await getTask(db, user.id, id) }));
}

export async function PATCH(request: Request, { params }: IdParams) {
  const { id } = await params;
  return userRoute(
    request,
    async ({ db, user }, body) => ({ task: await updateTask(db, user.id, id, body as UpdateTaskInput) }),
    { body: true },
  );
}

/** Soft delete; POST /api/tasks/:id/restore undoes it. */
export async function DELETE(request: Request, { params }: IdParams) {
  const { id } = await params;
  return userRoute(request, async ({ db, user }) => ({ task: await deleteTask(db, user.id, id) }));
}
