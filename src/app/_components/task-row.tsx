'use client';
/**
 * One task in a list: a round checkbox, the title (opens the editor), its meta
 * line and sync dot. Keyboard: Enter opens, Alt+↑/↓ moves, Delete deletes.
 */
import type { TaskView, UpdateTaskInput } from '@/server/tasks';
import type { ActionError } from '../_lib/action-result';
import { CheckIcon, GripIcon } from './icons';
import { SyncBadge } from './sync-badge';
import type { ListOption } from '../_lib/list-options';
import { TaskEditor, type SaveState } from './task-editor';
import { TaskMeta } from './task-meta';

export interface TaskRowProps {
  task: TaskView;
  expanded: boolean;
  lists: ListOption[];
  error: ActionError | null;
  saveState: SaveState;
  canMoveUp: boolean;
  canMoveDown: boolean;
  draggable: boolean;
  dropHint: 'before' | 'after' | null;
  onToggleExpanded(): void;
  onSave(patch: UpdateTaskInput): void;
  onMove(step: -1 | 1): void;
  onDelete(): void;
  onDragStart(): void;
  onDragOver(event: React.DragEvent<HTMLLIElement>): void;
  onDrop(event: React.DragEvent<HTMLLIElement>): void;
  onDragEnd(): void;
}

export function TaskRow(props: TaskRowProps) {
  const { task, expanded } = props;
  function onKeyDown(event: React.KeyboardEvent<HTMLLIElement>) {
    const target = event.target as HTMLElement;
    if (target.closest('input, textarea, select')) return;
    if (event.altKey && (event.key === 'ArrowUp' || event.key === 'ArrowDown')) {
      event.preventDefault();
      props.onMove(event.key === 'ArrowUp' ? -1 : 1);
    } else if ((event.key === 'Delete' || event.key === 'Backspace') && !expanded) {
      event.preventDefault();
      props.onDelete();
    }
  }
  const classes = ['task-row', task.completed ? 'done' : '', expanded ? 'expanded' : '', props.dropHint ? `drop-${props.dropHint}` : '']
    .filter(Boolean)
    .join(' ');

  return (
    <li
      className={classes}
      data-task-id={task.id}
      draggable={props.draggable && !expanded}
      onDragStart={(e) => {
        e.dataTransfer.effectAllowed = 'move';
        e.dataTransfer.setData('text/plain', task.id);
        props.onDragStart();
      }}
      onDragOver={props.onDragOver}
      onDrop={props.onDrop}
      onDragEnd={props.onDragEnd}
      onKeyDown={onKeyDown}
    >
      <div className="task-line">
        <span className="grip" aria-hidden="true">
          {props.draggable ? <GripIcon size={14} /> : null}
        </span>
        <label className="check">
          <input
            type="checkbox"
            checked={task.completed}
            onChange={(e) => props.onSave({ completed: e.target.checked })}
            aria-label={`${task.completed ? 'Reopen' : 'Complete'} “${task.title}”`}
          />
          <span className="check-box" aria-hidden="true">
            <CheckIcon size={12} />
          </span>
        </label>
        <button type="button" className="task-title" aria-expanded={expanded} onClick={props.onToggleExpanded}>
          <span className="task-title-text">{task.title}</span>
          <TaskMeta task={task} />
        </button>
        {task.sync ? <SyncBadge sync={task.sync} /> : null}
      </div>
      {expanded ? (
        <TaskEditor
          task={task}
          lists={props.lists}
          error={props.error}
          saveState={props.saveState}
          canMoveUp={props.canMoveUp}
          canMoveDown={props.canMoveDown}
          onSave={props.onSave}
          onMove={props.onMove}
          onDelete={props.onDelete}
          onClose={props.onToggleExpanded}
        />
      ) : null}
    </li>
  );
}
