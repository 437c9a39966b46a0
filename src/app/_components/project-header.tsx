'use client';
/**
 * A project's title bar: rename in place, complete / cancel / reopen, delete
 * (with a confirmation), counts and the Outlook list it syncs to.
 */
import { useRouter } from 'next/navigation';
import { useState, useTransition } from 'react';
import type { ProjectView, UpdateProjectInput } from '@/server/projects';
import { timeAgo } from '../_lib/format';
import { api } from '../_lib/api-client';
import { CloudIcon, TrashIcon } from './icons';
import { useListCounts } from './list-counts';

function SyncLine({ project }: { project: ProjectView }) {
  const sync = project.sync;
  if (!sync) return null;
  let text: string;
  if (project.is_closed && project.origin === 'todo' && !sync.linked) text = 'Made from a To Do list · closed (also when the list is deleted in To Do): its tasks stay here, and reopening makes its list again';
  else if (project.is_closed) text = 'Outlook sync is paused while the project is closed';
  else if (!sync.linked) text = 'Waiting for its Outlook list to be created';
  else text = `${project.origin === 'todo' ? 'Made from' : 'Linked to'} Outlook list “${sync.list_name}”${sync.last_synced_at ? ` · synced ${timeAgo(sync.last_synced_at)}` : ' · not synced yet'}`;
  return (
    <p className={`sync-line${sync.linked && !project.is_closed ? ' linked' : ''}`} suppressHydrationWarning>
      <CloudIcon size={14} /> {text}
      {sync.paused ? ' · paused (see Integrations)' : ''}
    </p>
  );
}

function RenameForm({ project, onDone }: { project: ProjectView; onDone(): void }) {
  const router = useRouter();
  const [name, setName] = useState(project.name);
  const [error, setError] = useState<string | null>(null);
  const [pending, startTransition] = useTransition();
  return (
    <form
      className="rename-form"
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        startTransition(async () => {
          const result = await api.updateProject(project.id, { name });
          if (result.ok) {
            onDone();
            router.refresh();
          }
          else setError(result.error.message);
        });
      }}
    >
      <label htmlFor="project-name" className="sr-only">
        Project name
      </label>
      <input
        id="project-name"
        className="input title-input"
        value={name}
        autoFocus
        maxLength={250}
        aria-invalid={error ? true : undefined}
        aria-describedby={error ? 'project-name-error' : undefined}
        onChange={(e) => setName(e.target.value)}
        onKeyDown={(e) => e.key === 'Escape' && onDone()}
      />
      <button type="submit" className="button primary small" disabled={pending}>
        Save
      </button>
      <button type="button" className="button ghost small" onClick={onDone}>
        Cancel
      </button>
      {error ? (
        <p className="field-error" id="project-name-error" role="alert">
          {error}
        </p>
      ) : null}
    </form>
  );
}

export function ProjectHeader({ project }: { project: ProjectView }) {
  const router = useRouter();
  const [renaming, setRenaming] = useState(false);
  const [confirmingDelete, setConfirmingDelete] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [pending, startTransition] = useTransition();
  const counts = useListCounts(project.id, { open: project.open_count, total: project.total_count });

  function change(input: UpdateProjectInput) {
    startTransition(async () => {
      const result = await api.updateProject(project.id, input);
      setError(result.ok ? null : result.error.message);
      if (result.ok) router.refresh();
    });
  }

  function remove() {
    startTransition(async () => {
      const result = await api.deleteProject(project.id);
      if (result.ok) {
        router.push('/projects');
        router.refresh();
      }
      else setError(result.error.message);
    });
  }

  return (
    <header className="page-header project-header">
      <div className="page-header-main">
        {renaming ? (
          <RenameForm project={project} onDone={() => setRenaming(false)} />
        ) : (
          <h1 className="page-title">
            {project.name}
            {project.is_closed ? <span className={`status-badge ${project.status.toLowerCase()}`}>{project.status}</span> : null}
          </h1>
        )}
        <p className="page-subtitle">
          {counts.open} open · {counts.total} total
        </p>
        <SyncLine project={project} />
      </div>
      <div className="page-actions" aria-busy={pending || undefined}>
        {!renaming ? (
          <button type="button" className="button ghost small" onClick={() => setRenaming(true)}>
            Rename
          </button>
        ) : null}
        {project.is_closed ? null : (
          <>
            <button type="button" className="button small" disabled={pending} onClick={() => change({ status: 'Completed' })}>
              Mark completed
            </button>
            <button type="button" className="button ghost small" disabled={pending} onClick={() => change({ status: 'Cancelled' })}>
              Cancel project
            </button>
          </>
        )}
        <button type="button" className="button danger-ghost small" onClick={() => setConfirmingDelete(true)}>
          <TrashIcon size={14} /> Delete
        </button>
      </div>
      {project.is_closed ? (
        <div className="banner closed-banner">
          <span>
            This project is <strong>{project.status.toLowerCase()}</strong>. Its tasks are kept{project.sync ? ' but not synced to Outlook' : ''}.
          </span>
          <button type="button" className="button primary small" disabled={pending} onClick={() => change({ status: 'Active' })}>
            Reopen project
          </button>
        </div>
      ) : null}
      {confirmingDelete ? (
        <div className="banner danger-banner" role="alertdialog" aria-labelledby="delete-project-text">
          <span id="delete-project-text">
            Delete “{project.name}” and its {counts.total} {counts.total === 1 ? 'task' : 'tasks'}? This can’t be undone.
          </span>
          <span className="banner-actions">
            <button type="button" className="button danger small" autoFocus disabled={pending} onClick={remove}>
              Delete project
            </button>
            <button type="button" className="button ghost small" onClick={() => setConfirmingDelete(false)}>
              Keep it
            </button>
          </span>
        </div>
      ) : null}
      {error ? (
        <p className="field-error" role="alert">
          {error}
        </p>
      ) : null}
    </header>
  );
}
