/**
 * task_sync_jobs_unique_full_sync_active, exactly as the guide writes it: raw
 * inserts of a second pending/processing full_sync for a user are refused, and a
 * new one is allowed once the first has finished.
 */
import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import type { Db } from '../../src/db/client';
import type { JobStatus } from '../../src/db/schema';
import { testEngines, useTestDatabase } from '../helpers/db';

async function insertFullSync(db: Db, userId: string, status: JobStatus = 'pending') {
  const { rows } = await sql<{ id: string }>`
    insert into task_sync_jobs (user_id, action, status) values (${userId}, 'full_sync', ${status}) returning id
  `.execute(db);
  return rows[0].id;
}

describe.each(testEngines())('the one-active-full_sync index on %s', (engine) => {
  const t = useTestDatabase(engine);

  it('is defined exactly as the guide writes it', async () => {
    const { rows } = await sql<{ indexdef: string }>`
      select indexdef from pg_indexes where indexname = 'task_sync_jobs_unique_full_sync_active'
    `.execute(t.db);
    expect(rows[0].indexdef).toMatch(/CREATE UNIQUE INDEX task_sync_jobs_unique_full_sync_active ON public\.task_sync_jobs USING btree \(user_id\) WHERE/);
    expect(rows[0].indexdef).toMatch(/action = 'full_sync'/);
    expect(rows[0].indexdef).toMatch(/'pending'.*'processing'/);
  });

  it.each([
    ['pending', 'pending'],
    ['pending', 'processing'],
    ['processing', 'pending'],
  ] as const)('refuses a second full_sync (%s, then %s) for one user', async (first, second) => {
    const user = `u-${first}-${second}`;
    await insertFullSync(t.db, user, first);
    await expect(insertFullSync(t.db, user, second)).rejects.toThrow(/task_sync_jobs_unique_full_sync_active|duplicate key/);
    const rows = await t.db.selectFrom('task_sync_jobs').select('id').where('user_id', '=', user).execute();
    expect(rows).toHaveLength(1);
  });

  it('allows one full_sync per user for different users, and other actions beside it', async () => {
    await insertFullSync(t.db, 'u-a');
    await insertFullSync(t.db, 'u-b');
    await sql`insert into task_sync_jobs (user_id, action) values ('u-a', 'create'), ('u-a', 'delete')`.execute(t.db);
    const rows = await t.db.selectFrom('task_sync_jobs').select('action').where('user_id', '=', 'u-a').execute();
    expect(rows.map((r) => r.action).sort()).toEqual(['create', 'delete', 'full_sync']);
  });

  it.each(['completed', 'failed', 'skipped'] as const)('allows a new full_sync once the first is %s', async (finished) => {
    const user = `u-after-${finished}`;
    const first = await insertFullSync(t.db, user);
    await sql`update task_sync_jobs set status = ${finished} where id = ${first}`.execute(t.db);
    await insertFullSync(t.db, user);
    await expect(insertFullSync(t.db, user)).rejects.toThrow();
    const rows = await t.db.selectFrom('task_sync_jobs').select('status').where('user_id', '=', user).orderBy('id').execute();
    expect(rows.map((r) => r.status)).toEqual([finished, 'pending']);
  });
});
