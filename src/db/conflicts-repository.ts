/**
 * SQL for sync_conflicts: the pull records every field both sides changed (the
 * later edit won); the user reviews them on /conflicts, keeping or undoing each.
 */
import { sql } from 'kysely';
import type { Executor } from './client';
import type { ConflictField, SyncConflict } from './schema';

/** One field both sides changed (src/sync/three-way.ts FieldConflict, as stored). */
export interface FieldConflictRow {
  field: string;
  base: unknown;
  localValue: unknown;
  remoteValue: unknown;
  winner: 'local' | 'remote';
}

export interface ConflictRecord {
  userId: string;
  taskId: string;
  graphTaskId: string | null;
  localModifiedAt: string | null;
  remoteModifiedAt: string | null;
  conflicts: FieldConflictRow[];
}

/** Logs an edit that beat a deletion: `deletedBy` deleted the task, the other side's edit kept it. */
export async function insertDeletionConflict(
  ex: Executor,
  record: Omit<ConflictRecord, 'conflicts'> & { deletedBy: 'local' | 'remote' },
): Promise<void> {
  await ex
    .insertInto('sync_conflicts')
    .values({
      user_id: record.userId,
      task_id: record.taskId,
      graph_task_id: record.graphTaskId,
      field: 'deleted',
      base_value: JSON.stringify(false),
      local_value: JSON.stringify(record.deletedBy === 'local'),
      remote_value: JSON.stringify(record.deletedBy === 'remote'),
      winner: record.deletedBy === 'local' ? 'remote' : 'local',
      local_modified_at: record.localModifiedAt,
      remote_modified_at: record.remoteModifiedAt,
    })
    .execute();
}

export async function insertConflicts(ex: Executor, record: ConflictRecord): Promise<number> {
  if (record.conflicts.length === 0) return 0;
  await ex
    .insertInto('sync_conflicts')
    .values(
      record.conflicts.map((c) => ({
        user_id: record.userId,
        task_id: record.taskId,
        graph_task_id: record.graphTaskId,
        field: c.field as ConflictField,
        base_value: JSON.stringify(c.base),
        local_value: JSON.stringify(c.localValue),
        remote_value: JSON.stringify(c.remoteValue),
        winner: c.winner,
        local_modified_at: record.localModifiedAt,
        remote_modified_at: record.remoteModifiedAt,
      })),
    )
    .execute();
  return record.conflicts.length;
}

export interface ConflictRow extends SyncConflict {
  task_title: string;
  task_deleted: boolean;
}

/** The user's conflicts, newest first, with the task's current title. */
export async function listConflictRows(ex: Executor, userId: string, options: { limit?: number; openOnly?: boolean } = {}): Promise<ConflictRow[]> {
  let query = ex
    .selectFrom('sync_conflicts as c')
    .innerJoin('tasks as t', 't.id', 'c.task_id')
    .selectAll('c')
    .select(['t.title as task_title', sql<boolean>`t.deleted_at is not null`.as('task_deleted')])
    .where('c.user_id', '=', userId);
  if (options.openOnly) query = query.where('c.resolved_at', 'is', null);
  return query
    .orderBy('c.created_at', 'desc')
    .limit(options.limit ?? 200)
    .execute();
}

export async function findConflict(ex: Executor, userId: string, conflictId: string): Promise<SyncConflict | undefined> {
  return ex.selectFrom('sync_conflicts').selectAll().where('id', '=', conflictId).where('user_id', '=', userId).executeTakeFirst();
}

/** Marks an open conflict kept or undone; false when it was already reviewed. */
export async function resolveConflict(ex: Executor, conflictId: string, resolution: 'kept' | 'undone'): Promise<boolean> {
  const result = await ex
    .updateTable('sync_conflicts')
    .set({ resolution, resolved_at: sql<Date>`now()` })
    .where('id', '=', conflictId)
    .where('resolved_at', 'is', null)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

/** Puts a reviewed conflict back to open (its Undo could not be carried out). */
export async function reopenConflict(ex: Executor, conflictId: string): Promise<void> {
  await ex.updateTable('sync_conflicts').set({ resolved_at: null, resolution: null }).where('id', '=', conflictId).execute();
}
