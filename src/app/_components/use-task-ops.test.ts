import { describe, expect, it } from 'vitest';
import type { TaskView } from '@/server/tasks';
import { pruneEntries, type Entry } from './use-task-ops';
import { NO_TASK_DETAILS } from '../_lib/task-details';

function task(id: string, over: Partial<TaskView> = {}): TaskView {
  return {
    id,
    project_id: null,
    title: id,
    notes: '',
    due_date: null,
    priority: 'normal',
    completed: false,
    ...NO_TASK_DETAILS,
    completed_at: null,
    position: 1,
    version: 1,
    created_at: '2025-01-01T00:00:00.000Z',
    updated_at: '2025-01-01T00:00:00.000Z',
    ...over,
  };
}

const NOW = 1_000_000;

describe('pruneEntries', () => {
  it('keeps pending changes and settled ones the server does not show yet', () => {
    const pending: Entry = { key: 1, op: { kind: 'remove', id: 'a' }, taskId: 'a' };
    const unseen: Entry = { key: 2, op: { kind: 'patch', id: 'b', patch: { title: 'B2' } }, taskId: 'b', saved: task('b', { version: 2 }), settledAt: NOW };
    expect(pruneEntries([pending, unseen], [task('a'), task('b')], NOW)).toEqual([pending, unseen]);
  });

  it('drops settled changes once the server list shows them, and older ones of the same task', () => {
    const older: Entry = { key: 1, op: { kind: 'reorder', id: 'b', afterId: null }, taskId: 'b', saved: task('b', { position: 0.5 }), settledAt: NOW };
    const patch: Entry = { key: 2, op: { kind: 'patch', id: 'b', patch: { title: 'B2' } }, taskId: 'b', saved: task('b', { version: 2 }), settledAt: NOW };
    const added: Entry = { key: 3, op: { kind: 'add', task: task('c') }, taskId: 'c', saved: task('c'), settledAt: NOW };
    const removed: Entry = { key: 4, op: { kind: 'remove', id: 'a' }, taskId: 'a', saved: task('a'), settledAt: NOW };
    expect(pruneEntries([older, patch, added, removed], [task('b', { version: 2, position: 9 }), task('c')], NOW)).toEqual([]);
  });

  it('forgets settled changes the server never shows after a while', () => {
    const stale: Entry = { key: 1, op: { kind: 'patch', id: 'b', patch: {} }, taskId: 'b', saved: task('b', { version: 5 }), settledAt: NOW - 20_000 };
    expect(pruneEntries([stale], [task('b')], NOW)).toEqual([]);
  });
});
