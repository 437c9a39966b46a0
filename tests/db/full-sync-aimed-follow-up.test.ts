/**
 * full_syncs aimed at lists (issue 15 §3): a request while the user's full_sync is pending
 * widens it (its lists, or every list); a request while it is processing is kept for the
 * follow-up, which is aimed at every list asked for meanwhile, or at every list once any
 * request was for all of them; a follow-up that finds a pending full_sync widens it.
 */
import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import type { Db } from '../../src/db/client';
import { claimTaskSyncJobs } from '../../src/db/jobs-repository';
import { enqueueTaskSyncJob } from '../../src/jobs/queue';
import { testEngines } from '../helpers/db';
import { useDatabasePerTest } from '../helpers/fresh-db';
import { connectUser } from '../helpers/queue';

const aimedAt = (db: Db, userId: string, lists?: string[]) =>
  enqueueTaskSyncJob(db, { userId, action: 'full_sync', payload: lists ? { reason: 'webhook', lists } : { reason: 'periodic' } });

async function fullSyncs(db: Db, userId: string) {
  const rows = await db.selectFrom('task_sync_jobs').select(['status', 'payload']).where('user_id', '=', userId).where('action', '=', 'full_sync').orderBy('id').execute();
  return rows.map((r) => {
    const p = r.payload as { lists?: string[]; reason?: string };
    return { status: r.status, reason: p.reason, lists: p.lists ? [...p.lists].sort() : undefined };
  });
}

async function finishRunning(db: Db, userId: string) {
  await sql`update task_sync_jobs set status = 'completed', completed_at = now() where user_id = ${userId} and action = 'full_sync' and status = 'processing'`.execute(db);
}

describe.each(testEngines())('aimed full_syncs on %s', (engine) => {
  const t = useDatabasePerTest(engine);

  it('a pending one takes the new lists, or becomes whole', async () => {
    await connectUser(t.db, 'u1');
    await aimedAt(t.db, 'u1', ['A']);
    await aimedAt(t.db, 'u1', ['B', 'A']);
    expect(await fullSyncs(t.db, 'u1')).toEqual([{ status: 'pending', reason: 'webhook', lists: ['A', 'B'] }]);
    await aimedAt(t.db, 'u1');
    expect(await fullSyncs(t.db, 'u1')).toEqual([{ status: 'pending', reason: 'webhook', lists: undefined }]);
    await aimedAt(t.db, 'u1', ['C']);
    expect(await fullSyncs(t.db, 'u1')).toEqual([{ status: 'pending', reason: 'webhook', lists: undefined }]);
  });

  it('requests during a run make one follow-up aimed at their lists', async () => {
    await connectUser(t.db, 'u1');
    await aimedAt(t.db, 'u1', ['A']);
    await claimTaskSyncJobs(t.db, { workerId: 'w1', limit: 5, leaseSeconds: 60 });
    await aimedAt(t.db, 'u1', ['B']);
    await aimedAt(t.db, 'u1', ['C', 'B']);
    await finishRunning(t.db, 'u1');
    expect(await fullSyncs(t.db, 'u1')).toEqual([
      { status: 'completed', reason: 'webhook', lists: ['A'] },
      { status: 'pending', reason: 'follow_up', lists: ['B', 'C'] },
    ]);
  });

  it('the follow-up is whole once any request during the run was', async () => {
    await connectUser(t.db, 'u1');
    await aimedAt(t.db, 'u1', ['A']);
    await claimTaskSyncJobs(t.db, { workerId: 'w1', limit: 5, leaseSeconds: 60 });
    await aimedAt(t.db, 'u1', ['B']);
    await aimedAt(t.db, 'u1');
    await aimedAt(t.db, 'u1', ['C']);
    await finishRunning(t.db, 'u1');
    expect((await fullSyncs(t.db, 'u1'))[1]).toEqual({ status: 'pending', reason: 'follow_up', lists: undefined });
  });
});
