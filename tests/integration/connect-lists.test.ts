/**
 * ensureProjectList against the emulator (guide §6.4/§6.5): confirms a mapping
 * with a GET, re-provisions a list deleted in Outlook, brings back an archived
 * list when a project reopens, never provisions for closed projects, and
 * concurrent callers provision one list.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator, type Emulator } from '../../emulator/index';
import { openDatabase, type Database } from '../../src/db/client';
import { ensureProjectList } from '../../src/server/outlook';
import { TEST_SECRET_KEY, testEngines, useTestDatabase } from '../helpers/db';
import { addProject, connect, EMULATOR_CLIENTS, makeDeps, newSession, type TestDeps } from './connect-kit';

describe.each(testEngines())('ensureProjectList on %s', (engine) => {
  const t = useTestDatabase(engine);
  let emulator: Emulator;
  beforeAll(async () => {
    emulator = await startEmulator({ port: 0, clients: EMULATOR_CLIENTS, autoApprove: true });
  });
  afterAll(async () => {
    await emulator?.close();
  });

  async function connectedUser(deps: TestDeps, projectNames: string[] = []) {
    const session = newSession();
    const mailbox = await emulator.control.createUser({ email: session.email });
    const projects = [];
    for (const name of projectNames) projects.push(await addProject(t.db, session.userId, name));
    const result = await connect(deps, session, session.email);
    if (!result.ok) throw new Error(result.code);
    return { userId: session.userId, msUserId: mailbox.user.id, projects };
  }

  const listNames = async (msUserId: string) => (await emulator.control.mailbox(msUserId)).lists.map((l) => l.displayName);
  const mappingOf = (projectId: string) => t.db.selectFrom('project_outlook_lists').selectAll().where('project_id', '=', projectId).executeTakeFirstOrThrow();

  it('returns the mapped list after confirming it with a GET', async () => {
    const deps = makeDeps(t.db, emulator);
    const { userId, projects } = await connectedUser(deps, ['Garden']);
    const mapping = await mappingOf(projects[0].id);
    await emulator.control.resetStats();

    const result = await ensureProjectList(deps, { userId, projectId: projects[0].id });

    expect(result).toEqual({ status: 'ready', listId: mapping.graph_list_id, listName: 'Garden', liveName: 'Garden', provisioned: false });
    expect((await emulator.control.stats()).requests['GET /v1.0/me/todo/lists/{id}']).toEqual({ '200': 1 });
  });

  it('re-provisions a list deleted in Outlook and points the mapping at it', async () => {
    const deps = makeDeps(t.db, emulator);
    const { userId, msUserId, projects } = await connectedUser(deps, ['Kitchen']);
    const before = await mappingOf(projects[0].id);
    await emulator.control.deleteList(msUserId, before.graph_list_id);

    const result = await ensureProjectList(deps, { userId, projectId: projects[0].id });

    if (result.status !== 'ready' || !result.provisioned) throw new Error(`unexpected ${JSON.stringify(result)}`);
    expect(result.previousListId).toBe(before.graph_list_id);
    expect(result.listId).not.toBe(before.graph_list_id);
    expect(await listNames(msUserId)).toContain('Kitchen');
    expect(await mappingOf(projects[0].id)).toMatchObject({ graph_list_id: result.listId, is_active: true, delta_token: null });
  });

  it('never provisions for Completed or Cancelled projects', async () => {
    const deps = makeDeps(t.db, emulator);
    const { userId, msUserId } = await connectedUser(deps);
    const done = await addProject(t.db, userId, 'Shipped', 'Completed');
    const dropped = await addProject(t.db, userId, 'Dropped', 'Cancelled');

    expect(await ensureProjectList(deps, { userId, projectId: done.id })).toEqual({ status: 'closed', projectStatus: 'Completed' });
    expect(await ensureProjectList(deps, { userId, projectId: dropped.id })).toEqual({ status: 'closed', projectStatus: 'Cancelled' });
    expect(await listNames(msUserId)).not.toEqual(expect.arrayContaining(['Shipped']));
    expect(await listNames(msUserId)).not.toEqual(expect.arrayContaining(['Dropped']));
  });

  it('reopening a project whose list still exists reactivates that list instead of making another', async () => {
    const deps = makeDeps(t.db, emulator);
    const { userId, msUserId, projects } = await connectedUser(deps, ['Reopen me']);
    const mapping = await mappingOf(projects[0].id);
    await t.db.updateTable('project_outlook_lists').set({ is_active: false }).where('id', '=', mapping.id).execute();

    const result = await ensureProjectList(deps, { userId, projectId: projects[0].id });

    expect(result).toMatchObject({ status: 'ready', listId: mapping.graph_list_id, provisioned: true });
    expect((await listNames(msUserId)).filter((n) => n === 'Reopen me')).toHaveLength(1);
    expect((await mappingOf(projects[0].id)).is_active).toBe(true);
  });

  it('provisions one list when several workers ask at once for a new project', async () => {
    const deps = makeDeps(t.db, emulator);
    const { userId, msUserId } = await connectedUser(deps);
    const project = await addProject(t.db, userId, 'Busy project');
    const pools: Database[] = [];
    if (engine === 'postgres') {
      for (let i = 0; i < 3; i++) pools.push(await openDatabase({ url: t.url, secretKey: TEST_SECRET_KEY, maxConnections: 3 }));
    }
    try {
      const workers = (pools.length ? pools.map((p) => ({ ...deps, db: p.db })) : [deps, deps, deps]);
      const results = await Promise.all(workers.map((w) => ensureProjectList(w, { userId, projectId: project.id })));
      const ids = new Set(results.map((r) => (r.status === 'ready' ? r.listId : r.status)));
      expect(ids.size).toBe(1);
    } finally {
      for (const pool of pools) await pool.close();
    }
    expect((await listNames(msUserId)).filter((n) => n === 'Busy project')).toHaveLength(1);
  });
});
