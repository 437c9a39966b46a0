'use client';
/** The small line under a task title: due date, priority, notes marker. */
import type { TaskView } from '@/server/tasks';
import { describeDueDate } from '../_lib/format';
import { useLocale } from '../_lib/locale';
import { CalendarIcon, FlagIcon, NotesIcon } from './icons';

export function TaskMeta({ task }: { task: TaskView }) {
  const locale = useLocale();
  const due = task.due_date ? describeDueDate(task.due_date, undefined, locale) : null;
  if (!due && task.priority === 'normal' && !task.notes) return null;
  return (
    <span className="task-meta">
      {due ? (
        <span className={`chip due ${task.completed ? '' : due.tone}`} suppressHydrationWarning>
          <CalendarIcon size={13} />
          <span className="sr-only">Due </span>
          {due.label}
        </span>
      ) : null}
      {task.priority !== 'normal' ? (
        <span className={`chip priority ${task.priority}`}>
          <FlagIcon size={13} />
          {task.priority === 'high' ? 'High' : 'Low'}
          <span className="sr-only"> priority</span>
        </span>
      ) : null}
      {task.notes ? (
        <span className="chip notes" title={task.notes.slice(0, 200)}>
          <NotesIcon size={13} />
          <span className="sr-only">Has notes</span>
        </span>
      ) : null}
    </span>
  );
}
