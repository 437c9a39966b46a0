import { describe, expect, it } from 'vitest';
import { decideMerge, decideOtherCopy, decidePulledTask, MERGE_TABLE, OTHER_COPY_TABLE, PULLED_TASK_TABLE, type MergeFacts, type OtherCopyFacts, type PulledTaskFacts } from './pulled-task';

/** A present item linked to a live task of an open project, mapped as this copy: the common case. */
const linked: PulledTaskFacts = {
  remote: 'present',
  link: 'linked',
  task: 'live',
  projectOpen: true,
  state: 'this-copy',
  interruptedPush: false,
  threeWay: 'update',
  editedAfterDelete: false,
  movedInTodo: false,
  copiedInTodo: false,
};
const removedLinked: PulledTaskFacts = { ...linked, remote: 'removed', threeWay: 'delete-local' };

/** One case per row: the facts and the row that must decide them. */
const ROW_CASES: [string, PulledTaskFacts, string][] = [
  ['pull.new', { ...linked, link: 'none' }, 'create-local'],
  ['pull.new-in-closed-project', { ...linked, link: 'none', projectOpen: false }, 'skip'],
  ['pull.stale-copy', { ...linked, link: 'stale', task: 'missing', state: 'none', threeWay: 'nothing' }, 'skip'],
  ['pull.removed-unknown', { ...removedLinked, link: 'none' }, 'skip'],
  ['pull.task-row-gone', { ...linked, task: 'missing' }, 'delete-remote'],
  ['pull.removed.task-row-gone', { ...removedLinked, task: 'missing' }, 'forget'],
  ['pull.closed-project', { ...removedLinked, projectOpen: false }, 'skip'],
  ['pull.unrecorded-copy.edited-after-delete', { ...linked, task: 'deleted', state: 'none', editedAfterDelete: true }, 'restore-in-planner'],
  ['pull.unrecorded-copy.of-deleted-task', { ...linked, task: 'deleted', state: 'none' }, 'delete-remote'],
  ['pull.interrupted-push.copy', { ...linked, state: 'other-copy', interruptedPush: true }, 'finish-push'],
  ['pull.interrupted-push.copy-of-deleted-task', { ...linked, task: 'deleted', state: 'other-copy', interruptedPush: true, threeWay: 'delete-remote' }, 'delete-remote'],
  ['pull.interrupted-push.edited-copy-of-deleted-task', { ...linked, task: 'deleted', state: 'other-copy', interruptedPush: true, threeWay: 'create-local' }, 'restore-in-planner'],
  ['pull.removed.interrupted-move', { ...removedLinked, interruptedPush: true }, 'finish-push'],
  ['pull.copied-in-todo', { ...linked, state: 'other-copy', copiedInTodo: true }, 'create-local'],
  ['pull.move-beats-delete.planner-deleted', { ...linked, task: 'deleted', state: 'other-copy', movedInTodo: true, threeWay: 'delete-remote' }, 'restore-in-planner'],
  ['pull.edit-beats-delete.planner-deleted', { ...linked, task: 'deleted', threeWay: 'create-local' }, 'restore-in-planner'],
  ['pull.delete.planner-deleted', { ...linked, task: 'deleted', threeWay: 'delete-remote' }, 'delete-remote'],
  ['pull.merge', linked, 'merge-fields'],
  ['pull.removed.unchanged-in-planner', removedLinked, 'delete-local'],
  ['pull.edit-beats-delete.todo-deleted', { ...removedLinked, threeWay: 'create-remote' }, 'recreate'],
  ['pull.removed.deleted-both', { ...removedLinked, task: 'deleted', threeWay: 'forget' }, 'forget'],
  ['pull.removed.never-synced', { ...removedLinked, task: 'deleted', threeWay: 'nothing' }, 'skip'],
];

describe('the pull table (src/sync/plan/pulled-task.ts)', () => {
  it.each(ROW_CASES)('%s', (rowId, facts, action) => {
    expect(decidePulledTask(facts)).toMatchObject({ rowId, action });
  });

  it('has a case above for every row', () => {
    expect(ROW_CASES.map(([id]) => id).sort()).toEqual(PULLED_TASK_TABLE.map((r) => r.id).sort());
  });

  it('a present item found by externalId with no sync state merges (a task moved in Outlook keeps its identity)', () => {
    expect(decidePulledTask({ ...linked, state: 'none', threeWay: 'update' }).action).toBe('merge-fields');
  });

  it('another copy without an interrupted push merges into the task (a copy moved in Outlook is relinked)', () => {
    expect(decidePulledTask({ ...linked, state: 'other-copy' }).action).toBe('merge-fields');
  });
});

const quiet: MergeFacts = { fieldsToApply: false, fieldsToPush: false, location: 'stay', sameCopy: true, baseUnchanged: true };

describe('the merge table', () => {
  it('merge.echo: nothing changed against the base → nothing written', () => {
    expect(decideMerge(quiet)).toMatchObject({ rowId: 'merge.echo', action: 'keep', writeRow: false, pushBack: false });
  });

  it.each<[string, Partial<MergeFacts>, { writeRow: boolean; pushBack: boolean }]>([
    ['To Do changed a field', { fieldsToApply: true }, { writeRow: true, pushBack: false }],
    ['Planner changed a field', { fieldsToPush: true }, { writeRow: false, pushBack: true }],
    ['moved in To Do', { location: 'move-local' }, { writeRow: true, pushBack: false }],
    ['moved in Planner', { location: 'move-remote' }, { writeRow: false, pushBack: true }],
    ['a copy found by externalId (relink)', { sameCopy: false }, { writeRow: false, pushBack: false }],
    ['equal values but a new base', { baseUnchanged: false }, { writeRow: false, pushBack: false }],
  ])('merge.write: %s', (_, change, expected) => {
    expect(decideMerge({ ...quiet, ...change })).toMatchObject({ rowId: 'merge.write', action: 'write', ...expected });
  });

  it('has two rows', () => {
    expect(MERGE_TABLE.map((r) => r.id)).toEqual(['merge.echo', 'merge.write']);
  });
});

describe('the other-copy table: what a second copy carrying our link is', () => {
  const beside: OtherCopyFacts = { sameList: true, repeats: false, completed: false, mappedCopyGone: false };
  const CASES: [string, OtherCopyFacts, string][] = [
    // hostile soak seed 1796668286 run 313: the occurrence is read before the list the task moved to
    ['other-copy.occurrence-beside', { ...beside, repeats: true, completed: true, mappedCopyGone: true }, 'copied'],
    ['other-copy.split-beside', { ...beside, repeats: true }, 'copied'],
    // hostile soak seed 1796665942 run 74: moved out to "Tasks", recreated by a Planner edit, moved back
    ['other-copy.returned-beside', beside, 'returned'],
    ['other-copy.replaced-in-list', { ...beside, mappedCopyGone: true }, 'replaced'],
    // hostile soak seed 1796666504 run 199
    ['other-copy.occurrence-left-behind', { ...beside, sameList: false, repeats: true, completed: true }, 'copied'],
    ['other-copy.moved', { ...beside, sameList: false }, 'moved'],
  ];

  it.each(CASES)('%s', (rowId, facts, action) => {
    expect(decideOtherCopy(facts)).toMatchObject({ rowId, action });
  });

  it('has a case above for every row', () => {
    expect(CASES.map(([id]) => id).sort()).toEqual(OTHER_COPY_TABLE.map((r) => r.id).sort());
  });

  it('a completed occurrence beside the mapped copy is a copy whether or not the mapped copy is gone', () => {
    for (const mappedCopyGone of [true, false]) expect(decideOtherCopy({ sameList: true, repeats: true, completed: true, mappedCopyGone }).action).toBe('copied');
  });

  it('a completed repeating task moved to another list while its mapped copy is gone is the task, moved', () => {
    expect(decideOtherCopy({ sameList: false, repeats: true, completed: true, mappedCopyGone: true }).action).toBe('moved');
  });

  it('a copy that does not repeat is never taken for a copy To Do made: it is the task, or it returned', () => {
    for (const f of [true, false].flatMap((sameList) => [true, false].flatMap((completed) => [true, false].map((mappedCopyGone) => ({ sameList, repeats: false, completed, mappedCopyGone }))))) {
      expect(decideOtherCopy(f).action).not.toBe('copied');
    }
  });
});
