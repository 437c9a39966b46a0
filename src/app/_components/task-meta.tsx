'use client';
/** The small line under a task title: due date, repeat, reminder, status, steps, tags, priority, notes marker. */
import type { TaskView } from '@/server/tasks';
import { describeDueDate, formatDateTime } from '../_lib/format';
import { useLocale } from '../_lib/locale';
import { useTimeZone } from '../_lib/time-zone';
import { BellIcon, CalendarIcon, FlagIcon, NotesIcon, RepeatIcon, StepsIcon, TagIcon } from './icons';
import { STATUS_OPTIONS } from './task-details-fields';

export function TaskMeta({ task }: { task: TaskView }) {
  const locale = useLocale();
  const zone = useTimeZone();
  const due = task.due_date ? describeDueDate(task.due_date, undefined, locale) : null;
  const status = task.status !== 'notStarted' && !task.completed ? STATUS_OPTIONS.find((o) => o.value === task.status)?.label : null;
  const details = task.recurrence_summary || task.reminder_at || status || task.steps.length || task.categories.length;
  if (!due && task.priority === 'normal' && !task.notes && !details) return null;
  return (
    <span className="task-meta">
      {status ? <span className={`chip status ${task.status}`}>{status}</span> : null}
      {due ? (
        <span className={`chip due ${task.completed ? '' : due.tone}`} suppressHydrationWarning>
          <CalendarIcon size={13} />
          <span className="sr-only">Due </span>
          {due.label}
        </span>
      ) : null}
      {task.recurrence_summary ? (
        <span className="chip repeat" title={task.recurrence_summary}>
          <RepeatIcon size={13} />
          <span className="sr-only">Repeats: {task.recurrence_summary}</span>
        </span>
      ) : null}
      {task.reminder_at ? (
        <span className="chip reminder" suppressHydrationWarning>
          <BellIcon size={13} />
          <span className="sr-only">Reminder </span>
          {formatDateTime(task.reminder_at, locale, zone)}
        </span>
      ) : null}
      {task.steps.length ? (
        <span className="chip steps">
          <StepsIcon size={13} />
          {task.steps.filter((s) => s.checked).length}/{task.steps.length}
          <span className="sr-only"> steps done</span>
        </span>
      ) : null}
      {task.categories.map((tag) => (
        <span key={tag} className="chip tag-chip">
          <TagIcon size={12} />
          {tag}
        </span>
      ))}
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
