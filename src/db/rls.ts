/**
 * Runs work as an end user under row level security: the transaction switches to
 * the `authenticated` role and sets app.user_id, so policies restrict every table
 * to that user's rows. The service connection (no scope) sees everything.
 */
import { sql } from 'kysely';
import type { Db, Tx } from './client';

export async function withUserScope<T>(db: Db, userId: string, fn: (tx: Tx) => Promise<T>): Promise<T> {
  return db.transaction().execute(async (tx) => {
    await sql`select set_config('app.user_id', ${userId}, true)`.execute(tx);
    await sql`set local role authenticated`.execute(tx);
    return fn(tx);
  });
}
