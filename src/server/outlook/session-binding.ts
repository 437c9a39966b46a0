/**
 * The signed-in user and their session id: the OAuth state is bound to both,
 * so a callback from another session (or none) cannot finish someone's flow.
 */
import type { Db } from '../../db/client';
import { authFor } from '../auth/auth';
import type { SessionBinding } from './connect-service';

export async function readSessionBinding(headers: Headers, db: Db): Promise<SessionBinding | null> {
  const session = await authFor(db).api.getSession({ headers });
  if (!session) return null;
  return { userId: session.user.id, sessionId: session.session.id };
}
