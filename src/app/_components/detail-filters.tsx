'use client';
/**
 * Narrow a list by tag, by open status, or to the tasks that have started (issue 16 §4).
 * Shown only when the list has something to narrow by.
 */
import type { TaskView } from '@/server/tasks';
import { localToday } from '../_lib/format';
import { tagsIn, type DetailFilter } from './task-list-state';
import { STATUS_OPTIONS } from './task-details-fields';

export function DetailFilters({ tasks, value, onChange }: { tasks: TaskView[]; value: DetailFilter; onChange(next: DetailFilter): void }) {
  const tags = tagsIn(tasks);
  const today = localToday();
  const hasStatuses = tasks.some((t) => t.status !== 'notStarted');
  const hasLaterStarts = tasks.some((t) => t.start_date !== null && t.start_date > today);
  const active = value.tag !== null || value.status !== null || value.startedOnly;
  if (!tags.length && !hasStatuses && !hasLaterStarts && !active) return null;
  return (
    <div className="detail-filters" role="group" aria-label="Narrow the list">
      {tags.length ? (
        <div className="tag-filters" role="group" aria-label="By tag">
          {tags.map((tag) => (
            <button key={tag} type="button" className={`tag-filter${value.tag === tag ? ' active' : ''}`} aria-pressed={value.tag === tag} onClick={() => onChange({ ...value, tag: value.tag === tag ? null : tag })}>
              {tag}
            </button>
          ))}
        </div>
      ) : null}
      {hasStatuses || value.status ? (
        <select
          className="input select compact"
          aria-label="By status"
          value={value.status ?? ''}
          onChange={(e) => onChange({ ...value, status: e.target.value === '' ? null : (e.target.value as TaskView['status']) })}
        >
          <option value="">Any status</option>
          {STATUS_OPTIONS.map((o) => (
            <option key={o.value} value={o.value}>
              {o.label}
            </option>
          ))}
        </select>
      ) : null}
      {hasLaterStarts || value.startedOnly ? (
        <label className="inline-label">
          <input type="checkbox" checked={value.startedOnly} onChange={(e) => onChange({ ...value, startedOnly: e.target.checked })} /> Started only
        </label>
      ) : null}
      {active ? (
        <button type="button" className="link-button" onClick={() => onChange({ tag: null, status: null, startedOnly: false })}>
          Clear filters
        </button>
      ) : null}
    </div>
  );
}
