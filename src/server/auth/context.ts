/**
 * What a route handler, page or server action needs to act for a user: the
 * process database and the signed-in user. Throws UnauthorizedError when the
 * headers carry no valid session.
 */
import { getDb } from '../../db';
import type { Db } from '../../db/client';
import { requireSessionUser, type SessionUser } from './session';

export interface UserContext {
  db: Db;
  user: SessionUser;
}

export async function requireUserContext(headers: Headers): Promise<UserContext> {
  const db = await getDb();
  const user = await requireSessionUser(headers, db);
  return { db, user };
}
