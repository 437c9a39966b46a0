import { describe, expect, it } from 'vitest';
import { enqueueTaskSyncJob } from '../../src/jobs/queue';
import { testEngines, useTestDatabase } from '../helpers/db';
import { addCopyToPendingDelete, isStaleCopyAwaitingDeletion } from '../../src/db/task-jobs-repository';

describe.each(testEngines())('enqueueTaskSyncJob on %s', (engine) => {
  const t = useTestDatabase(engine);

  async function connect(userId: string) {
    await t.db
      .insertInto('outlook_connections')
      .values({ user_id: userId, microsoft_account_id: `ms-${userId}` })
      .execute();
  }

  it('enqueues nothing for a user without an Outlook connection', async () => {
    const r = await enqueueTaskSyncJob(t.db, { userId: 'nobody', action: 'create', taskId: crypto.randomUUID() });
    expect(r).toEqual({ status: 'skipped', reason: 'no_connection' });
    const rows = await t.db.selectFrom('task_sync_jobs').selectAll().where('user_id', '=', 'nobody').execute();
    expect(rows).toHaveLength(0);
  });

  it('keeps at most one active full_sync per user and allows a new one after completion', async () => {
    await connect('u-full');
    const first = await enqueueTaskSyncJob(t.db, { userId: 'u-full', action: 'full_sync' });
    const second = await enqueueTaskSyncJob(t.db, { userId: 'u-full', action: 'full_sync' });
    expect(first.status).toBe('enqueued');
    expect(second).toEqual({ status: 'skipped', reason: 'full_sync_active' });
    if (first.status !== 'enqueued') throw new Error('unreachable');
    await t.db.updateTable('task_sync_jobs').set({ status: 'completed' }).where('id', '=', first.job.id).execute();
    const third = await enqueueTaskSyncJob(t.db, { userId: 'u-full', action: 'full_sync' });
    expect(third.status).toBe('enqueued');
  });

  it('coalesces pending updates of one task into one job, merging payloads', async () => {
    await connect('u-upd');
    const taskId = crypto.randomUUID();
    const a = await enqueueTaskSyncJob(t.db, { userId: 'u-upd', action: 'update', taskId, payload: { a: 1 }, priority: 5 });
    const b = await enqueueTaskSyncJob(t.db, { userId: 'u-upd', action: 'update', taskId, payload: { b: 2 }, priority: 0 });
    expect(a.status).toBe('enqueued');
    expect(b.status).toBe('coalesced');
    const rows = await t.db.selectFrom('task_sync_jobs').selectAll().where('task_id', '=', taskId).execute();
    expect(rows).toHaveLength(1);
    expect(rows[0].payload).toEqual({ a: 1, b: 2 });
    expect(rows[0].priority).toBe(0);
  });

  it('adds up the stale copies of coalesced updates, so the job deletes each, and finds them while it waits', async () => {
    await connect('u-stale');
    const taskId = crypto.randomUUID();
    const one = { graphTaskId: 'AAMk-one', graphListId: 'list-1' };
    const two = { graphTaskId: 'AAMk-two', graphListId: 'list-2' };
    await enqueueTaskSyncJob(t.db, { userId: 'u-stale', action: 'update', taskId, payload: { reason: 'stale_copy', staleCopies: [one] } });
    await enqueueTaskSyncJob(t.db, { userId: 'u-stale', action: 'update', taskId, payload: { reason: 'pull_merge' } });
    await enqueueTaskSyncJob(t.db, { userId: 'u-stale', action: 'update', taskId, payload: { reason: 'stale_copy', staleCopies: [two] } });
    const rows = await t.db.selectFrom('task_sync_jobs').selectAll().where('task_id', '=', taskId).execute();
    expect(rows).toHaveLength(1);
    expect(rows[0].payload).toEqual({ reason: 'stale_copy', staleCopies: [one, two] });
    expect(await isStaleCopyAwaitingDeletion(t.db, 'u-stale', 'AAMk-two')).toBe(true);
    expect(await isStaleCopyAwaitingDeletion(t.db, 'u-stale', 'AAMk-three')).toBe(false);
    expect(await isStaleCopyAwaitingDeletion(t.db, 'someone-else', 'AAMk-two')).toBe(false);
    await t.db.updateTable('task_sync_jobs').set({ status: 'completed' }).where('task_id', '=', taskId).execute();
    expect(await isStaleCopyAwaitingDeletion(t.db, 'u-stale', 'AAMk-two')).toBe(false);
  });

  it('appends each copy a pull finds to a pending delete job (a second one does not replace the first)', async () => {
    await connect('u-del');
    const taskId = crypto.randomUUID();
    await enqueueTaskSyncJob(t.db, { userId: 'u-del', action: 'delete', taskId, payload: { graphTaskId: 'mapped', graphListId: 'l' } });
    expect(await addCopyToPendingDelete(t.db, taskId, { graphTaskId: 'c1', graphListId: 'l1' })).toBe(true);
    expect(await addCopyToPendingDelete(t.db, taskId, { graphTaskId: 'c2', graphListId: 'l2' })).toBe(true);
    const [row] = await t.db.selectFrom('task_sync_jobs').selectAll().where('task_id', '=', taskId).execute();
    expect(row.payload).toEqual({ graphTaskId: 'mapped', graphListId: 'l', extraCopies: [{ graphTaskId: 'c1', graphListId: 'l1' }, { graphTaskId: 'c2', graphListId: 'l2' }] });
  });

  it('rolls the job back with the change when the transaction fails', async () => {
    await connect('u-tx');
    await expect(
      t.db.transaction().execute(async (tx) => {
        await enqueueTaskSyncJob(tx, { userId: 'u-tx', action: 'create', taskId: crypto.randomUUID() });
        throw new Error('change failed');
      }),
    ).rejects.toThrow('change failed');
    const rows = await t.db.selectFrom('task_sync_jobs').selectAll().where('user_id', '=', 'u-tx').execute();
    expect(rows).toHaveLength(0);
  });
});
