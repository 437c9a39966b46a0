/** GET /api/projects: the user's projects with open/total counts. POST: create one. */
import { userRoute } from '@/server/http/user-route';
import { createProject, listProjects, type CreateProjectInput } from '@/server/projects';

export const dynamic = 'force-dynamic';

export function GET(request: Request) {
  return userRoute(request, async ({ db, user }) => ({ projects: await listProjects(db, user.id) }));
}

export function POST(request: Request) {
  return userRoute(
    request,
    async ({ db, user }, body) => ({ project: await createProject(db, user.id, body as CreateProjectInput) }),
    { status: 201, body: true },
  );
}
