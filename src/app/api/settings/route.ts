/** GET/PATCH /api/settings: the user's time zone, lists ↔ projects and Inbox list (docs/api.md). */
import { userRoute } from '@/server/http/user-route';
import { getSettings, updateSettings, type UpdateSettingsInput } from '@/server/settings/settings-service';

export const dynamic = 'force-dynamic';

export async function GET(request: Request) {
  return userRoute(request, async ({ db, user }) => ({ settings: await getSettings(db, user.id) }));
}

export async function PATCH(request: Request) {
  return userRoute(request, async ({ db, user }, body) => ({ settings: await updateSettings(db, user.id, body as UpdateSettingsInput) }), { body: true });
}
