/**
 * The signed-in user for pages and server actions (next/headers). Pages without
 * a session redirect to /sign-in; server actions get an `unauthorized` result.
 */
import { headers } from 'next/headers';
import { redirect } from 'next/navigation';
import { cache } from 'react';
import { requireUserContext, type UserContext } from '@/server/auth/context';
import { UnauthorizedError } from '@/server/auth/errors';
import { getSessionUser } from '@/server/auth/session';
import { getPlannerOverview } from '@/server/projects';
import { getSettings } from '@/server/settings/settings-service';

/** For pages: the user's context, or a redirect to /sign-in. Cached per request. */
export const requirePageContext = cache(async (): Promise<UserContext> => {
  try {
    return await requireUserContext(await headers());
  } catch (error) {
    if (error instanceof UnauthorizedError) redirect('/sign-in');
    throw error;
  }
});

/** For public pages (landing, sign-in): the user if signed in. */
export async function currentUser() {
  return getSessionUser(await headers());
}

/** For server actions: the user's context (throws UnauthorizedError). */
export async function actionContext(): Promise<UserContext> {
  return requireUserContext(await headers());
}

/** Navigation data (projects with counts, Inbox badge, Outlook connection), once per request. */
export const loadOverview = cache(async () => {
  const { db, user } = await requirePageContext();
  return getPlannerOverview(db, user.id);
});

/** The user's settings (time zone, lists ↔ projects), once per request. */
export const loadSettings = cache(async () => {
  const { db, user } = await requirePageContext();
  return getSettings(db, user.id);
});
