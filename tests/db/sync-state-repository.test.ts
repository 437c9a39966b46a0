/**
 * deleteSyncStatesOfList: the one rule both sync directions use when a To Do list goes
 * (archived, deleted in Planner, deleted in Outlook). A copy in the list is forgotten,
 * but a pending-create marker for ANOTHER list (a move whose worker died after its
 * POST) survives, so the copy that POST made can still be found and deleted.
 */
import { describe, expect, it } from 'vitest';
import type { Db } from '../../src/db/client';
import { deleteSyncStatesOfList, findSyncState, markCopyMissing, savePushedState } from '../../src/db/sync-state-repository';
import { testEngines, useTestDatabase } from '../helpers/db';

const USER = 'user-sync-state';

async function state(db: Db, row: { graph_task_id?: string | null; graph_list_id?: string | null; pending_create_list_id?: string | null }) {
  const taskId = crypto.randomUUID();
  await db
    .insertInto('task_sync_state')
    .values({ user_id: USER, task_id: taskId, graph_task_id: null, graph_list_id: null, pending_create_list_id: null, ...row })
    .execute();
  return taskId;
}

describe.each(testEngines())('task_sync_state repository on %s', (engine) => {
  const t = useTestDatabase(engine);

  it('forgetting a list keeps a pending-create marker for another list, and only that', async () => {
    const gone = `gone-${crypto.randomUUID()}`;
    const other = `other-${crypto.randomUUID()}`;
    const copyInGone = await state(t.db, { graph_task_id: `a-${gone}`, graph_list_id: gone });
    const movingOut = await state(t.db, { graph_task_id: `b-${gone}`, graph_list_id: gone, pending_create_list_id: other });
    const markerOnly = await state(t.db, { pending_create_list_id: gone });
    const movingIn = await state(t.db, { graph_task_id: `c-${other}`, graph_list_id: other, pending_create_list_id: gone });
    const elsewhere = await state(t.db, { graph_task_id: `d-${other}`, graph_list_id: other });

    expect(await deleteSyncStatesOfList(t.db, USER, gone)).toBe(4);

    expect(await findSyncState(t.db, copyInGone)).toBeUndefined();
    expect(await findSyncState(t.db, markerOnly)).toBeUndefined();
    expect(await findSyncState(t.db, movingOut)).toMatchObject({ graph_task_id: null, graph_list_id: null, pending_create_list_id: other });
    expect(await findSyncState(t.db, movingIn)).toMatchObject({ graph_task_id: `c-${other}`, graph_list_id: other, pending_create_list_id: null });
    expect(await findSyncState(t.db, elsewhere)).toMatchObject({ graph_task_id: `d-${other}`, graph_list_id: other });
  });

  it('copy_missing_at keeps its first time, and a successful push clears it', async () => {
    const taskId = await state(t.db, { graph_task_id: `e-${crypto.randomUUID()}`, graph_list_id: 'l' });
    const first = await markCopyMissing(t.db, taskId);
    expect(first).toBeInstanceOf(Date);
    expect(await markCopyMissing(t.db, taskId)).toEqual(first);
    await savePushedState(t.db, {
      userId: USER,
      taskId,
      graphTaskId: `f-${crypto.randomUUID()}`,
      graphListId: 'l',
      graphEtag: null,
      snapshot: {},
      snapshotHash: 'h',
      capturedVersion: 1,
      remoteModifiedAt: null,
    });
    expect(await findSyncState(t.db, taskId)).toMatchObject({ copy_missing_at: null });
  });
});
