/**
 * Keep / Undo on /conflicts with an id that is unknown, malformed or someone
 * else's: a 404 result with a message (the page shows it), the conflict untouched;
 * never a thrown error (which a server action turns into a 500).
 */
import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { Db } from '../../src/db/client';
import { reviewConflict } from '../../src/server/conflicts/conflicts-service';
import { testEngines, useTestDatabase } from '../helpers/db';
import { TEST_APP_ENV, useProcessEnv } from '../helpers/process-env';

async function seedConflict(db: Db, userId: string) {
  const task = await db.insertInto('tasks').values({ user_id: userId, title: 'Shared title' }).returning('id').executeTakeFirstOrThrow();
  return db
    .insertInto('sync_conflicts')
    .values({ user_id: userId, task_id: task.id, field: 'title', base_value: JSON.stringify('Base'), local_value: JSON.stringify('Mine'), remote_value: JSON.stringify('Theirs'), winner: 'remote' })
    .returning('id')
    .executeTakeFirstOrThrow();
}

async function resolution(db: Db, id: string) {
  return (await db.selectFrom('sync_conflicts').select(['resolution', 'resolved_at']).where('id', '=', id).executeTakeFirstOrThrow()).resolution;
}

describe.each(testEngines())('reviewing conflicts on %s', (engine) => {
  useProcessEnv(TEST_APP_ENV);
  const t = useTestDatabase(engine);

  it('another user’s, an unknown and a malformed id are 404 results, and nothing changes', async () => {
    const alice = randomUUID();
    const conflict = await seedConflict(t.db, alice);
    for (const choice of ['keep', 'undo'] as const) {
      for (const [who, id] of [[randomUUID(), conflict.id], [alice, randomUUID()], [alice, 'not-a-uuid'], [alice, '']] as const) {
        expect(await reviewConflict(t.db, who, id, choice)).toEqual({ ok: false, status: 404, code: 'conflict_not_found', message: 'No such conflict' });
      }
    }
    expect(await resolution(t.db, conflict.id)).toBeNull();
  });

  it('the owner keeps it; undo on a task that is gone is a 404 result and leaves the conflict open', async () => {
    const alice = randomUUID();
    const kept = await seedConflict(t.db, alice);
    expect(await reviewConflict(t.db, alice, kept.id, 'keep')).toEqual({ ok: true });
    expect(await resolution(t.db, kept.id)).toBe('kept');

    const orphan = await seedConflict(t.db, alice);
    const row = await t.db.selectFrom('sync_conflicts').select('task_id').where('id', '=', orphan.id).executeTakeFirstOrThrow();
    await t.db.updateTable('tasks').set({ deleted_at: new Date() }).where('id', '=', row.task_id).execute();
    expect(await reviewConflict(t.db, alice, orphan.id, 'undo')).toMatchObject({ ok: false, status: 404, code: 'task_not_found' });
    expect(await resolution(t.db, orphan.id)).toBeNull();
  });
});
