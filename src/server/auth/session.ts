/**
 * The signed-in user of a request. Route handlers pass `request.headers` (so they
 * can be called directly in tests); pages and server actions pass
 * `await headers()` from next/headers.
 */
import { getDb } from '../../db';
import type { Db } from '../../db/client';
import { authFor } from './auth';
import { UnauthorizedError } from './errors';

export interface SessionUser {
  id: string;
  email: string;
  name: string;
}

/** The user whose session cookie is in `headers`, or null. */
export async function getSessionUser(headers: Headers, db?: Db): Promise<SessionUser | null> {
  const auth = authFor(db ?? (await getDb()));
  const session = await auth.api.getSession({ headers });
  if (!session) return null;
  const { id, email, name } = session.user;
  return { id, email, name };
}

/** Like getSessionUser, but throws UnauthorizedError when nobody is signed in. */
export async function requireSessionUser(headers: Headers, db?: Db): Promise<SessionUser> {
  const user = await getSessionUser(headers, db);
  if (!user) throw new UnauthorizedError();
  return user;
}

export { UnauthorizedError } from './errors';
