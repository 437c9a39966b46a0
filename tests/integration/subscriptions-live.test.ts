/**
 * Outlook changes reach Planner in seconds out of the box (issue 13 §1): no cron is
 * needed for subscriptions. Against the emulator and the real /webhook route:
 *  - a connect's first full_sync subscribes every linked list;
 *  - a list linked later (a new project) is subscribed by the push that linked it;
 *  - an Outlook change then arrives by webhook alone (no forced full_sync, no cron);
 *  - the runner's tick (upkeepDueSubscriptions) creates what is missing, backs off
 *    after a failure (kept on the mapping), never creates a list's subscription twice
 *    when two upkeeps run at once, and makes no Graph request when nothing is due.
 */
import { describe, expect, it } from 'vitest';
import type { Db } from '../../src/db/client';
import { enqueueTaskSyncJob } from '../../src/jobs/queue';
import { createProject } from '../../src/server/projects';
import { upkeepDueSubscriptions } from '../../src/server/subscriptions';
import { testEngines, useTestDatabase } from '../helpers/db';
import { TEST_APP_ENV, useProcessEnv } from '../helpers/process-env';
import { liveTasks, outlook, pullUser, type PullUser } from './pull-harness';
import { drain, pushHandlers, requestCount, usePushEmulator } from './push-kit';
import { useRouteServer } from './webhook-harness';

async function mappings(db: Db, userId: string) {
  return db.selectFrom('project_outlook_lists').selectAll().where('user_id', '=', userId).where('is_active', '=', true).orderBy('created_at').execute();
}

const SUBSCRIPTION_POST = 'POST /v1.0/subscriptions';
const DEAD_WEBHOOK = 'http://127.0.0.1:9/api/integrations/outlook/webhook';

describe.each(testEngines())('subscriptions without a cron on %s', (engine) => {
  useProcessEnv(TEST_APP_ENV);
  const t = useTestDatabase(engine);
  const e = usePushEmulator({ allowHttpNotificationUrls: true });
  const server = useRouteServer(() => t.database);
  const ours = async (u: PullUser) => (await e.emulator.control.subscriptions()).filter((s) => s.userId === u.mailboxId);
  const config = (extra: Record<string, unknown> = {}) => ({ webhookUrl: server.webhookUrl, durationMin: 4200, renewBeforeMin: 1440, retrySec: 60, ...extra });

  /** A connected user whose push and pull both subscribe through the test's webhook server. */
  async function subscribedUser(extra: Record<string, unknown> = {}): Promise<PullUser> {
    const u = await pullUser(t.db, e.emulator, { subscriptions: config(extra) });
    u.deps.subscriptions = config(extra);
    return { ...u, handlers: { ...u.handlers, ...pushHandlers(u.deps) } };
  }

  async function connectSync(u: PullUser) {
    await enqueueTaskSyncJob(t.db, { userId: u.userId, action: 'full_sync', payload: { reason: 'connect' } });
    return drain(t.db, u.handlers);
  }

  it("a connect's first full_sync subscribes every linked list", async () => {
    const u = await subscribedUser();
    await t.db.updateTable('project_outlook_lists').set({ subscription_id: null }).where('user_id', '=', u.userId).execute();
    expect(await ours(u)).toHaveLength(0);

    await connectSync(u);

    const rows = await mappings(t.db, u.userId);
    const remote = await ours(u);
    expect(rows.length).toBeGreaterThan(0);
    expect(remote).toHaveLength(rows.length);
    for (const row of rows) {
      expect(remote.map((s) => s.id)).toContain(row.subscription_id);
      expect(row.subscription_error).toBeNull();
    }
  });

  it('a project created after connecting is subscribed by the push that linked its list', async () => {
    const u = await subscribedUser();
    await connectSync(u);
    const before = (await ours(u)).length;

    const project = await createProject(t.db, u.userId, { name: 'Kitchen' });
    await drain(t.db, u.handlers);

    const row = (await mappings(t.db, u.userId)).find((r) => r.project_id === project.id)!;
    expect(row.subscription_id).not.toBeNull();
    const remote = await ours(u);
    expect(remote).toHaveLength(before + 1);
    expect(remote.find((s) => s.id === row.subscription_id)?.resource).toBe(`/me/todo/lists/${row.graph_list_id}/tasks`);
  });

  it('then a task created in Outlook reaches Planner by webhook alone (no forced full_sync, no cron)', async () => {
    const u = await subscribedUser();
    await connectSync(u);
    const jobsBefore = await t.db.selectFrom('task_sync_jobs').select('id').where('user_id', '=', u.userId).execute();

    await outlook(e.emulator, u).create(u.inboxListId, { title: 'Call the plumber' });

    // The emulator posts the notification to /webhook, which queues the user's full_sync.
    await expect
      .poll(async () => (await t.db.selectFrom('task_sync_jobs').select('id').where('user_id', '=', u.userId).where('status', '=', 'pending').execute()).length, {
        timeout: 10_000,
        interval: 50,
      })
      .toBe(1);
    const queued = await t.db.selectFrom('task_sync_jobs').select(['action', 'payload']).where('user_id', '=', u.userId).where('id', 'not in', jobsBefore.map((j) => j.id)).execute();
    expect(queued).toEqual([expect.objectContaining({ action: 'full_sync', payload: expect.objectContaining({ reason: 'webhook' }) })]);

    await drain(t.db, u.handlers);
    expect((await liveTasks(t.db, u.userId)).map((task) => task.title)).toContain('Call the plumber');
  });

  it("the runner's tick creates what is missing, backs off after a failure and keeps the error on the mapping", async () => {
    const u = await subscribedUser({ webhookUrl: DEAD_WEBHOOK });
    await connectSync(u); // the webhook cannot be validated: no subscription is created
    const failed = await mappings(t.db, u.userId);
    expect(failed.every((r) => r.subscription_id === null)).toBe(true);
    expect(failed.every((r) => r.subscription_error !== null && r.subscription_failed_at !== null && r.subscription_attempted_at !== null)).toBe(true);
    expect(await ours(u)).toHaveLength(0);

    // Within the retry delay the tick leaves the lists alone (no Graph request)...
    const posts = await requestCount(e.emulator, SUBSCRIPTION_POST);
    const early = await upkeepDueSubscriptions(u.deps, { config: config() });
    expect(early).toMatchObject({ created: 0, failed: 0 });
    expect(await requestCount(e.emulator, SUBSCRIPTION_POST)).toBe(posts);
    expect(await ours(u)).toHaveLength(0);

    // ...and once it has passed it creates them, clearing the error.
    await t.db.updateTable('project_outlook_lists').set({ subscription_attempted_at: new Date(Date.now() - 61_000) }).where('user_id', '=', u.userId).execute();
    const later = await upkeepDueSubscriptions(u.deps, { config: config() });
    expect(later.created).toBeGreaterThanOrEqual(failed.length);
    const rows = await mappings(t.db, u.userId);
    expect(rows.every((r) => r.subscription_id !== null && r.subscription_error === null && r.subscription_failed_at === null)).toBe(true);
    expect(await ours(u)).toHaveLength(rows.length);
  });

  it('two upkeeps at once create each missing subscription once', async () => {
    const u = await subscribedUser({ webhookUrl: DEAD_WEBHOOK });
    await createProject(t.db, u.userId, { name: 'Garden' });
    await drain(t.db, u.handlers);
    await t.db.updateTable('project_outlook_lists').set({ subscription_attempted_at: null }).where('user_id', '=', u.userId).execute();
    const rows = await mappings(t.db, u.userId);

    const [a, b] = await Promise.all([
      upkeepDueSubscriptions(u.deps, { config: config() }),
      upkeepDueSubscriptions(u.deps, { config: config() }),
    ]);

    expect(a.failed + b.failed).toBe(0);
    const remote = await ours(u);
    expect(remote).toHaveLength(rows.length);
    expect(new Set(remote.map((s) => s.resource)).size).toBe(rows.length);
    const saved = await mappings(t.db, u.userId);
    expect(saved.map((r) => r.subscription_id).sort()).toEqual(remote.map((s) => s.id).sort());
  });

  it('the tick sends nothing to Graph when every subscription is alive', async () => {
    const u = await subscribedUser();
    await connectSync(u);
    const subscriptionsBefore = await ours(u);
    const total = async () =>
      Object.entries((await e.emulator.control.stats()).requests)
        .filter(([route]) => route.includes(' /v1.0/'))
        .flatMap(([, byStatus]) => Object.values(byStatus))
        .reduce((a, b) => a + b, 0);
    const requestsBefore = await total();

    const summary = await upkeepDueSubscriptions(u.deps, { config: config() });

    expect(summary).toMatchObject({ created: 0, renewed: 0, recreated: 0, deleted: 0, failed: 0 });
    expect(await ours(u)).toEqual(subscriptionsBefore);
    expect(await total()).toBe(requestsBefore);
  });
});
