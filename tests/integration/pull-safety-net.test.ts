/**
 * The safety net (issue 7 §7): To Do has no missed-notification events and may lag,
 * so every connected user gets a periodic full_sync — from the queue runner's tick,
 * and from the /subscriptions cron for deployments without a runner (Vercel). No
 * webhook is involved here: the change reaches Planner through the periodic sync alone.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { startQueueRunner, type QueueRunner } from '../../src/jobs/runner';
import { resetEnvCache } from '../../src/config/env';
import { renewSubscriptions } from '../../src/server/subscriptions';
import { testEngines, useTestDatabase } from '../helpers/db';
import { TEST_APP_ENV, useProcessEnv } from '../helpers/process-env';
import { fullSync, liveTasks, outlook, pullUser } from './pull-harness';
import { sleep, usePushEmulator } from './push-kit';

describe.each(testEngines())('periodic full_sync on %s', (engine) => {
  useProcessEnv(TEST_APP_ENV);
  const t = useTestDatabase(engine);
  const e = usePushEmulator();
  let runner: QueueRunner | undefined;
  afterAll(async () => {
    await runner?.stop();
  });

  const connection = (userId: string) =>
    t.db.selectFrom('outlook_connections').select(['last_full_sync_at']).where('user_id', '=', userId).executeTakeFirstOrThrow();
  const fullSyncJobs = (userId: string) =>
    t.db.selectFrom('task_sync_jobs').select(['status', 'payload']).where('user_id', '=', userId).where('action', '=', 'full_sync').execute();

  it('the runner enqueues and runs a full_sync for a connected user who had none, and not again within the interval', async () => {
    const u = await pullUser(t.db, e.emulator);
    await outlook(e.emulator, u).create(u.inboxListId, { title: 'Made while notifications were lost' });
    expect((await connection(u.userId)).last_full_sync_at).toBeNull();

    runner = await startQueueRunner({ database: t.database, handlers: u.handlers, pollIntervalMs: 50, fullSyncIntervalMin: 15 });
    for (let i = 0; i < 100 && (await liveTasks(t.db, u.userId)).length === 0; i++) await sleep(50);
    await sleep(300); // several more ticks
    await runner.stop();
    runner = undefined;

    expect((await liveTasks(t.db, u.userId)).map((x) => x.title)).toEqual(['Made while notifications were lost']);
    expect((await connection(u.userId)).last_full_sync_at).not.toBeNull();
    expect(await fullSyncJobs(u.userId)).toEqual([{ status: 'completed', payload: { reason: 'periodic' } }]);
  });

  it('the subscriptions cron enqueues the periodic full_syncs too (no runner on Vercel)', async () => {
    const u = await pullUser(t.db, e.emulator);
    await fullSync(t.db, u);
    await t.db.deleteFrom('task_sync_jobs').where('user_id', '=', u.userId).execute();
    await t.db.updateTable('outlook_connections').set({ last_full_sync_at: new Date(Date.now() - 20 * 60_000) }).where('user_id', '=', u.userId).execute();

    const summary = await renewSubscriptions(t.db, { deps: u.deps, config: { webhookUrl: null, fullSyncIntervalMin: 15 } });

    expect(summary.periodicFullSyncsEnqueued).toBeGreaterThanOrEqual(1);
    expect(await fullSyncJobs(u.userId)).toEqual([{ status: 'pending', payload: { reason: 'periodic' } }]);
  });

  it('the cron polls a healthy user at OUTLOOK_FULL_SYNC_HEALTHY_INTERVAL_MIN, as the runner does', async () => {
    const u = await pullUser(t.db, e.emulator);
    await fullSync(t.db, u);
    await t.db.deleteFrom('task_sync_jobs').where('user_id', '=', u.userId).execute();
    // Healthy: every list subscribed, notifications arriving; its last full_sync 2 hours ago.
    await t.db
      .updateTable('project_outlook_lists')
      .set({ subscription_id: 'sub-ok', subscription_expires_at: new Date(Date.now() + 2 * 86_400_000), subscription_failed_at: null })
      .where('user_id', '=', u.userId)
      .execute();
    await t.db
      .updateTable('outlook_connections')
      .set({ last_notification_at: new Date(), last_full_sync_at: new Date(Date.now() - 120 * 60_000) })
      .where('user_id', '=', u.userId)
      .execute();
    const cron = () => renewSubscriptions(t.db, { deps: u.deps, config: { webhookUrl: 'https://planner.example/api/integrations/outlook/webhook', fullSyncIntervalMin: 15 } });
    const saved = process.env.OUTLOOK_FULL_SYNC_HEALTHY_INTERVAL_MIN;
    try {
      process.env.OUTLOOK_FULL_SYNC_HEALTHY_INTERVAL_MIN = '360';
      resetEnvCache();
      await cron();
      expect(await fullSyncJobs(u.userId)).toEqual([]);

      process.env.OUTLOOK_FULL_SYNC_HEALTHY_INTERVAL_MIN = '60';
      resetEnvCache();
      await cron();
      expect(await fullSyncJobs(u.userId)).toEqual([{ status: 'pending', payload: { reason: 'periodic' } }]);
    } finally {
      if (saved === undefined) delete process.env.OUTLOOK_FULL_SYNC_HEALTHY_INTERVAL_MIN;
      else process.env.OUTLOOK_FULL_SYNC_HEALTHY_INTERVAL_MIN = saved;
      resetEnvCache();
    }
  });
});
