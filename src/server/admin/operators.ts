/**
 * Who is an operator: a role granted by someone who already runs the deployment
 * (`npm run planner -- admin grant <email>`), never by signing up with an address
 * (docs/decisions/0039). Shared by the CLI and the /admin access check.
 */
import type { Executor } from '../../db/client';
import { deleteAdmin, findUserIdByEmail, insertAdmin, isAdminUser, listAdmins, type AdminRow } from '../../db/admins-repository';
import { logger } from '../../observability/logger';

export type { AdminRow };

/** No Planner account has that e-mail (the person must sign up first). */
export class UnknownAccountError extends Error {
  readonly name = 'UnknownAccountError';
  constructor(readonly email: string) {
    super(`No Planner account has the e-mail ${email}; sign up first, then grant`);
  }
}

export interface OperatorChange {
  email: string;
  userId: string;
  /** false when there was nothing to change (already granted, or not an operator). */
  changed: boolean;
}

export async function grantOperator(db: Executor, email: string, actor: string): Promise<OperatorChange> {
  const userId = await findUserIdByEmail(db, email);
  if (!userId) throw new UnknownAccountError(email);
  const changed = await insertAdmin(db, userId, actor);
  logger().info({ actor, userId, changed }, 'operator role granted');
  return { email, userId, changed };
}

export async function revokeOperator(db: Executor, email: string, actor: string): Promise<OperatorChange> {
  const userId = await findUserIdByEmail(db, email);
  if (!userId) throw new UnknownAccountError(email);
  const changed = await deleteAdmin(db, userId);
  logger().info({ actor, userId, changed }, 'operator role revoked');
  return { email, userId, changed };
}

export function listOperators(db: Executor): Promise<AdminRow[]> {
  return listAdmins(db);
}

export function isOperator(db: Executor, userId: string): Promise<boolean> {
  return isAdminUser(db, userId);
}
