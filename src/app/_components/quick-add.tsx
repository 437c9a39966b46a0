'use client';
/** "Add a task": Enter adds it and keeps the field focused for the next one; a counter shows the length limit as you type. */
import { useRef, useState } from 'react';
import { TASK_TITLE_MAX } from '@/server/tasks/limits';
import { PlusIcon } from './icons';

interface Props {
  listName: string;
  error: string | null;
  onAdd(title: string): Promise<boolean>;
}

export function QuickAdd({ listName, error, onAdd }: Props) {
  const [title, setTitle] = useState('');
  const input = useRef<HTMLInputElement>(null);

  async function submit(event: React.FormEvent) {
    event.preventDefault();
    const typed = title;
    setTitle('');
    input.current?.focus();
    const ok = await onAdd(typed);
    if (!ok) setTitle((current) => current || typed);
  }

  return (
    <form className="quick-add" onSubmit={submit} noValidate>
      <label htmlFor="quick-add-input" className="sr-only">
        Add a task to {listName}
      </label>
      <span className="quick-add-icon" aria-hidden="true">
        <PlusIcon size={18} />
      </span>
      <input
        id="quick-add-input"
        ref={input}
        className="quick-add-input"
        placeholder={`Add a task to ${listName}`}
        value={title}
        autoComplete="off"
        maxLength={TASK_TITLE_MAX}
        aria-invalid={error ? true : undefined}
        aria-describedby={error ? 'quick-add-error quick-add-count' : 'quick-add-hint quick-add-count'}
        onChange={(e) => setTitle(e.target.value)}
      />
      <span id="quick-add-hint" className="quick-add-hint" aria-hidden={title ? undefined : true}>
        {title ? '↵ to add' : ''}
      </span>
      <span id="quick-add-count" className={`char-count${title.length >= TASK_TITLE_MAX ? ' full' : ''}`} hidden={!title}>
        {title.length}/{TASK_TITLE_MAX}
      </span>
      {error ? (
        <p className="field-error quick-add-error" id="quick-add-error" role="alert">
          {error}
        </p>
      ) : null}
    </form>
  );
}
