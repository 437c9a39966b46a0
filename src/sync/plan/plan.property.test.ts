/**
 * The decision tables as a whole (issue 14 §1): total and unambiguous over their whole
 * fact space (checked exhaustively, every combination), and the conflict policy's
 * promises hold for every decision: nothing a person created or edited is silently
 * destroyed, no second copy is made of a task that has one, and every question the
 * push table asks leads on to a final action.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { changedFields } from '../normalise';
import { planTaskSync } from '../three-way';
import type { TaskFields } from '../types';
import { matchingRows } from './decision-table';
import { LIST_GONE_TABLE, listGoneFactSpace, NEW_LIST_TABLE, newListFactSpace } from './lists';
import { NOTIFICATION_TABLE, notificationFactSpace } from './notification';
import { decidePulledTask, MERGE_TABLE, mergeFactSpace, OTHER_COPY_TABLE, otherCopyFactSpace, PULLED_TASK_TABLE, pulledTaskFactSpace, type PulledTaskFacts } from './pulled-task';
import { STEPS_BASE_TABLE, stepsBaseFactSpace } from './steps-base';
import { BULK_ITEM_TABLE, bulkItemFactSpace, decideTaskPush, TASK_DELETE_TABLE, TASK_PUSH_TABLE, taskDeleteFactSpace, taskPushFactSpace, type TaskPushAction, type TaskPushFacts } from './task-push';

function expectTotal<F>(table: readonly { id: string; when: (f: F) => boolean }[], space: F[]) {
  const gaps: F[] = [];
  const overlaps: [F, string[]][] = [];
  for (const facts of space) {
    const rows = table.filter((r) => r.when(facts));
    if (rows.length === 0) gaps.push(facts);
    if (rows.length > 1) overlaps.push([facts, rows.map((r) => r.id)]);
  }
  expect({ gaps: gaps.slice(0, 3), overlaps: overlaps.slice(0, 3) }).toEqual({ gaps: [], overlaps: [] });
}

function rowsUsed<F>(table: readonly { id: string; when: (f: F) => boolean }[], space: F[]): string[] {
  const used = new Set<string>();
  for (const facts of space) for (const row of matchingRows(table as never, facts as never)) used.add((row as { id: string }).id);
  return [...used].sort();
}

describe('every table is total: each state gets exactly one action', () => {
  it.each([
    ['pull', PULLED_TASK_TABLE, pulledTaskFactSpace()],
    ['merge', MERGE_TABLE, mergeFactSpace()],
    ['other copy', OTHER_COPY_TABLE, otherCopyFactSpace()],
    ['push', TASK_PUSH_TABLE, taskPushFactSpace()],
    ['delete', TASK_DELETE_TABLE, taskDeleteFactSpace()],
    ['list gone', LIST_GONE_TABLE, listGoneFactSpace()],
    ['new list', NEW_LIST_TABLE, newListFactSpace()],
    ['bulk item', BULK_ITEM_TABLE, bulkItemFactSpace()],
    ['notification', NOTIFICATION_TABLE, notificationFactSpace()],
    ['steps base', STEPS_BASE_TABLE, stepsBaseFactSpace()],
  ] as const)('%s table', (_, table, space) => {
    expectTotal(table as never, space as never[]);
    // and no row is dead: each decides some state
    expect(rowsUsed(table as never, space as never[])).toEqual(table.map((r) => r.id).sort());
  });
});

describe('the pull table keeps what people made', () => {
  const space = pulledTaskFactSpace();

  it('deletes in Planner only what To Do deleted and Planner left unchanged', () => {
    for (const f of space) {
      if (decidePulledTask(f).action !== 'delete-local') continue;
      expect(f).toMatchObject({ remote: 'removed', task: 'live', threeWay: 'delete-local', projectOpen: true });
    }
  });

  it('deletes in To Do only the copy of a task Planner deleted, never one edited since', () => {
    for (const f of space) {
      if (decidePulledTask(f).action !== 'delete-remote') continue;
      expect(['deleted', 'missing']).toContain(f.task);
      expect(f.editedAfterDelete && f.state === 'none').toBe(false);
      expect(f.threeWay === 'create-local' && f.state !== 'none').toBe(false);
      if (f.task === 'deleted') expect(f.movedInTodo).toBe(false);
    }
  });

  it('never forgets or skips a live task of an open project that To Do still has', () => {
    for (const f of space) {
      if (f.remote !== 'present' || f.link !== 'linked' || f.task !== 'live' || !f.projectOpen) continue;
      // A second copy To Do made beside the one mapped becomes a task of its own; the mapped one stays.
      expect(f.copiedInTodo ? ['create-local'] : ['merge-fields', 'finish-push']).toContain(decidePulledTask(f).action);
    }
  });

  const fields = fc.record<TaskFields>({
    title: fc.constantFrom('a', 'b', 'c'),
    notes: fc.constantFrom('', 'n'),
    due_date: fc.constantFrom(null, '2026-03-29'),
    priority: fc.constantFrom('low', 'normal', 'high'),
    completed: fc.boolean(),
    completed_at: fc.constant(null),
    status: fc.constantFrom('notStarted', 'inProgress'),
    start_date: fc.constantFrom(null, '2026-03-01'),
    categories: fc.constantFrom<string[]>([], ['Red']),
    reminder_at: fc.constantFrom(null, '2026-03-29T08:00:00.000Z'),
    recurrence: fc.constant(null),
  });
  const instant = fc.integer({ min: 0, max: 1000 }).map((s) => new Date(Date.UTC(2026, 2, 29, 0, 0, s)).toISOString());

  it('composed with the three-way plan: an edit beats a delete on either side, and an unchanged side never wins over a change', () => {
    fc.assert(
      fc.property(fc.option(fields), fc.option(fields), fc.option(fields), instant, instant, (base, local, remote, localAt, remoteAt) => {
        const plan = planTaskSync({
          base,
          local: local ? { fields: local, modifiedAt: localAt } : null,
          remote: remote ? { fields: remote, modifiedAt: remoteAt } : null,
          now: '2026-03-29T12:00:00.000Z',
        });
        if (!local && !remote && plan.kind === 'nothing') return;
        const facts: PulledTaskFacts = {
          remote: remote ? 'present' : 'removed',
          link: 'linked',
          task: local ? 'live' : 'deleted',
          projectOpen: true,
          state: 'this-copy',
          interruptedPush: false,
          threeWay: plan.kind as PulledTaskFacts['threeWay'],
          editedAfterDelete: false,
          movedInTodo: false,
  copiedInTodo: false,
        };
        const { action } = decidePulledTask(facts);
        const editedInPlanner = local !== null && (base === null || changedFields(base, local).length > 0);
        const editedInTodo = remote !== null && (base === null || changedFields(base, remote).length > 0);
        if (!remote && editedInPlanner) expect(action).toBe('recreate');
        if (!local && editedInTodo) expect(action).toBe('restore-in-planner');
        if (action === 'delete-local') expect(editedInPlanner).toBe(false);
        if (action === 'delete-remote') expect(editedInTodo).toBe(false);
        if (local && remote) expect(action).toBe('merge-fields');
      }),
      { numRuns: 2000 },
    );
  });
});

describe('the push table', () => {
  const space = taskPushFactSpace();
  const WRITES: TaskPushAction[] = ['create', 'recreate', 'move', 'patch', 'delete-copy'];

  it('never creates a second copy of a task that has one; recreates only after a pull looked for it (or on the last attempt)', () => {
    for (const f of space) {
      const { action } = decideTaskPush(f);
      if (action === 'create') expect(f.copy).toBe('none');
      if (action === 'recreate') {
        expect(f.copy !== 'none' || f.copyMissing).toBe(true);
        expect(f.lastAttempt || (f.copyMissing && f.pulledSinceMissing === 'yes')).toBe(true);
      }
    }
  });

  it('writes to Graph only for a live task of an open project (and removes the copy of a closed one)', () => {
    for (const f of space) {
      const { action } = decideTaskPush(f);
      if (!WRITES.includes(action)) continue;
      if (action === 'delete-copy') expect(f).toMatchObject({ task: 'live', target: 'closed' });
      else expect(f).toMatchObject({ task: 'live', target: 'open' });
    }
  });

  it('every question leads on to a final action whatever the answers', () => {
    const finals = new Set<string>();
    const walk = (f: TaskPushFacts, depth: number): void => {
      expect(depth).toBeLessThan(4);
      const { action } = decideTaskPush(f);
      if (action === 'check-pulled') for (const a of ['yes', 'no'] as const) walk({ ...f, pulledSinceMissing: a }, depth + 1);
      else if (action === 'check-old-copy') for (const a of ['yes', 'no'] as const) walk({ ...f, oldCopyExists: a }, depth + 1);
      else if (action === 'patch') for (const a of ['ok', 'precondition-failed', 'not-found'] as const) walk({ ...f, patchAnswer: a }, depth + 1);
      else finals.add(action);
    };
    for (const f of space) if (f.pulledSinceMissing === 'unknown' && f.oldCopyExists === 'unknown' && f.patchAnswer === 'not-sent') walk(f, 0);
    expect([...finals].sort()).toEqual(['create', 'delete-copy', 'done', 'move', 'nothing', 'pull-first', 'record-synced', 'recreate', 'skip', 'wait-for-pull']);
  });
});
