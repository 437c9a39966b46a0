/** GET/PATCH/DELETE /api/projects/:id (PATCH takes {name?, status?}). */
import { userRoute, type IdParams } from '@/server/http/user-route';
import { deleteProject, getProject, updateProject, type UpdateProjectInput } from '@/server/projects';

export const dynamic = 'force-dynamic';

export async function GET(request: Request, { params }: IdParams) {
  const { id } = await params;
  return userRoute(request, async ({ db, user }) => ({ project: await getProject(db, user.id, id) }));
}

export async function PATCH(request: Request, { params }: IdParams) {
  const { id } = await params;
  return userRoute(
    request,
    async ({ db, user }, body) => ({ project: await updateProject(db, user.id, id, body as UpdateProjectInput) }),
    { body: true },
  );
}

export async function DELETE(request: Request, { params }: IdParams) {
  const { id } = await params;
  return userRoute(request, async ({ db, user }) => ({ project: await deleteProject(db, user.id, id) }));
}
