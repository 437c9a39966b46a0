/** Pure helpers for the task list UI: optimistic updates, filtering, reorder targets. */
import type { TaskView } from '@/server/tasks';

export type TaskFilter = 'open' | 'completed' | 'all';

export type TaskOp =
  | { kind: 'add'; task: TaskView }
  | { kind: 'patch'; id: string; patch: Partial<TaskView> }
  | { kind: 'remove'; id: string }
  | { kind: 'reorder'; id: string; afterId: string | null };

/** Open tasks by position, then completed ones (most recently completed first). */
export function sortTasks(tasks: TaskView[]): TaskView[] {
  const open = tasks.filter((t) => !t.completed).sort((a, b) => a.position - b.position);
  const done = tasks
    .filter((t) => t.completed)
    .sort((a, b) => (b.completed_at ?? '').localeCompare(a.completed_at ?? '') || a.position - b.position);
  return [...open, ...done];
}

export function applyTaskOp(tasks: TaskView[], op: TaskOp): TaskView[] {
  switch (op.kind) {
    case 'add':
      return [...tasks.filter((t) => t.id !== op.task.id), op.task];
    case 'patch':
      return tasks.map((t) => (t.id === op.id ? { ...t, ...op.patch } : t));
    case 'remove':
      return tasks.filter((t) => t.id !== op.id);
    case 'reorder': {
      const byPosition = [...tasks].sort((a, b) => a.position - b.position);
      const moving = byPosition.find((t) => t.id === op.id);
      if (!moving) return tasks;
      const rest = byPosition.filter((t) => t.id !== op.id);
      const index = op.afterId === null ? 0 : rest.findIndex((t) => t.id === op.afterId) + 1;
      rest.splice(index, 0, moving);
      return rest.map((t, i) => ({ ...t, position: i + 1 }));
    }
  }
}

export function filterTasks(tasks: TaskView[], filter: TaskFilter): TaskView[] {
  const sorted = sortTasks(tasks);
  if (filter === 'all') return sorted;
  return sorted.filter((t) => t.completed === (filter === 'completed'));
}

/** Narrowing by the details of issue 16: a tag, an open status, only tasks that have started. */
export interface DetailFilter {
  tag: string | null;
  status: TaskView['status'] | null;
  /** Hide tasks whose start date is after `today`. */
  startedOnly: boolean;
}

export const NO_DETAIL_FILTER: DetailFilter = { tag: null, status: null, startedOnly: false };

export function narrowTasks(tasks: TaskView[], filter: DetailFilter, today: string): TaskView[] {
  return tasks.filter(
    (t) =>
      (filter.tag === null || t.categories.includes(filter.tag)) &&
      (filter.status === null || t.status === filter.status) &&
      (!filter.startedOnly || t.start_date === null || t.start_date <= today),
  );
}

/** The tags used in a list, by name: what the tag filter offers. */
export function tagsIn(tasks: TaskView[]): string[] {
  return [...new Set(tasks.flatMap((t) => t.categories))].sort((a, b) => a.localeCompare(b));
}

/**
 * The after_id that moves `id` one step up or down among the visible open tasks,
 * or undefined when it cannot move that way.
 */
export function afterIdForStep(visibleOpen: TaskView[], id: string, step: -1 | 1): string | null | undefined {
  const index = visibleOpen.findIndex((t) => t.id === id);
  if (index === -1) return undefined;
  const target = index + step;
  if (target < 0 || target >= visibleOpen.length) return undefined;
  if (step === 1) return visibleOpen[target].id;
  return target === 0 ? null : visibleOpen[target - 1].id;
}

/** The after_id that drops `id` just before `beforeId` in the visible open order. */
export function afterIdForDrop(visibleOpen: TaskView[], id: string, beforeId: string): string | null | undefined {
  if (id === beforeId) return undefined;
  const rest = visibleOpen.filter((t) => t.id !== id);
  const index = rest.findIndex((t) => t.id === beforeId);
  if (index === -1) return undefined;
  return index === 0 ? null : rest[index - 1].id;
}
