'use client';
/**
 * Optimistic task list without flicker. Each change is applied locally at once
 * (an "op" on top of the server's list) and kept until the server's list is seen
 * to contain it (or the change failed), so rows never snap back while the page
 * data refreshes, and keyboard focus stays put.
 */
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import type { TaskView } from '@/server/tasks';
import type { ActionResult } from '../_lib/action-result';
import { applyTaskOp, type TaskOp } from './task-list-state';

export interface Entry {
  key: number;
  op: TaskOp;
  taskId: string;
  /** The task as the server saved it, once the change succeeded. */
  saved?: TaskView;
  settledAt?: number;
}

/** A settled change is dropped this long after it settled even if never seen (someone else changed the task). */
const SETTLED_TTL_MS = 15_000;
let opKeys = 0;

function opTaskId(op: TaskOp): string {
  return op.kind === 'add' ? op.task.id : op.id;
}

/** Whether the server's list already shows the saved change. */
export function isReflected(entry: Entry, server: TaskView[]): boolean {
  const saved = entry.saved;
  if (!saved) return false;
  const current = server.find((t) => t.id === saved.id);
  switch (entry.op.kind) {
    case 'add':
      return current !== undefined;
    case 'remove':
      return current === undefined;
    case 'patch':
      return current !== undefined && current.version >= saved.version;
    case 'reorder':
      return current === undefined || current.position === saved.position;
  }
}

/** Keeps pending changes and settled ones the server list does not show yet. */
export function pruneEntries(entries: Entry[], server: TaskView[], now: number): Entry[] {
  const lastSeen = new Map<string, number>();
  for (const e of entries) if (isReflected(e, server)) lastSeen.set(e.taskId, Math.max(lastSeen.get(e.taskId) ?? 0, e.key));
  return entries.filter((e) => {
    if (!e.saved) return true;
    if (e.key <= (lastSeen.get(e.taskId) ?? -1)) return false;
    return now - (e.settledAt ?? now) < SETTLED_TTL_MS;
  });
}

export function useTaskOps(serverTasks: TaskView[]) {
  const [entries, setEntries] = useState<Entry[]>([]);
  const server = useRef(serverTasks);

  useEffect(() => {
    server.current = serverTasks;
    setEntries((list) => (list.length ? pruneEntries(list, serverTasks, Date.now()) : list));
  }, [serverTasks]);

  const tasks = useMemo(() => entries.reduce((acc, e) => applyTaskOp(acc, e.op), serverTasks), [entries, serverTasks]);

  const run = useCallback(async (op: TaskOp | null, action: () => Promise<ActionResult<TaskView>>) => {
    const key = ++opKeys;
    if (op) setEntries((list) => [...list, { key, op, taskId: opTaskId(op) }]);
    const result = await action();
    setEntries((list) => {
      if (!result.ok) return list.filter((e) => e.key !== key);
      const settled = list.map((e) => {
        if (e.key !== key) return e;
        // Once answered, the server's view of the task stands in for the guess: it holds what
        // the server made of the edit (a reminder's wall time as an instant, a repeat's summary).
        const settledOp: TaskOp =
          e.op.kind === 'add' ? { kind: 'add', task: result.data } : e.op.kind === 'patch' && result.data.id === e.op.id ? { kind: 'patch', id: e.op.id, patch: result.data } : e.op;
        return { ...e, op: settledOp, taskId: result.data.id, saved: result.data, settledAt: Date.now() };
      });
      return pruneEntries(settled, server.current, Date.now());
    });
    return result;
  }, []);

  return { tasks, run };
}
