/**
 * Disconnect and secrecy against the emulator (issue 5): disconnect deletes the
 * user's Graph subscriptions (404 tolerated) and every row of their sync data in
 * one go, keeping Planner tasks and the Outlook lists; and after a connect and a
 * refresh, no table and no log line holds any token the emulator issued.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator, type Emulator } from '../../emulator/index';
import { taskSubscriptionResource } from '../../src/graph';
import { completeOutlookConnect, createTokenService, decryptToken, disconnectOutlook, graphClientForUser } from '../../src/server/outlook';
import { testEngines, useTestDatabase } from '../helpers/db';
import { addProject, authorizeInBrowser, dumpAllTables, EMULATOR_CLIENTS, makeDeps, newSession, storedFor, vaultSecret } from './connect-kit';

describe.each(testEngines())('disconnect and token secrecy on %s', (engine) => {
  const t = useTestDatabase(engine);
  let emulator: Emulator;
  let receiver: { server: Server; url: string };
  beforeAll(async () => {
    emulator = await startEmulator({ port: 0, clients: EMULATOR_CLIENTS, autoApprove: true, allowHttpNotificationUrls: true });
    receiver = await startValidationReceiver();
  });
  afterAll(async () => {
    await emulator?.close();
    await new Promise((r) => receiver?.server.close(r));
  });

  it('deletes the subscriptions in Outlook and every Graph link of the user’s sync data; tasks, lists, which list each project used and last-synced bases stay', async () => {
    const deps = makeDeps(t.db, emulator);
    const session = newSession();
    const mailbox = await emulator.control.createUser({ email: session.email });
    const project = await addProject(t.db, session.userId, 'Errands');
    await addProject(t.db, session.userId, 'Reading');
    const task = await t.db.insertInto('tasks').values({ user_id: session.userId, project_id: project.id, title: 'Buy milk' }).returningAll().executeTakeFirstOrThrow();
    const query = await authorizeInBrowser(deps, session, session.email);
    expect((await completeOutlookConnect(deps, session, query)).ok).toBe(true);

    // What the sync engine would have stored: subscriptions per list, a task mapping, jobs.
    const graph = await graphClientForUser(deps, session.userId);
    const mappings = await t.db.selectFrom('project_outlook_lists').selectAll().where('user_id', '=', session.userId).execute();
    for (const m of mappings) {
      const sub = await graph.subscriptions.create({
        resource: taskSubscriptionResource(m.graph_list_id),
        notificationUrl: `${receiver.url}/webhook`,
        expirationDateTime: new Date(Date.now() + 4000 * 60_000),
        clientState: `cs-${m.id}`,
      });
      await t.db.updateTable('project_outlook_lists').set({ subscription_id: sub.id, subscription_client_state: `cs-${m.id}` }).where('id', '=', m.id).execute();
    }
    const lapsed = (await t.db.selectFrom('project_outlook_lists').select('subscription_id').where('user_id', '=', session.userId).executeTakeFirstOrThrow()).subscription_id!;
    await graph.subscriptions.delete(lapsed); // gone in Outlook already: its DELETE will answer 404
    const remote = await graph.tasks.create(mappings[0].graph_list_id, { title: 'Buy milk' });
    await t.db.insertInto('task_sync_state').values({ user_id: session.userId, task_id: task.id, graph_task_id: remote.id, graph_list_id: mappings[0].graph_list_id, snapshot: JSON.stringify({ title: 'Buy milk' }) }).execute();
    const markerOnly = await t.db.insertInto('tasks').values({ user_id: session.userId, project_id: project.id, title: 'Half pushed' }).returningAll().executeTakeFirstOrThrow();
    await t.db.insertInto('task_sync_state').values({ user_id: session.userId, task_id: markerOnly.id, pending_create_list_id: mappings[0].graph_list_id }).execute();
    await t.db.insertInto('task_sync_jobs').values({ user_id: session.userId, task_id: task.id, action: 'update', status: 'failed', last_error: 'boom' }).execute();
    await t.db.insertInto('sync_conflicts').values({ user_id: session.userId, task_id: task.id, graph_task_id: remote.id, field: 'title', winner: 'remote' }).execute();
    const other = newSession();
    await t.db.insertInto('task_sync_jobs').values({ user_id: other.userId, action: 'full_sync' }).execute();
    const listsBefore = (await emulator.control.mailbox(mailbox.user.id)).lists.length;

    const result = await disconnectOutlook(deps, session.userId);

    expect(result).toEqual({ disconnected: true, subscriptionsDeleted: mappings.length - 1, subscriptionsAlreadyGone: 1, subscriptionsFailed: 0 });
    expect((await emulator.control.subscriptions()).filter((s) => s.userId === mailbox.user.id)).toEqual([]);
    expect(await storedFor(t.db, session.userId)).toEqual({ connections: 0, lists: mappings.length, jobs: 0, states: 1, secrets: 0 });
    // Which list each project used stays, inactive and without subscription or cursor.
    const byList = (a: { graph_list_id: string }, b: { graph_list_id: string }) => (a.graph_list_id < b.graph_list_id ? -1 : 1);
    const kept = await t.db.selectFrom('project_outlook_lists').select(['graph_list_id', 'is_active', 'subscription_id', 'delta_token']).where('user_id', '=', session.userId).execute();
    expect(kept.sort(byList)).toEqual(mappings.map((m) => ({ graph_list_id: m.graph_list_id, is_active: false, subscription_id: null, delta_token: null })).sort(byList));
    // No Graph link survives; the task's last-synced base does (a reconnect merges against it).
    expect(await t.db.selectFrom('task_sync_state').selectAll().where('user_id', '=', session.userId).execute()).toEqual([
      expect.objectContaining({ task_id: task.id, graph_task_id: null, graph_list_id: null, graph_etag: null, pending_create_list_id: null, snapshot: { title: 'Buy milk' } }),
    ]);
    const leftovers = await t.db.selectFrom('oauth_states').select('state_hash').where('user_id', '=', session.userId).execute();
    expect(leftovers).toEqual([]);
    expect(await t.db.selectFrom('sync_conflicts').select('id').where('user_id', '=', session.userId).execute()).toEqual([]);
    expect(await t.db.selectFrom('tasks').select('title').where('user_id', '=', session.userId).orderBy('title').execute()).toEqual([{ title: 'Buy milk' }, { title: 'Half pushed' }]);
    expect(await t.db.selectFrom('projects').select('name').where('user_id', '=', session.userId).orderBy('name').execute()).toEqual([{ name: 'Errands' }, { name: 'Reading' }]);
    expect((await emulator.control.mailbox(mailbox.user.id)).lists).toHaveLength(listsBefore);
    expect(await storedFor(t.db, other.userId)).toMatchObject({ jobs: 1 });
    expect(await disconnectOutlook(deps, session.userId)).toMatchObject({ disconnected: false });
  });

  it('keeps every token the emulator issued out of every table and every log line', async () => {
    const deps = makeDeps(t.db, emulator);
    const session = newSession();
    await emulator.control.createUser({ email: session.email });
    await addProject(t.db, session.userId, 'Secrets');
    const query = await authorizeInBrowser(deps, session, session.email);
    const issued = [query.get('code')!];
    expect((await completeOutlookConnect(deps, session, query)).ok).toBe(true);

    const row = async () => t.db.selectFrom('outlook_connections').selectAll().where('user_id', '=', session.userId).executeTakeFirstOrThrow();
    const first = await row();
    issued.push(decryptToken(first.access_token!, deps.tokenKey, session.userId), (await vaultSecret(t.db, first.refresh_token_secret!))!);
    await t.db.updateTable('outlook_connections').set({ access_token_expires_at: new Date(Date.now() + 30_000) }).where('user_id', '=', session.userId).execute();
    issued.push(await createTokenService(deps).getAccessToken(session.userId));
    issued.push((await vaultSecret(t.db, first.refresh_token_secret!))!);
    expect(new Set(issued).size).toBe(5);
    expect(issued.every((x) => x.length >= 20)).toBe(true);

    const dump = await dumpAllTables(t.db);
    const logs = deps.logLines.join('\n');
    expect(dump).toContain(session.userId);
    expect(logs).toContain('outlook connected');
    expect(logs).toContain('outlook token refreshed');
    for (const token of issued) {
      expect(dump.includes(token)).toBe(false);
      expect(logs.includes(token)).toBe(false);
    }
    const tables = await sql<{ n: string }>`select count(*) as n from information_schema.tables where table_schema = 'public'`.execute(t.db);
    expect(Number(tables.rows[0].n)).toBeGreaterThan(5);
  });
});

/** Answers Graph's validation POST with the token as text/plain; notifications get 202. */
async function startValidationReceiver(): Promise<{ server: Server; url: string }> {
  const server = createServer((req, res) => {
    const token = new URL(req.url ?? '/', 'http://x').searchParams.get('validationToken');
    req.resume();
    res.writeHead(token !== null ? 200 : 202, { 'content-type': 'text/plain' });
    res.end(token ?? '');
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return { server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}` };
}
