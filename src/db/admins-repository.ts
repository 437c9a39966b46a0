/**
 * planner_admins: the operators allowed on /admin. Rows are written only by the
 * operator CLI (`npm run planner -- admin grant <email>`), never by sign-up.
 */
import { sql } from 'kysely';
import type { Executor } from './client';

export interface AdminRow {
  user_id: string;
  email: string;
  name: string;
  granted_by: string;
  granted_at: Date;
}

/** The id of the account signed up with `email` (case-insensitive), or undefined. */
export async function findUserIdByEmail(ex: Executor, email: string): Promise<string | undefined> {
  const row = await ex
    .selectFrom('users')
    .select('id')
    .where(sql<string>`lower(email)`, '=', email.trim().toLowerCase())
    .executeTakeFirst();
  return row?.id;
}

/** Grants the operator role; false when the user already had it. */
export async function insertAdmin(ex: Executor, userId: string, grantedBy: string): Promise<boolean> {
  const row = await ex
    .insertInto('planner_admins')
    .values({ user_id: userId, granted_by: grantedBy })
    .onConflict((oc) => oc.column('user_id').doNothing())
    .returning('user_id')
    .executeTakeFirst();
  return !!row;
}

/** Takes the operator role away; false when the user did not have it. */
export async function deleteAdmin(ex: Executor, userId: string): Promise<boolean> {
  const rows = await ex.deleteFrom('planner_admins').where('user_id', '=', userId).returning('user_id').execute();
  return rows.length > 0;
}

export async function isAdminUser(ex: Executor, userId: string): Promise<boolean> {
  const row = await ex.selectFrom('planner_admins').select('user_id').where('user_id', '=', userId).executeTakeFirst();
  return !!row;
}

export async function listAdmins(ex: Executor): Promise<AdminRow[]> {
  const rows = await ex
    .selectFrom('planner_admins as a')
    .innerJoin('users as u', 'u.id', 'a.user_id')
    .select(['a.user_id', 'u.email', 'u.name', 'a.granted_by', 'a.granted_at'])
    .orderBy('u.email')
    .execute();
  return rows.map((r) => ({ ...r, granted_at: new Date(r.granted_at) }));
}
