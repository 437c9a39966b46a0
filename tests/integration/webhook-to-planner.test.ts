/**
 * The live loop (guide §1.4, §12): an edit in Outlook → Graph change notification →
 * /webhook → one full_sync queued → the queue runner (woken by NOTIFY) pulls it →
 * Planner shows it. A functional bound of 2 s (polled), not a timing measurement.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { startQueueRunner, type QueueRunner } from '../../src/jobs/runner';
import { createTask, updateTask } from '../../src/server/tasks/service';
import { renewSubscriptions } from '../../src/server/subscriptions';
import { testEngines, useTestDatabase } from '../helpers/db';
import { TEST_APP_ENV, useProcessEnv } from '../helpers/process-env';
import { dueOn, liveTasks, mappingOf, outlook, plannerTasks, pullUser } from './pull-harness';
import { drain, sleep, usePushEmulator } from './push-kit';
import { useRouteServer } from './webhook-harness';

/** Polls `check` until it holds or `withinMs` passed; returns whether it held. */
async function eventually(check: () => Promise<boolean>, withinMs = 2_000): Promise<boolean> {
  const deadline = Date.now() + withinMs;
  for (;;) {
    if (await check()) return true;
    if (Date.now() > deadline) return false;
    await sleep(25);
  }
}

describe.each(testEngines())('webhook → Planner with the runner on %s', (engine) => {
  useProcessEnv(TEST_APP_ENV);
  const t = useTestDatabase(engine);
  const e = usePushEmulator({ allowHttpNotificationUrls: true });
  const server = useRouteServer(() => t.database);
  let runner: QueueRunner | undefined;
  afterAll(async () => {
    await runner?.stop();
  });

  it('Outlook create, edit, complete and delete each reach Planner within 2 s', async () => {
    const u = await pullUser(t.db, e.emulator);
    const subs = await renewSubscriptions(t.db, {
      deps: u.deps,
      userId: u.userId,
      config: { webhookUrl: server.webhookUrl, durationMin: 4200, renewBeforeMin: 1440 },
      periodicFullSyncs: false,
    });
    expect(subs).toMatchObject({ created: 1, failed: 0 });
    runner = await startQueueRunner({ database: t.database, handlers: u.handlers, pollIntervalMs: 60_000 });
    const o = outlook(e.emulator, u);

    const made = await o.create(u.inboxListId, { title: 'Ring the dentist' });
    expect(await eventually(async () => (await liveTasks(t.db, u.userId)).some((x) => x.title === 'Ring the dentist'))).toBe(true);

    await o.update(u.inboxListId, made.id, { title: 'Ring the dentist at 9', dueDateTime: dueOn('2026-09-01') });
    expect(await eventually(async () => (await liveTasks(t.db, u.userId))[0]?.due_date === '2026-09-01')).toBe(true);
    expect((await liveTasks(t.db, u.userId))[0].title).toBe('Ring the dentist at 9');

    await o.complete(u.inboxListId, made.id);
    expect(await eventually(async () => (await liveTasks(t.db, u.userId))[0]?.completed === true)).toBe(true);

    await o.remove(u.inboxListId, made.id);
    expect(await eventually(async () => (await plannerTasks(t.db, u.userId))[0]?.deleted_at !== null)).toBe(true);

    const log = await e.emulator.control.notificationLog();
    expect(log.filter((d) => d.kind === 'notification').every((d) => d.ok && d.status === 202)).toBe(true);
    await runner.stop();
    runner = undefined;
  });

  it('the notification of our own push queues no pull; an Outlook edit of the same task does (rows notify.*)', async () => {
    const u = await pullUser(t.db, e.emulator);
    await renewSubscriptions(t.db, {
      deps: u.deps,
      userId: u.userId,
      config: { webhookUrl: server.webhookUrl, durationMin: 4200, renewBeforeMin: 1440 },
      periodicFullSyncs: false,
    });
    const fullSyncs = async () =>
      Number((await t.db.selectFrom('task_sync_jobs').select((b) => b.fn.countAll().as('n')).where('user_id', '=', u.userId).where('action', '=', 'full_sync').executeTakeFirstOrThrow()).n);
    const task = await createTask(t.db, u.userId, { title: 'Book the venue' });
    await drain(t.db, u.handlers);
    await e.emulator.control.waitForNotificationsIdle();
    await drain(t.db, u.handlers);
    const settled = await fullSyncs();

    await updateTask(t.db, u.userId, task.id, { title: 'Book the venue for June' });
    await drain(t.db, u.handlers);
    await e.emulator.control.waitForNotificationsIdle();
    const log = await e.emulator.control.notificationLog();
    expect(log.filter((d) => d.kind === 'notification').every((d) => d.ok && d.status === 202)).toBe(true);
    // The PATCH's echo was accepted and queued nothing.
    expect(await fullSyncs()).toBe(settled);

    const [copy] = (await e.emulator.control.mailbox(u.mailboxId)).lists.find((l) => l.id === u.inboxListId)!.tasks;
    await outlook(e.emulator, u).update(u.inboxListId, copy.id, { title: 'Book the venue for July' });
    await e.emulator.control.waitForNotificationsIdle();
    expect(await fullSyncs()).toBe(settled + 1);
    await drain(t.db, u.handlers);
    expect((await liveTasks(t.db, u.userId))[0].title).toBe('Book the venue for July');
  });

  it('a reauthorizationRequired lifecycle event gets the subscription renewed by the full_sync it queues', async () => {
    const u = await pullUser(t.db, e.emulator);
    const config = { webhookUrl: server.webhookUrl, durationMin: 600, renewBeforeMin: 60 };
    await renewSubscriptions(t.db, { deps: u.deps, userId: u.userId, config, periodicFullSyncs: false });
    const before = await mappingOf(t.db, null, u.userId);

    await e.emulator.control.sendLifecycleEvent(before.subscription_id!, 'reauthorizationRequired');
    await e.emulator.control.waitForNotificationsIdle();
    expect((await mappingOf(t.db, null, u.userId)).subscription_renew_requested_at).not.toBeNull();
    await drain(t.db, u.handlers);

    const after = await mappingOf(t.db, null, u.userId);
    expect(after.subscription_id).toBe(before.subscription_id);
    expect(after.subscription_renew_requested_at).toBeNull();
    expect(new Date(after.subscription_expires_at!).getTime()).toBeGreaterThan(new Date(before.subscription_expires_at!).getTime());
    const remote = (await e.emulator.control.subscriptions()).find((x) => x.id === after.subscription_id)!;
    expect(new Date(remote.expirationDateTime).getTime()).toBe(new Date(after.subscription_expires_at!).getTime());
  });
});
