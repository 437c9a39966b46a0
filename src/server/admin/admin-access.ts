/**
 * Who may operate Planner: signed-in users whose e-mail is in ADMIN_EMAILS.
 * Everyone else gets a 404 from /admin (the page does not admit it exists).
 */
import { getEnv } from '../../config/env';
import { getSessionUser, type SessionUser } from '../auth/session';

export class AdminAccessError extends Error {
  readonly name = 'AdminAccessError';
  constructor(readonly reason: 'signed_out' | 'not_admin') {
    super(reason === 'signed_out' ? 'Sign in as an operator' : 'Not an operator');
  }
}

export function isAdminEmail(email: string | null | undefined, adminEmails = getEnv().ADMIN_EMAILS): boolean {
  return !!email && adminEmails.includes(email.trim().toLowerCase());
}

/** The signed-in operator, or AdminAccessError. */
export async function requireAdmin(headers: Headers): Promise<SessionUser> {
  const user = await getSessionUser(headers);
  if (!user) throw new AdminAccessError('signed_out');
  if (!isAdminEmail(user.email)) throw new AdminAccessError('not_admin');
  return user;
}
