'use client';
/**
 * A list of tasks (the Inbox or one project): quick add, open/completed filter,
 * inline editing, reorder (Alt+↑/↓, buttons or drag), move, complete and delete
 * with undo. Changes show at once (optimistic) and go to the JSON API; the server's
 * answer re-renders the page data without a full reload. The list's counts are
 * published for the sidebar and header (list-counts.tsx), so they match the rows.
 */
import { useCallback, useEffect, useState } from 'react';
import type { TaskView, UpdateTaskInput } from '@/server/tasks';
import type { ActionError, ActionResult } from '../_lib/action-result';
import { api } from '../_lib/api-client';
import { useRefreshSoon } from '../_lib/use-refresh-soon';
import type { ListOption } from '../_lib/list-options';
import { afterIdForDrop, afterIdForStep, filterTasks, narrowTasks, NO_DETAIL_FILTER, type DetailFilter, type TaskFilter, type TaskOp } from './task-list-state';
import { DetailFilters } from './detail-filters';
import { localToday } from '../_lib/format';
import { useTaskOps } from './use-task-ops';
import { INBOX_KEY, usePublishListCounts } from './list-counts';
import { QuickAdd } from './quick-add';
import { SyncLegend } from './sync-badge';
import type { SaveState } from './task-editor';
import { TaskRow } from './task-row';
import { UndoToast, type Toast } from './undo-toast';
import { NO_TASK_DETAILS } from '../_lib/task-details';

interface Props {
  tasks: TaskView[];
  list: { projectId: string | null; name: string };
  lists: ListOption[];
}

const FILTERS: { value: TaskFilter; label: string }[] = [
  { value: 'open', label: 'Open' },
  { value: 'completed', label: 'Completed' },
  { value: 'all', label: 'All' },
];

let toastIds = 0;

function emptyMessage(filter: TaskFilter, listName: string): string {
  if (filter === 'completed') return 'Nothing completed here yet.';
  if (filter === 'all') return `${listName} is empty. Add a task above.`;
  return listName === 'Inbox' ? 'All clear. Type a task above and press Enter; keep typing to add the next.' : 'No open tasks. Add one above.';
}

export function TaskBoard({ tasks, list, lists }: Props) {
  const { tasks: optimistic, run } = useTaskOps(tasks);
  const refreshSoon = useRefreshSoon();
  const [filter, setFilter] = useState<TaskFilter>('open');
  const [detail, setDetail] = useState<DetailFilter>(NO_DETAIL_FILTER);
  const [expandedId, setExpandedId] = useState<string | null>(null);
  const [errors, setErrors] = useState<{ add: string | null; task: { id: string; error: ActionError } | null }>({ add: null, task: null });
  const [toast, setToast] = useState<Toast | null>(null);
  const [dragId, setDragId] = useState<string | null>(null);
  const [drop, setDrop] = useState<{ id: string; where: 'before' | 'after' } | null>(null);
  const [focusId, setFocusId] = useState<string | null>(null);
  const [saveState, setSaveState] = useState<{ id: string; state: SaveState } | null>(null);

  const visible = narrowTasks(filterTasks(optimistic, filter), detail, localToday());
  const visibleOpen = visible.filter((t) => !t.completed);
  const openCount = optimistic.filter((t) => !t.completed).length;
  const doneCount = optimistic.length - openCount;
  usePublishListCounts(list.projectId ?? INBOX_KEY, openCount, optimistic.length);
  const dismissToast = useCallback(() => setToast(null), []);

  useEffect(() => {
    if (!focusId) return;
    document.querySelector<HTMLElement>(`[data-task-id="${focusId}"] .task-title`)?.focus();
    setFocusId(null);
  }, [focusId, optimistic]);

  function mutate(id: string, op: TaskOp | null, action: () => Promise<ActionResult<TaskView>>, onOk?: (task: TaskView) => void) {
    void run(op, action).then((result) => {
      if (!result.ok) {
        setSaveState((s) => (s?.id === id ? null : s));
        setErrors((e) => ({ ...e, task: { id, error: result.error } }));
        if (!result.error.field) setToast({ id: ++toastIds, message: result.error.message });
        return;
      }
      setErrors((e) => (e.task?.id === id ? { ...e, task: null } : e));
      refreshSoon();
      onOk?.(result.data);
    });
  }

  async function addTask(title: string): Promise<boolean> {
    const now = new Date().toISOString();
    const placeholder: TaskView = {
      id: `temp-${Date.now()}`,
      project_id: list.projectId,
      title: title.trim(),
      notes: '',
      due_date: null,
      priority: 'normal',
      completed: false,
      ...NO_TASK_DETAILS,
      completed_at: null,
      position: Number.MAX_SAFE_INTEGER,
      version: 1,
      created_at: now,
      updated_at: now,
    };
    const op: TaskOp | null = title.trim() ? { kind: 'add', task: placeholder } : null;
    const result = await run(op, () => api.createTask({ title, project_id: list.projectId }));
    setErrors((e) => ({ ...e, add: result.ok ? null : result.error.message }));
    if (result.ok) refreshSoon();
    if (result.ok && filter === 'completed') setFilter('open');
    return result.ok;
  }

  function save(task: TaskView, patch: UpdateTaskInput) {
    const moving = patch.project_id !== undefined && patch.project_id !== task.project_id;
    const completing = patch.completed === true && !task.completed;
    const op: TaskOp = moving ? { kind: 'remove', id: task.id } : { kind: 'patch', id: task.id, patch: patch as Partial<TaskView> };
    setSaveState({ id: task.id, state: 'saving' });
    mutate(task.id, op, () => api.updateTask(task.id, patch), () => {
      setSaveState((s) => (s?.id === task.id ? { id: task.id, state: 'saved' } : s));
      if (completing) {
        setToast({
          id: ++toastIds,
          message: `Completed “${task.title}”`,
          undo: () => reopen(task),
        });
      }
      if (!moving) return;
      const target = lists.find((l) => l.id === (patch.project_id ?? null));
      setExpandedId(null);
      setToast({
        id: ++toastIds,
        message: `Moved to ${target?.name ?? 'another list'}`,
        undo: () => mutate(task.id, null, () => api.updateTask(task.id, { project_id: task.project_id })),
      });
    });
  }

  /** Undo of a completion: open again, back in its place (positions do not change on completion). */
  function reopen(task: TaskView) {
    mutate(task.id, { kind: 'patch', id: task.id, patch: { completed: false, completed_at: null } }, () => api.updateTask(task.id, { completed: false }));
  }

  function remove(task: TaskView) {
    setExpandedId(null);
    mutate(task.id, { kind: 'remove', id: task.id }, () => api.deleteTask(task.id), () =>
      setToast({
        id: ++toastIds,
        message: `Deleted “${task.title}”`,
        undo: () => mutate(task.id, { kind: 'add', task }, () => api.restoreTask(task.id)),
      }),
    );
  }

  function reorder(task: TaskView, afterId: string | null | undefined) {
    if (afterId === undefined || task.completed) return;
    setFocusId(task.id);
    mutate(task.id, { kind: 'reorder', id: task.id, afterId }, () => api.reorderTask(task.id, afterId));
  }

  function dragOver(task: TaskView, event: React.DragEvent<HTMLLIElement>) {
    if (!dragId || task.completed) return;
    event.preventDefault();
    const box = event.currentTarget.getBoundingClientRect();
    setDrop({ id: task.id, where: event.clientY > box.top + box.height / 2 ? 'after' : 'before' });
  }

  function dropOn(task: TaskView) {
    const moving = optimistic.find((t) => t.id === dragId);
    if (moving && drop && drop.id === task.id) {
      reorder(moving, drop.where === 'after' ? (task.id === moving.id ? undefined : task.id) : afterIdForDrop(visibleOpen, moving.id, task.id));
    }
    setDragId(null);
    setDrop(null);
  }

  return (
    <section className="board" aria-label={`${list.name} tasks`}>
      <QuickAdd listName={list.name} error={errors.add} onAdd={addTask} />
      <div className="filters" role="group" aria-label="Show tasks">
        {FILTERS.map((f) => (
          <button key={f.value} type="button" className={`filter${filter === f.value ? ' active' : ''}`} aria-pressed={filter === f.value} onClick={() => setFilter(f.value)}>
            {f.label}
            <span className="filter-count">{f.value === 'open' ? openCount : f.value === 'completed' ? doneCount : optimistic.length}</span>
          </button>
        ))}
      </div>
      <DetailFilters tasks={optimistic} value={detail} onChange={setDetail} />
      {visible.length === 0 ? (
        <p className="empty">{emptyMessage(filter, list.name)}</p>
      ) : (
        <ul className="task-list" role="list" aria-label={`${list.name}: ${FILTERS.find((f) => f.value === filter)!.label.toLowerCase()} tasks`}>
          {visible.map((task) => (
            <TaskRow
              key={task.id}
              task={task}
              expanded={expandedId === task.id}
              lists={lists}
              error={errors.task?.id === task.id ? errors.task.error : null}
              saveState={saveState?.id === task.id ? saveState.state : null}
              canMoveUp={afterIdForStep(visibleOpen, task.id, -1) !== undefined}
              canMoveDown={afterIdForStep(visibleOpen, task.id, 1) !== undefined}
              draggable={!task.completed && !task.id.startsWith('temp-')}
              dropHint={drop?.id === task.id && dragId !== task.id ? drop.where : null}
              onToggleExpanded={() => {
                setSaveState(null);
                setExpandedId(expandedId === task.id ? null : task.id);
              }}
              onSave={(patch) => save(task, patch)}
              onMove={(step) => reorder(task, afterIdForStep(visibleOpen, task.id, step))}
              onDelete={() => remove(task)}
              onDragStart={() => setDragId(task.id)}
              onDragOver={(e) => dragOver(task, e)}
              onDrop={() => dropOn(task)}
              onDragEnd={() => {
                setDragId(null);
                setDrop(null);
              }}
            />
          ))}
        </ul>
      )}
      {optimistic.some((t) => t.sync) ? <SyncLegend /> : null}
      <p className="shortcuts" aria-hidden="true">
        <kbd>Enter</kbd> add · <kbd>Alt</kbd>+<kbd>↑</kbd>/<kbd>↓</kbd> reorder · <kbd>Del</kbd> delete · <kbd>Ctrl</kbd>+<kbd>Z</kbd> undo
      </p>
      <UndoToast toast={toast} onDismiss={dismissToast} />
    </section>
  );
}
