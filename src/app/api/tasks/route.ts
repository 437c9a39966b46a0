/** GET /api/tasks?project=inbox|all|<id>&status=open|completed|all. POST: create a task. */
import { queryOf, userRoute } from '@/server/http/user-route';
import { createTask, listTasks, type CreateTaskInput } from '@/server/tasks';

export const dynamic = 'force-dynamic';

export function GET(request: Request) {
  return userRoute(request, async ({ db, user }) => ({ tasks: await listTasks(db, user.id, queryOf(request)) }));
}

export function POST(request: Request) {
  return userRoute(
    request,
    async ({ db, user }, body) => ({ task: await createTask(db, user.id, body as CreateTaskInput) }),
    { status: 201, body: true },
  );
}
