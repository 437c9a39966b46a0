/**
 * Pulls aimed at the list that changed (issue 15 §3): a full_sync whose payload names
 * lists (a notification's) reads just their task deltas, and the lists delta only when it
 * is older than its interval; a removal in one of them may be a move into another list,
 * so that pull widens to every list (the moved task keeps its identity); and only a pull
 * of every list moves last_full_sync_at, the safety net's clock. Counted as requests the
 * emulator answered.
 */
import { describe, expect, it } from 'vitest';
import type { Emulator } from '../../emulator/index';
import { createProject } from '../../src/server/projects';
import { testEngines, useTestDatabase } from '../helpers/db';
import { TEST_APP_ENV, useProcessEnv } from '../helpers/process-env';
import { fullSync, lastFullSyncResult, liveTasks, mappingOf, outlook, plannerTasks, pullUser } from './pull-harness';
import { drain, usePushEmulator } from './push-kit';

async function deltaRequests(emulator: Emulator): Promise<{ lists: number; tasks: number }> {
  const { requests } = await emulator.control.stats();
  const count = (route: string) => Object.values(requests[route] ?? {}).reduce((a, b) => a + b, 0);
  return { lists: count('GET /v1.0/me/todo/lists/delta'), tasks: count('GET /v1.0/me/todo/lists/{id}/tasks/delta') };
}

describe.each(testEngines())('pulls aimed at a list on %s', (engine) => {
  useProcessEnv(TEST_APP_ENV);
  const t = useTestDatabase(engine);
  const e = usePushEmulator();

  const connection = (userId: string) =>
    t.db.selectFrom('outlook_connections').select(['last_full_sync_at', 'lists_pulled_at']).where('user_id', '=', userId).executeTakeFirstOrThrow();

  it('reads only the notified list, skips a recent lists delta, and leaves the safety net clock alone', async () => {
    const u = await pullUser(t.db, e.emulator);
    const project = await createProject(t.db, u.userId, { name: 'Errands' });
    await drain(t.db, u.handlers);
    await fullSync(t.db, u);
    const before = await connection(u.userId);
    expect(before.lists_pulled_at).toBeInstanceOf(Date);

    await outlook(e.emulator, u).create(u.inboxListId, { title: 'Made in Outlook' });
    await e.emulator.control.resetStats();
    await fullSync(t.db, u, { reason: 'webhook', lists: [u.inboxListId] });

    expect((await liveTasks(t.db, u.userId)).map((x) => x.title)).toEqual(['Made in Outlook']);
    expect(await deltaRequests(e.emulator)).toEqual({ lists: 0, tasks: 1 });
    expect(await lastFullSyncResult(t.db, u.userId)).toMatchObject({ listsPulled: 1 });
    expect((await connection(u.userId)).last_full_sync_at).toEqual(before.last_full_sync_at);
    // A whole full_sync still reads the lists delta and every list.
    await e.emulator.control.resetStats();
    await fullSync(t.db, u);
    expect(await deltaRequests(e.emulator)).toEqual({ lists: 1, tasks: 2 });
    expect((await mappingOf(t.db, project.id, u.userId)).graph_list_id).toBeTruthy();
  });

  it('reads the lists delta too when it is older than its interval', async () => {
    const u = await pullUser(t.db, e.emulator, { listsDeltaIntervalMin: 0 });
    await fullSync(t.db, u);
    await e.emulator.control.resetStats();
    await fullSync(t.db, u, { reason: 'webhook', lists: [u.inboxListId] });
    expect(await deltaRequests(e.emulator)).toEqual({ lists: 1, tasks: 1 });
  });

  it('widens to every list when the notified one lost a task: a move keeps the task, in its new project', async () => {
    const u = await pullUser(t.db, e.emulator);
    const project = await createProject(t.db, u.userId, { name: 'Errands' });
    await drain(t.db, u.handlers);
    const projectListId = (await mappingOf(t.db, project.id, u.userId)).graph_list_id;
    const made = await outlook(e.emulator, u).create(u.inboxListId, { title: 'Post the parcel' });
    await fullSync(t.db, u);
    const [task] = await liveTasks(t.db, u.userId);

    await outlook(e.emulator, u).move(u.inboxListId, made.id, projectListId);
    await e.emulator.control.resetStats();
    // Only the inbox's notification has come in so far.
    await fullSync(t.db, u, { reason: 'webhook', lists: [u.inboxListId] });

    expect(await deltaRequests(e.emulator)).toMatchObject({ tasks: 2 });
    const all = await plannerTasks(t.db, u.userId);
    expect(all.map((x) => [x.id, x.project_id, x.deleted_at])).toEqual([[task.id, project.id, null]]);
  });
});
