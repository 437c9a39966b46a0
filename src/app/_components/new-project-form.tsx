'use client';
/** "+ New project": a one-line form; Enter creates the project and opens it, Escape cancels. */
import { useRouter } from 'next/navigation';
import { useRef, useState, useTransition } from 'react';
import { api } from '../_lib/api-client';
import { PlusIcon } from './icons';

export function NewProjectForm({ variant = 'nav' }: { variant?: 'nav' | 'page' }) {
  const router = useRouter();
  const [editing, setEditing] = useState(variant === 'page');
  const [name, setName] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [pending, startTransition] = useTransition();
  const input = useRef<HTMLInputElement>(null);

  function submit(event: React.FormEvent) {
    event.preventDefault();
    startTransition(async () => {
      const result = await api.createProject({ name });
      if (!result.ok) {
        setError(result.error.message);
        input.current?.focus();
        return;
      }
      setName('');
      setError(null);
      if (variant === 'nav') setEditing(false);
      router.push(`/projects/${result.data.id}`);
      router.refresh();
    });
  }

  if (!editing) {
    return (
      <button type="button" className="nav-add" onClick={() => setEditing(true)}>
        <PlusIcon size={15} /> New project
      </button>
    );
  }
  const id = `new-project-${variant}`;
  return (
    <form className={`new-project new-project-${variant}`} onSubmit={submit} noValidate>
      <label htmlFor={id} className={variant === 'nav' ? 'sr-only' : 'field-label'}>
        New project name
      </label>
      <div className="new-project-row">
        <input
          id={id}
          ref={input}
          className="input"
          value={name}
          autoFocus={variant === 'nav'}
          placeholder="Project name"
          maxLength={250}
          aria-invalid={error ? true : undefined}
          aria-describedby={error ? `${id}-error` : undefined}
          onChange={(e) => setName(e.target.value)}
          onKeyDown={(e) => {
            if (e.key === 'Escape' && variant === 'nav') {
              setEditing(false);
              setError(null);
            }
          }}
        />
        <button type="submit" className="button primary small" disabled={pending}>
          {pending ? 'Adding…' : 'Add'}
        </button>
      </div>
      {error ? (
        <p className="field-error" id={`${id}-error`} role="alert">
          {error}
        </p>
      ) : null}
    </form>
  );
}
