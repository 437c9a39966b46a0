'use client';
/**
 * Inline editor of one task. Text fields save when they lose focus (or on Enter
 * for the title); date, priority and list save as soon as they change. A status
 * beside the buttons says "Saving…" and then "Saved" once the server has it.
 */
import { useState } from 'react';
import type { TaskView, UpdateTaskInput } from '@/server/tasks';
import { TASK_TITLE_MAX } from '@/server/tasks/limits';
import type { ActionError } from '../_lib/action-result';
import type { ListOption } from '../_lib/list-options';
import { localToday } from '../_lib/format';
import { DateField } from './date-field';
import { ReminderField, RepeatField, StartDateField, StatusField, StepsEditor, TagsField } from './task-details-fields';
import { ArrowDownIcon, ArrowUpIcon, CheckIcon, TrashIcon } from './icons';

export type { ListOption };

export type SaveState = 'saving' | 'saved' | null;

interface Props {
  task: TaskView;
  lists: ListOption[];
  error: ActionError | null;
  saveState: SaveState;
  canMoveUp: boolean;
  canMoveDown: boolean;
  onSave(patch: UpdateTaskInput): void;
  onMove(step: -1 | 1): void;
  onDelete(): void;
  onClose(): void;
}

const PRIORITY_OPTIONS = [
  { value: 'low', label: 'Low' },
  { value: 'normal', label: 'Normal' },
  { value: 'high', label: 'High' },
] as const;

function FieldError({ error, field, id }: { error: ActionError | null; field: string; id: string }) {
  if (!error || error.field !== field) return null;
  return (
    <p className="field-error" id={id} role="alert">
      {error.message}
    </p>
  );
}

export function TaskEditor({ task, lists, error, saveState, canMoveUp, canMoveDown, onSave, onMove, onDelete, onClose }: Props) {
  const [title, setTitle] = useState(task.title);
  const [notes, setNotes] = useState(task.notes);
  const base = `task-${task.id}`;
  const saveTitle = () => {
    if (title !== task.title) onSave({ title });
  };
  const otherError = error && !['title', 'notes', 'due_date', 'priority', 'project_id'].includes(error.field ?? '') ? error : null;
  // Steps, status, start date, tags, reminder and repeat (issue 16) save like the pickers above.

  return (
    <div
      className="task-editor"
      onKeyDown={(e) => {
        if (e.key === 'Escape') {
          e.stopPropagation();
          saveTitle();
          onClose();
        }
      }}
    >
      <div className="field">
        <div className="field-label-row">
          <label className="field-label" htmlFor={`${base}-title`}>
            Title
          </label>
          <span className={`char-count${title.length >= TASK_TITLE_MAX ? ' full' : ''}`} id={`${base}-title-count`}>
            {title.length}/{TASK_TITLE_MAX}
          </span>
        </div>
        <input
          id={`${base}-title`}
          className="input"
          value={title}
          maxLength={TASK_TITLE_MAX}
          aria-invalid={error?.field === 'title' || undefined}
          aria-describedby={`${base}-title-error ${base}-title-count`}
          onChange={(e) => setTitle(e.target.value)}
          onBlur={saveTitle}
          onKeyDown={(e) => {
            if (e.key === 'Enter') {
              e.preventDefault();
              saveTitle();
            }
          }}
        />
        <FieldError error={error} field="title" id={`${base}-title-error`} />
      </div>
      <div className="field">
        <label className="field-label" htmlFor={`${base}-notes`}>
          Notes
        </label>
        <textarea
          id={`${base}-notes`}
          className="input textarea"
          value={notes}
          rows={3}
          placeholder="Add notes"
          aria-describedby={`${base}-notes-error`}
          onChange={(e) => setNotes(e.target.value)}
          onBlur={() => notes !== task.notes && onSave({ notes })}
        />
        <FieldError error={error} field="notes" id={`${base}-notes-error`} />
      </div>
      <div className="editor-grid">
        <div className="field">
          <label className="field-label" htmlFor={`${base}-due`}>
            Due date
          </label>
          <div className="inline-controls">
            <DateField
              id={`${base}-due`}
              value={task.due_date}
              describedBy={`${base}-due-error`}
              invalid={error?.field === 'due_date'}
              onChange={(due) => onSave({ due_date: due })}
            />
            {task.due_date ? (
              <button type="button" className="link-button" onClick={() => onSave({ due_date: null })}>
                Clear
              </button>
            ) : null}
          </div>
          <FieldError error={error} field="due_date" id={`${base}-due-error`} />
        </div>
        <fieldset className="field segmented-field">
          <legend className="field-label">Priority</legend>
          <div className="segmented">
            {PRIORITY_OPTIONS.map((option) => (
              <label key={option.value} className={`segment${task.priority === option.value ? ' selected' : ''}`}>
                <input
                  type="radio"
                  name={`${base}-priority`}
                  value={option.value}
                  checked={task.priority === option.value}
                  onChange={() => onSave({ priority: option.value })}
                />
                {option.label}
              </label>
            ))}
          </div>
        </fieldset>
        <div className="field">
          <label className="field-label" htmlFor={`${base}-list`}>
            List
          </label>
          <select
            id={`${base}-list`}
            className="input select"
            value={task.project_id ?? ''}
            onChange={(e) => onSave({ project_id: e.target.value === '' ? null : e.target.value })}
          >
            {lists.map((list) => (
              <option key={list.id ?? 'inbox'} value={list.id ?? ''}>
                {list.name}
              </option>
            ))}
          </select>
          <FieldError error={error} field="project_id" id={`${base}-list-error`} />
        </div>
      </div>
      <StepsEditor id={`${base}-steps`} task={task} onSave={onSave} />
      <div className="editor-grid">
        <StatusField id={`${base}-status`} task={task} onSave={onSave} />
        <StartDateField id={`${base}-start`} task={task} onSave={onSave} />
        <ReminderField id={`${base}-reminder`} task={task} onSave={onSave} />
      </div>
      <TagsField id={`${base}-tags`} task={task} onSave={onSave} />
      <RepeatField id={`${base}-repeat`} task={task} today={localToday()} onSave={onSave} />
      {otherError ? (
        <p className="field-error" role="alert">
          {otherError.message}
        </p>
      ) : null}
      <div className="editor-actions">
        <div className="editor-actions-left">
          <button type="button" className="button ghost small" disabled={!canMoveUp} onClick={() => onMove(-1)}>
            <ArrowUpIcon size={14} /> Move up
          </button>
          <button type="button" className="button ghost small" disabled={!canMoveDown} onClick={() => onMove(1)}>
            <ArrowDownIcon size={14} /> Move down
          </button>
        </div>
        <div className="editor-actions-right">
          <span className={`save-state${saveState ? ` ${saveState}` : ''}`} role="status" aria-live="polite" data-testid="save-state">
            {saveState === 'saving' ? 'Saving…' : null}
            {saveState === 'saved' ? (
              <>
                <CheckIcon size={12} /> Saved
              </>
            ) : null}
          </span>
          <button type="button" className="button danger-ghost small" onClick={onDelete}>
            <TrashIcon size={14} /> Delete
          </button>
          <button
            type="button"
            className="button small"
            onClick={() => {
              saveTitle();
              onClose();
            }}
          >
            Done
          </button>
        </div>
      </div>
    </div>
  );
}
