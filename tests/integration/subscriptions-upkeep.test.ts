/**
 * Subscription upkeep against the emulator (guide §5 /subscriptions; docs/graph-facts.md §3):
 * created per list through the real validation handshake, renewed before expiry,
 * recreated when Graph no longer has it, cleaned up for archived lists and
 * disconnected users, a failed database save never leaves an orphan, an unknown
 * duplicate (409) is replaced — and the route, GET reports and POST acts.
 */
import { describe, expect, it } from 'vitest';
import type { Db } from '../../src/db/client';
import { createProject } from '../../src/server/projects';
import { renewSubscriptions } from '../../src/server/subscriptions';
import { testEngines, useTestDatabase } from '../helpers/db';
import { TEST_APP_ENV, TEST_SYNC_SECRET, useProcessEnv } from '../helpers/process-env';
import { pullUser, type PullUser } from './pull-harness';
import { drain, usePushEmulator } from './push-kit';
import { useRouteServer } from './webhook-harness';

async function mappings(db: Db, userId: string) {
  return db.selectFrom('project_outlook_lists').selectAll().where('user_id', '=', userId).orderBy('created_at').execute();
}

describe.each(testEngines())('subscription upkeep on %s', (engine) => {
  useProcessEnv(TEST_APP_ENV);
  const t = useTestDatabase(engine);
  const e = usePushEmulator({ allowHttpNotificationUrls: true });
  const server = useRouteServer(() => t.database);
  const renew = (u: PullUser, config: Record<string, unknown> = {}) =>
    renewSubscriptions(t.db, {
      deps: u.deps,
      userId: u.userId, // other tests' users share this database
      config: { webhookUrl: server.webhookUrl, durationMin: 4200, renewBeforeMin: 1440, ...config },
      periodicFullSyncs: false,
    });
  const ours = async (u: PullUser) => (await e.emulator.control.subscriptions()).filter((s) => s.userId === u.mailboxId);

  async function userWithProject() {
    const u = await pullUser(t.db, e.emulator);
    await createProject(t.db, u.userId, { name: 'Subscribed' });
    await drain(t.db, u.handlers);
    return u;
  }

  it('creates one subscription per list: tasks resource, all change types, its own clientState, our webhook', async () => {
    const u = await userWithProject();
    const summary = await renew(u);
    expect(summary).toMatchObject({ created: 2, failed: 0 });

    const rows = await mappings(t.db, u.userId);
    const remote = await ours(u);
    expect(remote).toHaveLength(2);
    for (const row of rows) {
      const sub = remote.find((s) => s.id === row.subscription_id)!;
      expect(sub).toMatchObject({ resource: `/me/todo/lists/${row.graph_list_id}/tasks`, changeType: 'created,updated,deleted', notificationUrl: server.webhookUrl });
      expect(sub.clientState).toBe(row.subscription_client_state);
      expect(new Date(row.subscription_expires_at!).toISOString()).toBe(sub.expirationDateTime);
    }
    expect(new Set(rows.map((r) => r.subscription_client_state)).size).toBe(2);
    expect(await renew(u)).toMatchObject({ created: 0, renewed: 0 }); // nothing due now
  });

  it('renews subscriptions expiring within the window, and those reauthorizationRequired marked', async () => {
    const u = await userWithProject();
    await renew(u, { durationMin: 600 });
    const [first, second] = await mappings(t.db, u.userId);
    await t.db.updateTable('project_outlook_lists').set({ subscription_renew_requested_at: new Date() }).where('id', '=', second.id).execute();

    expect(await renew(u, { renewBeforeMin: 300 })).toMatchObject({ renewed: 1, created: 0 });
    expect(await renew(u, { renewBeforeMin: 700 })).toMatchObject({ renewed: 1 }); // the other one was just renewed

    const after = await mappings(t.db, u.userId);
    for (const row of after) {
      expect(new Date(row.subscription_expires_at!).getTime()).toBeGreaterThan(Date.now() + 4000 * 60_000);
      expect(row.subscription_renew_requested_at).toBeNull();
    }
    expect(after.map((r) => r.subscription_id)).toEqual([first.subscription_id, second.subscription_id]);
  });

  it('renewing one Graph no longer has (404) recreates it', async () => {
    const u = await userWithProject();
    await renew(u);
    const [row] = await mappings(t.db, u.userId);
    await u.deps.db.updateTable('project_outlook_lists').set({ subscription_renew_requested_at: new Date() }).where('id', '=', row.id).execute();
    const graph = await (await import('../../src/server/outlook')).graphClientForUser(u.deps, u.userId);
    await graph.subscriptions.delete(row.subscription_id!);

    expect(await renew(u)).toMatchObject({ recreated: 1, renewed: 0 });
    expect((await ours(u)).map((s) => s.id)).toContain((await mappings(t.db, u.userId))[0].subscription_id);
  });

  it('deletes subscriptions of archived lists and forgets those of disconnected users', async () => {
    const u = await userWithProject();
    await renew(u);
    const [, projectRow] = await mappings(t.db, u.userId);
    await t.db.updateTable('project_outlook_lists').set({ is_active: false }).where('id', '=', projectRow.id).execute();

    expect(await renew(u)).toMatchObject({ deleted: 1 });
    expect(await ours(u)).toHaveLength(1);
    expect((await mappings(t.db, u.userId))[1].subscription_id).toBeNull();

    await t.db.deleteFrom('outlook_connections').where('user_id', '=', u.userId).execute();
    expect(await renew(u)).toMatchObject({ deleted: 1 });
    expect((await mappings(t.db, u.userId)).every((r) => r.subscription_id === null)).toBe(true);
  });

  it('a subscription whose database save fails is deleted in Graph, not orphaned', async () => {
    const u = await userWithProject();
    await t.database.execScript(`
      create or replace function public.test_fail_subscription_save() returns trigger language plpgsql as $$
      begin raise exception 'simulated database failure'; end $$;
      create trigger test_fail_subscription_save before update of subscription_id on public.project_outlook_lists
        for each row when (new.subscription_id is not null) execute function public.test_fail_subscription_save();`);
    try {
      const summary = await renew(u);
      expect(summary).toMatchObject({ created: 0, failed: 2 });
      expect(await ours(u)).toEqual([]);
    } finally {
      await t.database.execScript('drop trigger test_fail_subscription_save on public.project_outlook_lists;');
    }
  });

  it('replaces an unknown duplicate Graph refuses with 409', async () => {
    const u = await userWithProject();
    const [row] = await mappings(t.db, u.userId);
    const graph = await (await import('../../src/server/outlook')).graphClientForUser(u.deps, u.userId);
    const stray = await graph.subscriptions.create({
      resource: `/me/todo/lists/${row.graph_list_id}/tasks`,
      notificationUrl: server.webhookUrl,
      expirationDateTime: new Date(Date.now() + 3600_000),
      clientState: 'from-a-lost-save',
    });

    expect(await renew(u)).toMatchObject({ created: 2, failed: 0 });
    const remote = await ours(u);
    expect(remote.map((s) => s.id)).not.toContain(stray.id);
    expect(remote).toHaveLength(2);
  });

  it('the route: GET reports, POST and GET ?action=renew act; both need the sync secret', async () => {
    const u = await userWithProject();
    await t.db.deleteFrom('project_outlook_lists').where('user_id', '!=', u.userId).execute(); // the route works on every user
    const auth = { authorization: `Bearer ${TEST_SYNC_SECRET}` };
    process.env.OUTLOOK_WEBHOOK_URL = server.webhookUrl;
    (await import('../../src/config/env')).resetEnvCache();
    const outlookDeps = Symbol.for('planner.outlook.deps');
    (globalThis as Record<symbol, unknown>)[outlookDeps] = Promise.resolve(u.deps);
    try {
      expect((await fetch(`${server.url}/api/integrations/outlook/subscriptions`)).status).toBe(401);
      const report = await (await fetch(`${server.url}/api/integrations/outlook/subscriptions`, { headers: auth })).json();
      expect(report).toMatchObject({ webhookConfigured: true, due: { create: 2 } });

      const posted = await fetch(`${server.url}/api/integrations/outlook/subscriptions`, { method: 'POST', headers: auth });
      expect(posted.status).toBe(200);
      expect(await posted.json()).toMatchObject({ created: 2, failed: 0 });
      const again = await (await fetch(`${server.url}/api/integrations/outlook/subscriptions?action=renew`, { headers: auth })).json();
      expect(again).toMatchObject({ created: 0, failed: 0 });
      expect(await ours(u)).toHaveLength(2);
    } finally {
      delete process.env.OUTLOOK_WEBHOOK_URL;
      delete (globalThis as Record<symbol, unknown>)[outlookDeps];
      (await import('../../src/config/env')).resetEnvCache();
    }
  });
});
