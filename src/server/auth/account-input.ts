/**
 * Better Auth "before" hook for what its endpoints take as text: NUL characters
 * are refused in names, e-mails and passwords (Postgres text cannot store them:
 * the insert failed with 22021), and a new password must pass passwordProblem.
 * Both answer 400 {message, code}, which the sign-up form shows.
 */
import { APIError, createAuthMiddleware } from 'better-auth/api';
import { containsNul } from '../http/plain-text';
import { passwordProblem } from './password-policy';

const TEXT_FIELDS: Record<string, string> = {
  name: 'Name',
  email: 'Email',
  password: 'Password',
  newPassword: 'New password',
  currentPassword: 'Current password',
};

/** Endpoint → the body field holding a password being chosen. */
const NEW_PASSWORD_FIELD: Record<string, string> = {
  '/sign-up/email': 'password',
  '/change-password': 'newPassword',
  '/reset-password': 'newPassword',
  '/set-password': 'newPassword',
};

export const checkAccountInput = createAuthMiddleware(async (ctx) => {
  const body = ctx.body as Record<string, unknown> | undefined;
  if (!body || typeof body !== 'object') return;
  for (const [field, label] of Object.entries(TEXT_FIELDS)) {
    const value = body[field];
    if (typeof value === 'string' && containsNul(value)) {
      throw new APIError('BAD_REQUEST', { message: `${label} can’t contain NUL characters (\\u0000)`, code: 'NUL_CHARACTER' });
    }
  }
  const passwordField = NEW_PASSWORD_FIELD[ctx.path];
  const password = passwordField ? body[passwordField] : undefined;
  if (typeof password === 'string') {
    const problem = await passwordProblem(password);
    if (problem) throw new APIError('BAD_REQUEST', { message: problem, code: 'WEAK_PASSWORD' });
  }
});
