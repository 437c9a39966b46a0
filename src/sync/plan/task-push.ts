/**
 * What the `create` and `update` jobs do to bring a task's To Do copy in step with
 * Planner (guide §6.4), and what the `delete` job does. The same table serves create
 * and update: a create retried after it went through is an update, an update of a task
 * never pushed is a create. Facts the executor learns only by asking Graph or the
 * queue (does the old copy still exist? did a full_sync run since the copy went
 * missing? what did the PATCH answer?) start 'unknown' / 'not-sent'; a row then
 * says which to find out, and the executor decides again with the answer.
 * src/server/push/push-task.ts carries the actions out.
 */
import { decide, product, type Decision, type Row } from './decision-table';

export interface TaskPushFacts {
  /** The Planner row: gone (or another user's), soft-deleted, or live. */
  task: 'missing' | 'deleted' | 'live';
  /** The list the task belongs in: its project is gone, closed, or open (list resolved, provisioned if need be). */
  target: 'project-gone' | 'closed' | 'open';
  /** The copy task_sync_state maps: none, in the target list, or in another list (the task moved). */
  copy: 'none' | 'in-target-list' | 'in-other-list';
  /**
   * A 404 was seen for the mapped copy and a full_sync queued to tell a move in Outlook
   * from a deletion; or the state was detached by a disconnect (its copy, if any, is not
   * known until the reconnect's full_sync relinks it by externalId).
   */
  copyMissing: boolean;
  /** The job's last attempt: no more waiting for a pull. */
  lastAttempt: boolean;
  /** Has a full_sync claimed after the copy went missing finished? */
  pulledSinceMissing: 'unknown' | 'yes' | 'no';
  /** Before a move: does the old copy still exist (GET)? */
  oldCopyExists: 'unknown' | 'yes' | 'no';
  /** Planner's fields differ from the base. */
  fieldsChanged: boolean;
  /** The row's version is past the synced version. */
  dirty: boolean;
  /** What the PATCH (If-Match on the base's etag) answered. */
  patchAnswer: 'not-sent' | 'ok' | 'precondition-failed' | 'not-found';
}

export type TaskPushAction =
  | 'skip'
  /** Closed project: remove the copy left in some list, so no pull moves the task back. */
  | 'delete-copy'
  /** POST the copy (idempotent: a pending-create marker first, adoption by externalId on a retry). */
  | 'create'
  /** The mapped copy is gone for good: create it again (edit beats delete). */
  | 'recreate'
  /** Create the copy in the new list, delete the old, remap (Graph gives a moved task a new id). */
  | 'move'
  /** PATCH the changed fields, If-Match on the base's etag (none on the last attempt). */
  | 'patch'
  /** Nothing to write, but the row moved on: record the version as synced. */
  | 'record-synced'
  | 'nothing'
  /** The PATCH went through: done. */
  | 'done'
  /** 412: the copy changed in Outlook since the base. Queue a full_sync (it merges both sides) and push after it. */
  | 'pull-first'
  /** 404: mark the copy missing, queue a full_sync and wait for it (it relinks a copy moved in Outlook). */
  | 'wait-for-pull'
  /** Find out `pulledSinceMissing`. */
  | 'check-pulled'
  /** Find out `oldCopyExists`. */
  | 'check-old-copy';

type F = TaskPushFacts;
const live = (f: F) => f.task === 'live' && f.target === 'open';
const hasCopy = (f: F) => f.copy !== 'none';
/** The mapped copy answered 404, now or before. */
const missingSeen = (f: F) => f.copyMissing || f.patchAnswer === 'not-found' || (f.copy === 'in-other-list' && f.oldCopyExists === 'no');
const missing = (f: F) => live(f) && (hasCopy(f) || f.copyMissing) && missingSeen(f);
const present = (f: F) => live(f) && hasCopy(f) && !missingSeen(f);
const inTarget = (f: F) => present(f) && f.copy === 'in-target-list';

export const TASK_PUSH_TABLE: readonly Row<F, TaskPushAction>[] = [
  { id: 'push.task-gone', rule: 'A task no longer in Planner is not pushed.', when: (f) => f.task === 'missing', then: 'skip' },
  { id: 'push.task-deleted', rule: 'A task deleted in Planner is not pushed: its delete job removes the copy.', when: (f) => f.task === 'deleted', then: 'skip' },
  { id: 'push.project-gone', rule: 'A task whose project is gone is not pushed: project_delete settles it.', when: (f) => f.task === 'live' && f.target === 'project-gone', then: 'skip' },
  {
    id: 'push.closed-project.copy',
    rule: 'A task of a closed project has no copy: one left in some list is deleted.',
    when: (f) => f.task === 'live' && f.target === 'closed' && hasCopy(f),
    then: 'delete-copy',
  },
  { id: 'push.closed-project', rule: 'A task of a closed project is not pushed.', when: (f) => f.task === 'live' && f.target === 'closed' && !hasCopy(f), then: 'skip' },
  { id: 'push.create', rule: 'A task without a copy gets one, exactly once.', when: (f) => live(f) && !hasCopy(f) && !f.copyMissing, then: 'create' },
  {
    id: 'push.copy-missing.last-attempt',
    rule: 'A copy that answered 404, on the job\'s last attempt: created again rather than never.',
    when: (f) => missing(f) && f.lastAttempt,
    then: 'recreate',
  },
  {
    id: 'push.copy-missing.gone',
    rule: 'A copy that answered 404 and that a full_sync run since did not find moved: it was deleted in To Do while Planner edited it, so it is created again (edit beats delete).',
    when: (f) => missing(f) && !f.lastAttempt && f.copyMissing && f.pulledSinceMissing === 'yes',
    then: 'recreate',
  },
  {
    id: 'push.copy-missing.ask',
    rule: 'A copy marked missing: has a full_sync run since?',
    when: (f) => missing(f) && !f.lastAttempt && f.copyMissing && f.pulledSinceMissing === 'unknown',
    then: 'check-pulled',
  },
  {
    id: 'push.copy-missing.wait',
    rule: 'A copy that answered 404 may have been moved in Outlook (a new id): recreating it now would duplicate the task and revert the move, so a full_sync looks first.',
    when: (f) => missing(f) && !f.lastAttempt && !(f.copyMissing && f.pulledSinceMissing !== 'no'),
    then: 'wait-for-pull',
  },
  {
    id: 'push.move.ask',
    rule: 'Before moving a copy: does the old one still exist? (It may have been moved in Outlook meanwhile.)',
    when: (f) => present(f) && f.copy === 'in-other-list' && !f.lastAttempt && f.oldCopyExists === 'unknown',
    then: 'check-old-copy',
  },
  {
    id: 'push.move',
    rule: 'A task moved in Planner: its copy is created in the new list first, then the old one deleted, then remapped; a crash between steps resumes from the pending-create marker.',
    when: (f) => present(f) && f.copy === 'in-other-list' && (f.lastAttempt || f.oldCopyExists === 'yes'),
    then: 'move',
  },
  {
    id: 'push.patch',
    rule: 'A copy in its list gets only the fields Planner changed since the base, If-Match on the base\'s etag.',
    when: (f) => inTarget(f) && f.patchAnswer === 'not-sent' && f.fieldsChanged,
    then: 'patch',
  },
  {
    id: 'push.unchanged.dirty',
    rule: 'Nothing changed against the base: no Graph write; a row that moved on is recorded as synced.',
    when: (f) => inTarget(f) && f.patchAnswer === 'not-sent' && !f.fieldsChanged && f.dirty,
    then: 'record-synced',
  },
  { id: 'push.unchanged', rule: 'Nothing changed and nothing to record.', when: (f) => inTarget(f) && f.patchAnswer === 'not-sent' && !f.fieldsChanged && !f.dirty, then: 'nothing' },
  { id: 'push.patched', rule: 'The PATCH went through.', when: (f) => inTarget(f) && f.patchAnswer === 'ok', then: 'done' },
  {
    id: 'push.edited-in-outlook',
    rule: 'The PATCH answered 412: the copy was edited in Outlook since the base; a full_sync merges both sides field by field first (the later edit wins a field, logged), then the push sends what is left.',
    when: (f) => inTarget(f) && f.patchAnswer === 'precondition-failed',
    then: 'pull-first',
  },
];

export function decideTaskPush(facts: TaskPushFacts): Decision<TaskPushAction> {
  return decide(TASK_PUSH_TABLE, facts);
}

export function taskPushFactSpace(): TaskPushFacts[] {
  return product({
    task: ['missing', 'deleted', 'live'],
    target: ['project-gone', 'closed', 'open'],
    copy: ['none', 'in-target-list', 'in-other-list'],
    copyMissing: [true, false],
    lastAttempt: [true, false],
    pulledSinceMissing: ['unknown', 'yes', 'no'],
    oldCopyExists: ['unknown', 'yes', 'no'],
    fieldsChanged: [true, false],
    dirty: [true, false],
    patchAnswer: ['not-sent', 'ok', 'precondition-failed', 'not-found'],
  } as const);
}

export interface TaskDeleteFacts {
  task: 'missing' | 'deleted' | 'live';
  /**
   * The mapped copy against the sync state's etag: 'unknown' until read (a GET; Graph
   * documents no If-Match on DELETE, docs/graph-facts.md §7), 'unchanged', 'changed' (To Do
   * edited it since the last sync), 'pulled' (changed, and a pull of its list has judged
   * it since), 'unknowable' (no copy or no etag recorded to compare with).
   */
  copy: 'unknown' | 'unchanged' | 'changed' | 'pulled' | 'unknowable';
}

export type TaskDeleteAction =
  | 'skip'
  /** GET the mapped copy and compare its etag with the state's. */
  | 'check-copy'
  /** Pull the copy's list now: the pull table decides (edit beats delete restores the task). */
  | 'pull-first'
  | 'delete-copies';

const taskGone = (f: TaskDeleteFacts) => f.task !== 'live';

export const TASK_DELETE_TABLE: readonly Row<TaskDeleteFacts, TaskDeleteAction>[] = [
  {
    id: 'delete.restored',
    rule: 'A task restored in Planner before its delete job ran keeps its copy (the restore queued an update).',
    when: (f) => f.task === 'live',
    then: 'skip',
  },
  {
    id: 'delete.check-copy',
    rule: 'Before deleting a copy, read it: To Do may have edited it since the last sync, and no pull has told us yet.',
    when: (f) => taskGone(f) && f.copy === 'unknown',
    then: 'check-copy',
  },
  {
    id: 'delete.edited-in-todo',
    rule: 'Deleted in Planner, edited in To Do since the last sync (the copy\'s etag moved): the pull decides first, so an edit beats the delete and the task comes back.',
    when: (f) => taskGone(f) && f.copy === 'changed',
    then: 'pull-first',
  },
  {
    id: 'delete.copies',
    rule: 'A task deleted in Planner (or gone), its copy unchanged in To Do or judged by a pull: its mapped copy and any copy an interrupted create made are deleted (404 counts as done), its sync state forgotten.',
    when: (f) => taskGone(f) && (f.copy === 'unchanged' || f.copy === 'pulled' || f.copy === 'unknowable'),
    then: 'delete-copies',
  },
];

export function decideTaskDelete(facts: TaskDeleteFacts): Decision<TaskDeleteAction> {
  return decide(TASK_DELETE_TABLE, facts);
}

export function taskDeleteFactSpace(): TaskDeleteFacts[] {
  return product({ task: ['missing', 'deleted', 'live'], copy: ['unknown', 'unchanged', 'changed', 'pulled', 'unknowable'] } as const);
}

/** One task of a bulk push ($batch creates: backfill, a reopened project, a re-provisioned list). */
export interface BulkItemFacts {
  /** The copy the sync state maps: none, in the list being filled, or in another list. */
  copy: 'none' | 'in-target-list' | 'in-other-list';
  /** A pending-create marker names another list (an interrupted create or move elsewhere). */
  pendingElsewhere: boolean;
  /** The state's copy is unknown (detached by a disconnect, or a 404 under investigation). */
  copyMissing: boolean;
}

export type BulkItemAction =
  /** Already there: nothing to send. */
  | 'leave'
  /** Not for a blind $batch POST: handed to its own update job (a move) or create job (adopt or clean up the other list first). */
  | 'requeue-update'
  | 'requeue-create'
  /** POST it in the batch (after looking for a copy an earlier attempt made). */
  | 'post';

export const BULK_ITEM_TABLE: readonly Row<BulkItemFacts, BulkItemAction>[] = [
  { id: 'bulk.already-there', rule: 'A task whose copy is already in the list is left alone.', when: (f) => f.copy === 'in-target-list', then: 'leave' },
  {
    id: 'bulk.moved',
    rule: 'A task whose copy is in another list moved: its update job moves it safely (create first, delete the old).',
    when: (f) => f.copy === 'in-other-list',
    then: 'requeue-update',
  },
  {
    id: 'bulk.pending-elsewhere',
    rule: 'A task with an interrupted create into another list: its create job adopts or deletes that copy first.',
    when: (f) => f.copy === 'none' && f.pendingElsewhere,
    then: 'requeue-create',
  },
  {
    id: 'bulk.copy-unknown',
    rule: 'A task whose copy is unknown (a disconnect detached it): its create job waits for the full_sync that relinks copies, never a blind POST.',
    when: (f) => f.copy === 'none' && !f.pendingElsewhere && f.copyMissing,
    then: 'requeue-create',
  },
  { id: 'bulk.post', rule: 'Any other task is POSTed in a $batch of at most 20.', when: (f) => f.copy === 'none' && !f.pendingElsewhere && !f.copyMissing, then: 'post' },
];

export function decideBulkItem(facts: BulkItemFacts): Decision<BulkItemAction> {
  return decide(BULK_ITEM_TABLE, facts);
}

export function bulkItemFactSpace(): BulkItemFacts[] {
  return product({ copy: ['none', 'in-target-list', 'in-other-list'], pendingElsewhere: [true, false], copyMissing: [true, false] } as const);
}
