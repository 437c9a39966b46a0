/**
 * Who may operate Planner: signed-in users an operator granted the role to
 * (`npm run planner -- admin grant <email>`, planner_admins; decision 0039).
 * Everyone else gets a 404 from /admin (the page does not admit it exists).
 */
import { getDb } from '../../db';
import { getSessionUser, type SessionUser } from '../auth/session';
import { isOperator } from './operators';

export class AdminAccessError extends Error {
  readonly name = 'AdminAccessError';
  constructor(readonly reason: 'signed_out' | 'not_admin') {
    super(reason === 'signed_out' ? 'Sign in as an operator' : 'Not an operator');
  }
}

/** The signed-in operator, or AdminAccessError. */
export async function requireAdmin(headers: Headers): Promise<SessionUser> {
  const db = await getDb();
  const user = await getSessionUser(headers, db);
  if (!user) throw new AdminAccessError('signed_out');
  if (!(await isOperator(db, user.id))) throw new AdminAccessError('not_admin');
  return user;
}
