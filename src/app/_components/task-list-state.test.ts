import { describe, expect, it } from 'vitest';
import type { TaskView } from '@/server/tasks';
import { afterIdForDrop, afterIdForStep, applyTaskOp, filterTasks, narrowTasks, NO_DETAIL_FILTER, tagsIn } from './task-list-state';
import { NO_TASK_DETAILS } from '../_lib/task-details';

function task(id: string, position: number, completed = false): TaskView {
  return {
    id,
    project_id: null,
    title: id,
    notes: '',
    due_date: null,
    priority: 'normal',
    completed,
    ...NO_TASK_DETAILS,
    completed_at: completed ? `2025-01-0${position}T00:00:00.000Z` : null,
    position,
    version: 1,
    created_at: '2025-01-01T00:00:00.000Z',
    updated_at: '2025-01-01T00:00:00.000Z',
  };
}

const list = [task('a', 1), task('b', 2), task('c', 3), task('d', 4, true)];
const ids = (tasks: TaskView[]) => tasks.map((t) => t.id);

describe('task list state', () => {
  it('filters open, completed and all (open first)', () => {
    expect(ids(filterTasks(list, 'open'))).toEqual(['a', 'b', 'c']);
    expect(ids(filterTasks(list, 'completed'))).toEqual(['d']);
    expect(ids(filterTasks(list, 'all'))).toEqual(['a', 'b', 'c', 'd']);
  });

  it('computes after_id for one step up or down', () => {
    const open = filterTasks(list, 'open');
    expect(afterIdForStep(open, 'b', -1)).toBeNull();
    expect(afterIdForStep(open, 'c', -1)).toBe('a');
    expect(afterIdForStep(open, 'a', 1)).toBe('b');
    expect(afterIdForStep(open, 'a', -1)).toBeUndefined();
    expect(afterIdForStep(open, 'c', 1)).toBeUndefined();
  });

  it('computes after_id for a drop before another task', () => {
    const open = filterTasks(list, 'open');
    expect(afterIdForDrop(open, 'c', 'a')).toBeNull();
    expect(afterIdForDrop(open, 'a', 'c')).toBe('b');
    expect(afterIdForDrop(open, 'a', 'a')).toBeUndefined();
  });

  it('applies optimistic reorder, patch, add and remove', () => {
    expect(ids(filterTasks(applyTaskOp(list, { kind: 'reorder', id: 'c', afterId: null }), 'open'))).toEqual(['c', 'a', 'b']);
    expect(ids(filterTasks(applyTaskOp(list, { kind: 'reorder', id: 'a', afterId: 'b' }), 'open'))).toEqual(['b', 'a', 'c']);
    expect(ids(filterTasks(applyTaskOp(list, { kind: 'patch', id: 'a', patch: { completed: true } }), 'open'))).toEqual(['b', 'c']);
    expect(ids(applyTaskOp(list, { kind: 'remove', id: 'b' }))).toEqual(['a', 'c', 'd']);
    expect(ids(applyTaskOp(list, { kind: 'add', task: task('e', 5) }))).toContain('e');
  });
});

describe('narrowTasks (tags, open status, started)', () => {
  const tagged = (id: string, over: Partial<TaskView>) => ({ ...task(id, 1), ...over });
  const tasks = [
    tagged('a', { categories: ['Home'], status: 'inProgress' }),
    tagged('b', { categories: ['Work', 'Home'], start_date: '2026-04-01' }),
    tagged('c', { start_date: '2026-03-01' }),
  ];
  it('keeps what matches every filter set', () => {
    expect(narrowTasks(tasks, NO_DETAIL_FILTER, '2026-03-15').map((t) => t.id)).toEqual(['a', 'b', 'c']);
    expect(narrowTasks(tasks, { ...NO_DETAIL_FILTER, tag: 'Home' }, '2026-03-15').map((t) => t.id)).toEqual(['a', 'b']);
    expect(narrowTasks(tasks, { ...NO_DETAIL_FILTER, status: 'inProgress' }, '2026-03-15').map((t) => t.id)).toEqual(['a']);
    expect(narrowTasks(tasks, { ...NO_DETAIL_FILTER, tag: 'Home', startedOnly: true }, '2026-03-15').map((t) => t.id)).toEqual(['a']);
    expect(tagsIn(tasks)).toEqual(['Home', 'Work']);
  });
});
