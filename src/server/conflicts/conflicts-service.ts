/**
 * The conflict log the user sees on /conflicts (decisions 0027, 0047). Each row is one
 * field both sides changed (the later edit won automatically), or a deletion that an
 * edit on the other side beat (field 'deleted'). The user can keep
 * that outcome or undo it: undo writes the losing value back as a Planner edit
 * (tasks service → update job), so it reaches To Do like any other edit.
 */
import type { Db } from '../../db/client';
import type { ConflictField, SyncConflict } from '../../db/schema';
import { describeError } from '../http/error-response';
import { ServiceError } from '../projects/errors';
import { uuid } from '../projects/schemas';
import { deleteTask, updateTask } from '../tasks';
import { findConflict, listConflictRows, reopenConflict, resolveConflict, type ConflictRow } from '../../db/conflicts-repository';
import { describeRecurrence, fromGraphRecurrence } from '../../sync/recurrence';

/** A value as the page shows it: a repeat reads as its plain-language summary. */
export type ConflictValue = string | boolean | string[] | null;

export interface ConflictView {
  id: string;
  taskId: string;
  taskTitle: string;
  taskDeleted: boolean;
  field: ConflictField;
  winner: 'planner' | 'outlook';
  keptValue: ConflictValue;
  lostValue: ConflictValue;
  baseValue: ConflictValue;
  createdAt: string;
  /** null = awaiting review. */
  resolution: 'kept' | 'undone' | null;
}

export async function listConflicts(db: Db, userId: string, options: { openOnly?: boolean } = {}): Promise<ConflictView[]> {
  return (await listConflictRows(db, userId, options)).map(toConflictView);
}

export async function countOpenConflicts(db: Db, userId: string): Promise<number> {
  return (await listConflictRows(db, userId, { openOnly: true })).length;
}

/** The user accepts the automatic outcome. */
export async function keepConflict(db: Db, userId: string, conflictId: string): Promise<void> {
  const conflict = await requireConflict(db, userId, conflictId);
  await resolveConflict(db, conflict.id, 'kept');
}

/** The user restores the losing value: a Planner edit, pushed to To Do by its update job. */
export async function undoConflict(db: Db, userId: string, conflictId: string): Promise<void> {
  const conflict = await requireConflict(db, userId, conflictId);
  if (!(await resolveConflict(db, conflict.id, 'undone'))) return; // already reviewed
  const lost = conflict.winner === 'remote' ? conflict.local_value : conflict.remote_value;
  try {
    // Undoing an edit that beat a deletion carries the deletion out after all.
    if (conflict.field === 'deleted') await deleteTask(db, userId, conflict.task_id);
    else await updateTask(db, userId, conflict.task_id, { [conflict.field]: storedValue(conflict.field, lost) });
  } catch (error) {
    await reopenConflict(db, conflict.id);
    throw error;
  }
}

export type ConflictReview = { ok: true } | { ok: false; status: number; code: string; message: string };

/**
 * Keep or Undo as the /conflicts buttons ask: an unknown id, someone else's, or a task
 * that is gone is a 4xx result with its message (the page shows it), never a thrown 500.
 */
export async function reviewConflict(db: Db, userId: string, conflictId: string, choice: 'keep' | 'undo'): Promise<ConflictReview> {
  try {
    await (choice === 'keep' ? keepConflict : undoConflict)(db, userId, conflictId);
    return { ok: true };
  } catch (error) {
    const detail = describeError(error);
    if (detail && detail.status < 500) return { ok: false, status: detail.status, code: detail.code, message: detail.message };
    throw error;
  }
}

async function requireConflict(db: Db, userId: string, conflictId: string): Promise<SyncConflict> {
  const id = uuid.safeParse(conflictId);
  const conflict = id.success ? await findConflict(db, userId, id.data) : undefined;
  if (!conflict) throw new ServiceError(404, 'conflict_not_found', 'No such conflict');
  return conflict;
}

function toConflictView(row: ConflictRow): ConflictView {
  const local = readValue(row.field, row.local_value);
  const remote = readValue(row.field, row.remote_value);
  return {
    id: row.id,
    taskId: row.task_id,
    taskTitle: row.task_title,
    taskDeleted: row.task_deleted,
    field: row.field,
    winner: row.winner === 'local' ? 'planner' : 'outlook',
    keptValue: row.winner === 'local' ? local : remote,
    lostValue: row.winner === 'local' ? remote : local,
    baseValue: readValue(row.field, row.base_value),
    createdAt: new Date(row.created_at).toISOString(),
    resolution: row.resolution,
  };
}

/** jsonb comes back parsed by both drivers; a repeat is shown by its summary. */
function readValue(field: ConflictField, value: unknown): ConflictValue {
  if (field === 'recurrence') {
    const recurrence = fromGraphRecurrence(value);
    return recurrence ? describeRecurrence(recurrence) : null;
  }
  if (Array.isArray(value)) return value.filter((v): v is string => typeof v === 'string');
  return typeof value === 'string' || typeof value === 'boolean' ? value : null;
}

/** The stored value as the tasks service takes it back (undo). */
function storedValue(field: ConflictField, value: unknown): unknown {
  if (field === 'recurrence') return fromGraphRecurrence(value);
  if (field === 'categories') return Array.isArray(value) ? value.filter((v) => typeof v === 'string') : [];
  return typeof value === 'string' || typeof value === 'boolean' ? value : null;
}
