import { describe, expect, it } from 'vitest';
import { decideDoomedListTask, decideListGone, decideNewList } from './lists';

describe('the list tables (src/sync/plan/lists.ts)', () => {
  it.each([
    ['list-gone.default', { isDefault: true, projectOpen: false, origin: 'planner' }, 'reprovision'],
    ['list-gone.open-project', { isDefault: false, projectOpen: true, origin: 'planner' }, 'reprovision'],
    ['list-gone.todo-project', { isDefault: false, projectOpen: true, origin: 'todo' }, 'close-project'],
    ['list-gone.closed-project', { isDefault: false, projectOpen: false, origin: 'todo' }, 'archive'],
  ] as const)('%s', (rowId, facts, action) => {
    expect(decideListGone(facts)).toMatchObject({ rowId, action });
  });

  const fresh = { known: false, builtIn: false, listsBecomeProjects: true, nameTaken: false };
  it.each([
    ['list-new.known', { ...fresh, known: true }, 'skip'],
    ['list-new.built-in', { ...fresh, builtIn: true }, 'skip'],
    ['list-new.setting-off', { ...fresh, listsBecomeProjects: false }, 'leave-out'],
    ['list-new.name-taken', { ...fresh, nameTaken: true }, 'leave-out'],
    ['list-new.adopt', fresh, 'adopt-as-project'],
  ] as const)('%s', (rowId, facts, action) => {
    expect(decideNewList(facts)).toMatchObject({ rowId, action });
  });

  it('project-delete.rescue: a task moved into a deleted project\'s list in Outlook is rescued', () => {
    expect(decideDoomedListTask({ task: 'live-elsewhere' })).toMatchObject({ rowId: 'project-delete.rescue', action: 'rescue' });
  });

  it('project-delete.unseen-in-todo: a task To Do made in a deleted project\'s list, never pulled, is rescued to the Inbox', () => {
    expect(decideDoomedListTask({ task: 'unseen-in-todo' })).toMatchObject({ rowId: 'project-delete.unseen-in-todo', action: 'rescue-to-inbox' });
  });

  it('project-delete.orphan-copy: a copy whose task went with the project is deleted', () => {
    expect(decideDoomedListTask({ task: 'gone' })).toMatchObject({ rowId: 'project-delete.orphan-copy', action: 'delete-copy' });
  });
});
