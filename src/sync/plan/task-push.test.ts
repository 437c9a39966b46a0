import { describe, expect, it } from 'vitest';
import { decideBulkItem, decideTaskDelete, decideTaskPush, TASK_DELETE_TABLE, TASK_PUSH_TABLE, type TaskPushFacts } from './task-push';

/** A live task of an open project whose copy sits in its list, nothing asked yet. */
const base: TaskPushFacts = {
  task: 'live',
  target: 'open',
  copy: 'in-target-list',
  copyMissing: false,
  lastAttempt: false,
  pulledSinceMissing: 'unknown',
  oldCopyExists: 'unknown',
  fieldsChanged: true,
  dirty: true,
  patchAnswer: 'not-sent',
};

const ROW_CASES: [string, Partial<TaskPushFacts>, string][] = [
  ['push.task-gone', { task: 'missing' }, 'skip'],
  ['push.task-deleted', { task: 'deleted' }, 'skip'],
  ['push.project-gone', { target: 'project-gone' }, 'skip'],
  ['push.closed-project.copy', { target: 'closed' }, 'delete-copy'],
  ['push.closed-project', { target: 'closed', copy: 'none' }, 'skip'],
  ['push.create', { copy: 'none' }, 'create'],
  ['push.copy-missing.last-attempt', { copyMissing: true, lastAttempt: true }, 'recreate'],
  ['push.copy-missing.gone', { copyMissing: true, pulledSinceMissing: 'yes' }, 'recreate'],
  ['push.copy-missing.ask', { copyMissing: true }, 'check-pulled'],
  ['push.copy-missing.wait', { copyMissing: true, pulledSinceMissing: 'no' }, 'wait-for-pull'],
  ['push.move.ask', { copy: 'in-other-list' }, 'check-old-copy'],
  ['push.move', { copy: 'in-other-list', oldCopyExists: 'yes' }, 'move'],
  ['push.patch', {}, 'patch'],
  ['push.unchanged.dirty', { fieldsChanged: false }, 'record-synced'],
  ['push.unchanged', { fieldsChanged: false, dirty: false }, 'nothing'],
  ['push.patched', { patchAnswer: 'ok' }, 'done'],
  ['push.edited-in-outlook', { patchAnswer: 'precondition-failed' }, 'pull-first'],
];

describe('the push table (src/sync/plan/task-push.ts)', () => {
  it.each(ROW_CASES)('%s', (rowId, change, action) => {
    expect(decideTaskPush({ ...base, ...change })).toMatchObject({ rowId, action });
  });

  it('has a case above for every row', () => {
    expect(ROW_CASES.map(([id]) => id).sort()).toEqual(TASK_PUSH_TABLE.map((r) => r.id).sort());
  });

  it('a PATCH answering 404 waits for a pull (the copy may have moved in Outlook), and recreates on the last attempt', () => {
    expect(decideTaskPush({ ...base, patchAnswer: 'not-found' }).rowId).toBe('push.copy-missing.wait');
    expect(decideTaskPush({ ...base, patchAnswer: 'not-found', lastAttempt: true }).action).toBe('recreate');
  });

  it('an old copy that is gone before a move: wait for a pull rather than copy it into the new list', () => {
    expect(decideTaskPush({ ...base, copy: 'in-other-list', oldCopyExists: 'no' })).toMatchObject({ rowId: 'push.copy-missing.wait', action: 'wait-for-pull' });
  });

  it('a state a disconnect detached (no copy known, marked missing) waits for the relinking pull, then creates (no duplicate of a copy To Do still has)', () => {
    expect(decideTaskPush({ ...base, copy: 'none', copyMissing: true }).action).toBe('check-pulled');
    expect(decideTaskPush({ ...base, copy: 'none', copyMissing: true, pulledSinceMissing: 'no' }).action).toBe('wait-for-pull');
    expect(decideTaskPush({ ...base, copy: 'none', copyMissing: true, pulledSinceMissing: 'yes' }).action).toBe('recreate');
  });

  it('the last attempt moves without asking', () => {
    expect(decideTaskPush({ ...base, copy: 'in-other-list', lastAttempt: true }).action).toBe('move');
  });

  it('each "find out" answer leads on to a final action (the executor never loops)', () => {
    const asked = decideTaskPush({ ...base, copyMissing: true });
    expect(asked.action).toBe('check-pulled');
    expect(decideTaskPush({ ...base, copyMissing: true, pulledSinceMissing: 'no' }).action).toBe('wait-for-pull');
    expect(decideTaskPush({ ...base, copy: 'in-other-list', oldCopyExists: 'yes' }).action).toBe('move');
  });
});

describe('the delete table', () => {
  it('delete.restored: a task restored before its delete job ran keeps its copy', () => {
    for (const copy of ['unknown', 'changed', 'unchanged'] as const) expect(decideTaskDelete({ task: 'live', copy })).toMatchObject({ rowId: 'delete.restored', action: 'skip' });
  });
  it('delete.check-copy: the copy is read before it is deleted', () => {
    expect(decideTaskDelete({ task: 'deleted', copy: 'unknown' })).toMatchObject({ rowId: 'delete.check-copy', action: 'check-copy' });
  });
  it('delete.edited-in-todo: a copy To Do edited since the last sync is pulled first (edit beats delete; hostile soak seed 1896677155)', () => {
    expect(decideTaskDelete({ task: 'deleted', copy: 'changed' })).toMatchObject({ rowId: 'delete.edited-in-todo', action: 'pull-first' });
  });
  it.each(['deleted', 'missing'] as const)('delete.copies: a %s task loses copies unchanged, judged by a pull, or not comparable', (task) => {
    for (const copy of ['unchanged', 'pulled', 'unknowable'] as const) expect(decideTaskDelete({ task, copy })).toMatchObject({ rowId: 'delete.copies', action: 'delete-copies' });
  });
  it('has four rows', () => {
    expect(TASK_DELETE_TABLE.map((r) => r.id)).toEqual(['delete.restored', 'delete.check-copy', 'delete.edited-in-todo', 'delete.copies']);
  });
});

describe('the bulk item table', () => {
  it.each([
    ['bulk.already-there', { copy: 'in-target-list', pendingElsewhere: false, copyMissing: false }, 'leave'],
    ['bulk.moved', { copy: 'in-other-list', pendingElsewhere: true, copyMissing: false }, 'requeue-update'],
    ['bulk.pending-elsewhere', { copy: 'none', pendingElsewhere: true, copyMissing: false }, 'requeue-create'],
    ['bulk.copy-unknown', { copy: 'none', pendingElsewhere: false, copyMissing: true }, 'requeue-create'],
    ['bulk.post', { copy: 'none', pendingElsewhere: false, copyMissing: false }, 'post'],
  ] as const)('%s', (rowId, facts, action) => {
    expect(decideBulkItem(facts)).toMatchObject({ rowId, action });
  });
});
