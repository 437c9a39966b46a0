/**
 * A subscription that lapsed (Graph deleted it at its expiry) is recreated and the
 * user gets a full_sync to catch up on what was missed (docs/graph-facts.md §8 (b)). This
 * file moves the emulator's clock, so it has an emulator of its own; our clock is
 * moved with it, and access tokens outlive the jump (no refresh across it).
 */
import { describe, expect, it } from 'vitest';
import { createProject } from '../../src/server/projects';
import { renewSubscriptions } from '../../src/server/subscriptions';
import { testEngines, useTestDatabase } from '../helpers/db';
import { TEST_APP_ENV, useProcessEnv } from '../helpers/process-env';
import { pullUser } from './pull-harness';
import { drain, usePushEmulator } from './push-kit';
import { useRouteServer } from './webhook-harness';

describe.each(testEngines())('lapsed subscriptions on %s', (engine) => {
  useProcessEnv(TEST_APP_ENV);
  const t = useTestDatabase(engine);
  const e = usePushEmulator({ allowHttpNotificationUrls: true, accessTokenTtlSeconds: 6 * 3600 });
  const server = useRouteServer(() => t.database);

  it('recreates a lapsed subscription and queues a delta catch-up', async () => {
    const u = await pullUser(t.db, e.emulator);
    await createProject(t.db, u.userId, { name: 'Lapsing' });
    await drain(t.db, u.handlers);
    let offsetMs = 0;
    const renew = (durationMin: number) =>
      renewSubscriptions(t.db, {
        deps: { ...u.deps, clock: { now: () => new Date(Date.now() + offsetMs) } },
        config: { webhookUrl: server.webhookUrl, durationMin, renewBeforeMin: 30 },
        periodicFullSyncs: false,
      });
    await renew(60);
    const before = await t.db.selectFrom('project_outlook_lists').select('subscription_id').where('user_id', '=', u.userId).execute();

    await e.emulator.control.advanceClock(61 * 60);
    offsetMs = 61 * 60_000;
    const summary = await renew(600);

    expect(summary, JSON.stringify(summary.errors)).toMatchObject({ recreated: 2, catchUpSyncsEnqueued: 1, failed: 0 });
    const after = await t.db.selectFrom('project_outlook_lists').select('subscription_id').where('user_id', '=', u.userId).execute();
    expect(after.map((r) => r.subscription_id)).not.toEqual(before.map((r) => r.subscription_id));
    const remote = (await e.emulator.control.subscriptions()).filter((s) => s.userId === u.mailboxId);
    expect(remote.map((s) => s.id).sort()).toEqual(after.map((r) => r.subscription_id).sort());
    const sync = await t.db.selectFrom('task_sync_jobs').select('payload').where('user_id', '=', u.userId).where('action', '=', 'full_sync').executeTakeFirstOrThrow();
    expect(sync.payload).toEqual({ reason: 'subscription_recreated' });
  });
});
