/**
 * No lost notifications (issue 14 §3; found through an independent fake Graph): a task
 * created in To Do while the user's full_sync is *processing*, after that sync has read
 * its list, is announced by a notification whose enqueue meets the active full_sync in
 * the guide's partial unique index. The request is recorded on the running job and a
 * follow-up full_sync is queued when it ends, so the task arrives without the safety net.
 */
import { describe, expect, it } from 'vitest';
import { enqueueTaskSyncJob } from '../../src/jobs/queue';
import type { JobHandler } from '../../src/jobs/types';
import { testEngines, useTestDatabase } from '../helpers/db';
import { TEST_APP_ENV, useProcessEnv } from '../helpers/process-env';
import { liveTasks, outlook, pullUser } from './pull-harness';
import { drain, usePushEmulator } from './push-kit';

describe.each(testEngines())('a notification during a processing full_sync on %s', (engine) => {
  useProcessEnv(TEST_APP_ENV);
  const t = useTestDatabase(engine);
  const e = usePushEmulator();

  it('is kept as a follow-up full_sync that pulls the change (no safety net needed)', async () => {
    const u = await pullUser(t.db, e.emulator);
    const realFullSync = u.handlers.full_sync!;
    let runs = 0;
    // The first full_sync has read the lists when the task is created and its notification lands.
    const racing: JobHandler = async (job, context) => {
      const outcome = await realFullSync(job, context);
      if (++runs === 1) {
        await outlook(e.emulator, u).create(u.inboxListId, { title: 'Created during the sync' });
        const webhook = await enqueueTaskSyncJob(t.db, { userId: u.userId, action: 'full_sync', payload: { reason: 'webhook' } });
        expect(webhook).toMatchObject({ status: 'skipped', reason: 'full_sync_active' });
      }
      return outcome;
    };
    await enqueueTaskSyncJob(t.db, { userId: u.userId, action: 'full_sync', payload: { reason: 'webhook' } });

    await drain(t.db, { ...u.handlers, full_sync: racing });

    expect(runs).toBe(2);
    expect((await liveTasks(t.db, u.userId)).map((task) => task.title)).toContain('Created during the sync');
    const syncs = await t.db.selectFrom('task_sync_jobs').select(['status', 'payload']).where('user_id', '=', u.userId).where('action', '=', 'full_sync').orderBy('id').execute();
    expect(syncs.map((s) => [s.status, (s.payload as { reason?: string }).reason])).toEqual([
      ['completed', 'webhook'],
      ['completed', 'follow_up'],
    ]);
  });

  it('asks nothing more of a full_sync still pending (it reads every list when it runs)', async () => {
    const u = await pullUser(t.db, e.emulator);
    await enqueueTaskSyncJob(t.db, { userId: u.userId, action: 'full_sync', payload: { reason: 'webhook' } });
    expect(await enqueueTaskSyncJob(t.db, { userId: u.userId, action: 'full_sync', payload: { reason: 'webhook' } })).toMatchObject({ status: 'skipped' });

    await drain(t.db, u.handlers);

    const syncs = await t.db.selectFrom('task_sync_jobs').select(['status', 'follow_up_requested_at']).where('user_id', '=', u.userId).where('action', '=', 'full_sync').execute();
    expect(syncs).toEqual([{ status: 'completed', follow_up_requested_at: null }]);
  });
});
