'use client';
/**
 * The task editor's fields of issue 16: status, start date, tags, reminder, repeat and
 * steps. Each saves as soon as it changes, like the editor's other pickers; the repeat
 * reads back in the server's plain language ("Every 2 weeks on Mon, Thu").
 */
import { useState } from 'react';
import type { TaskView, UpdateTaskInput } from '@/server/tasks';
import { formatDate } from '../_lib/format';
import { useLocale } from '../_lib/locale';
import { useTimeZone } from '../_lib/time-zone';
import { DateField } from './date-field';
import { ArrowDownIcon, ArrowUpIcon, XIcon } from './icons';

type Save = (patch: UpdateTaskInput) => void;
type Recurrence = NonNullable<TaskView['recurrence']>;
type Weekday = NonNullable<Recurrence['pattern']['daysOfWeek']>[number];

export const STATUS_OPTIONS = [
  { value: 'notStarted', label: 'Not started' },
  { value: 'inProgress', label: 'In progress' },
  { value: 'waitingOnOthers', label: 'Waiting on others' },
  { value: 'deferred', label: 'Deferred' },
] as const;

export function StatusField({ id, task, onSave }: { id: string; task: TaskView; onSave: Save }) {
  return (
    <div className="field">
      <label className="field-label" htmlFor={id}>
        Status
      </label>
      <select id={id} className="input select" value={task.status} onChange={(e) => onSave({ status: e.target.value as TaskView['status'] })}>
        {STATUS_OPTIONS.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
    </div>
  );
}

export function StartDateField({ id, task, onSave }: { id: string; task: TaskView; onSave: Save }) {
  return (
    <div className="field">
      <label className="field-label" htmlFor={id}>
        Start date
      </label>
      <div className="inline-controls">
        <DateField id={id} value={task.start_date} onChange={(start) => onSave({ start_date: start })} />
        {task.start_date ? (
          <button type="button" className="link-button" onClick={() => onSave({ start_date: null })}>
            Clear
          </button>
        ) : null}
      </div>
    </div>
  );
}

export function TagsField({ id, task, onSave }: { id: string; task: TaskView; onSave: Save }) {
  const [draft, setDraft] = useState('');
  const add = () => {
    const names = draft.split(',').map((t) => t.trim()).filter(Boolean);
    setDraft('');
    const next = [...task.categories, ...names.filter((n) => !task.categories.includes(n))];
    if (next.length !== task.categories.length) onSave({ categories: next });
  };
  return (
    <div className="field tags-field">
      <label className="field-label" htmlFor={id}>
        Tags
      </label>
      <div className="tags-input">
        {task.categories.map((tag) => (
          <span key={tag} className="tag">
            {tag}
            <button type="button" className="tag-remove" aria-label={`Remove tag ${tag}`} onClick={() => onSave({ categories: task.categories.filter((t) => t !== tag) })}>
              <XIcon size={11} />
            </button>
          </span>
        ))}
        <input
          id={id}
          className="tag-entry"
          value={draft}
          placeholder={task.categories.length ? 'Add a tag' : 'Add tags (Enter or comma)'}
          onChange={(e) => setDraft(e.target.value)}
          onBlur={add}
          onKeyDown={(e) => {
            if (e.key === 'Enter' || e.key === ',') {
              e.preventDefault();
              add();
            } else if (e.key === 'Backspace' && draft === '' && task.categories.length > 0) {
              onSave({ categories: task.categories.slice(0, -1) });
            }
          }}
        />
      </div>
    </div>
  );
}

export function ReminderField({ id, task, onSave }: { id: string; task: TaskView; onSave: Save }) {
  const zone = useTimeZone();
  return (
    <div className="field">
      <label className="field-label" htmlFor={id}>
        Reminder <span className="field-hint">({zone})</span>
      </label>
      <div className="inline-controls">
        <input
          id={id}
          type="datetime-local"
          className="input"
          value={task.reminder_local ?? ''}
          onChange={(e) => {
            if (e.target.value) onSave({ reminder_at: e.target.value });
          }}
        />
        {task.reminder_at ? (
          <button type="button" className="link-button" onClick={() => onSave({ reminder_at: null })}>
            Clear
          </button>
        ) : null}
      </div>
    </div>
  );
}

const WEEKDAYS: { value: Weekday; short: string }[] = [
  { value: 'monday', short: 'Mon' },
  { value: 'tuesday', short: 'Tue' },
  { value: 'wednesday', short: 'Wed' },
  { value: 'thursday', short: 'Thu' },
  { value: 'friday', short: 'Fri' },
  { value: 'saturday', short: 'Sat' },
  { value: 'sunday', short: 'Sun' },
];
const JS_DAYS: Weekday[] = ['sunday', 'monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday'];
const INDEXES = ['first', 'second', 'third', 'fourth', 'last'] as const;

type RepeatKind = 'none' | 'daily' | 'weekly' | 'absoluteMonthly' | 'relativeMonthly' | 'absoluteYearly';
const KIND_LABELS: Record<RepeatKind, string> = {
  none: 'Does not repeat',
  daily: 'Daily',
  weekly: 'Weekly',
  absoluteMonthly: 'Monthly on a day',
  relativeMonthly: 'Monthly on a weekday',
  absoluteYearly: 'Yearly',
};
const UNITS: Record<Exclude<RepeatKind, 'none'>, string> = {
  daily: 'days',
  weekly: 'weeks',
  absoluteMonthly: 'months',
  relativeMonthly: 'months',
  absoluteYearly: 'years',
};

/** A new repeat of `kind`, anchored on the task's due date (else today). */
function repeatOf(kind: Exclude<RepeatKind, 'none'>, anchor: string, interval: number, range: Recurrence['range'] | undefined): Recurrence {
  const date = new Date(`${anchor}T00:00:00Z`);
  const day = JS_DAYS[date.getUTCDay()];
  const nth = INDEXES[Math.min(3, Math.floor((date.getUTCDate() - 1) / 7))];
  const pattern: Recurrence['pattern'] =
    kind === 'daily'
      ? { type: 'daily', interval }
      : kind === 'weekly'
        ? { type: 'weekly', interval, daysOfWeek: [day] }
        : kind === 'absoluteMonthly'
          ? { type: 'absoluteMonthly', interval, dayOfMonth: date.getUTCDate() }
          : kind === 'relativeMonthly'
            ? { type: 'relativeMonthly', interval, daysOfWeek: [day], index: nth }
            : { type: 'absoluteYearly', interval, month: date.getUTCMonth() + 1, dayOfMonth: date.getUTCDate() };
  return { pattern, range: range ?? { type: 'noEnd', startDate: anchor } };
}

export function RepeatField({ id, task, today, onSave }: { id: string; task: TaskView; today: string; onSave: Save }) {
  const locale = useLocale();
  const r = task.recurrence;
  const kind: RepeatKind = !r ? 'none' : r.pattern.type === 'relativeYearly' ? 'absoluteYearly' : (r.pattern.type as RepeatKind);
  const save = (next: Recurrence | null) => onSave({ recurrence: next });
  const setPattern = (change: Partial<Recurrence['pattern']>) => r && save({ ...r, pattern: { ...r.pattern, ...change } });
  const setRange = (range: Recurrence['range']) => r && save({ ...r, range });
  return (
    <fieldset className="field repeat-field">
      <legend className="field-label">Repeat</legend>
      <div className="inline-controls wrap">
        <select
          id={id}
          aria-label="Repeat"
          className="input select"
          value={kind}
          onChange={(e) => {
            const next = e.target.value as RepeatKind;
            save(next === 'none' ? null : repeatOf(next, task.due_date ?? today, r?.pattern.interval ?? 1, r?.range));
          }}
        >
          {(Object.keys(KIND_LABELS) as RepeatKind[]).map((k) => (
            <option key={k} value={k}>
              {KIND_LABELS[k]}
            </option>
          ))}
        </select>
        {r && kind !== 'none' ? (
          <label className="inline-label">
            every
            <input
              className="input number"
              type="number"
              min={1}
              max={99}
              aria-label="Repeat every"
              defaultValue={r.pattern.interval}
              key={`${task.id}-${r.pattern.interval}`}
              onBlur={(e) => {
                const n = Math.max(1, Math.min(99, Number(e.target.value) || 1));
                if (n !== r.pattern.interval) setPattern({ interval: n });
              }}
            />
            {UNITS[kind]}
          </label>
        ) : null}
      </div>
      {r && r.pattern.type === 'weekly' ? (
        <div className="weekday-toggles" role="group" aria-label="On these days">
          {WEEKDAYS.map((d) => {
            const on = r.pattern.daysOfWeek?.includes(d.value) ?? false;
            return (
              <button
                key={d.value}
                type="button"
                className={`weekday${on ? ' on' : ''}`}
                aria-pressed={on}
                onClick={() => {
                  const days = on ? (r.pattern.daysOfWeek ?? []).filter((x) => x !== d.value) : [...(r.pattern.daysOfWeek ?? []), d.value];
                  if (days.length > 0) setPattern({ daysOfWeek: days });
                }}
              >
                {d.short}
              </button>
            );
          })}
        </div>
      ) : null}
      {r && r.pattern.type === 'relativeMonthly' ? (
        <div className="inline-controls">
          <select className="input select" aria-label="Which week" value={r.pattern.index ?? 'first'} onChange={(e) => setPattern({ index: e.target.value as (typeof INDEXES)[number] })}>
            {INDEXES.map((i) => (
              <option key={i} value={i}>
                {i}
              </option>
            ))}
          </select>
          <select
            className="input select"
            aria-label="Which day"
            value={r.pattern.daysOfWeek?.[0] ?? 'monday'}
            onChange={(e) => setPattern({ daysOfWeek: [e.target.value as Weekday] })}
          >
            {WEEKDAYS.map((d) => (
              <option key={d.value} value={d.value}>
                {d.short}
              </option>
            ))}
          </select>
        </div>
      ) : null}
      {r ? (
        <div className="inline-controls wrap">
          <select
            className="input select"
            aria-label="Ends"
            value={r.range.type}
            onChange={(e) => {
              const type = e.target.value as Recurrence['range']['type'];
              const start = r.range.startDate;
              if (type === 'noEnd') setRange({ type, startDate: start });
              if (type === 'endDate') setRange({ type, startDate: start, endDate: r.range.endDate ?? laterDate(start, 90) });
              if (type === 'numbered') setRange({ type, startDate: start, numberOfOccurrences: r.range.numberOfOccurrences ?? 10 });
            }}
          >
            <option value="noEnd">Never ends</option>
            <option value="endDate">Ends on a date</option>
            <option value="numbered">Ends after a number of times</option>
          </select>
          {r.range.type === 'endDate' ? (
            <DateField id={`${id}-until`} value={r.range.endDate ?? null} onChange={(d) => d && setRange({ ...r.range, endDate: d })} />
          ) : null}
          {r.range.type === 'numbered' ? (
            <label className="inline-label">
              <input
                className="input number"
                type="number"
                min={1}
                max={999}
                aria-label="Times"
                defaultValue={r.range.numberOfOccurrences}
                key={`${task.id}-${r.range.numberOfOccurrences}`}
                onBlur={(e) => {
                  const n = Math.max(1, Math.min(999, Number(e.target.value) || 1));
                  if (n !== r.range.numberOfOccurrences) setRange({ ...r.range, numberOfOccurrences: n });
                }}
              />
              times
            </label>
          ) : null}
        </div>
      ) : null}
      {task.recurrence_summary ? (
        <p className="repeat-summary" data-testid="repeat-summary">
          {task.recurrence_summary}
          {task.next_occurrence ? ` · next ${formatDate(task.next_occurrence, locale)}` : ''}
        </p>
      ) : null}
    </fieldset>
  );
}

function laterDate(date: string, days: number): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
}

export function StepsEditor({ id, task, onSave }: { id: string; task: TaskView; onSave: Save }) {
  const [draft, setDraft] = useState('');
  const steps: { id?: string; title: string; checked: boolean }[] = task.steps.map(({ id: stepId, title, checked }) => ({ id: stepId, title, checked }));
  const save = (next: typeof steps) => onSave({ steps: next });
  const done = task.steps.filter((s) => s.checked).length;
  return (
    <div className="field steps-field">
      <div className="field-label-row">
        <label className="field-label" htmlFor={id}>
          Steps
        </label>
        {steps.length ? (
          <span className="char-count">
            {done} of {steps.length} done
          </span>
        ) : null}
      </div>
      {steps.length ? (
        <ol className="steps">
          {steps.map((s, i) => (
            <li key={s.id} className={`step${s.checked ? ' checked' : ''}`}>
              <input
                type="checkbox"
                checked={s.checked}
                aria-label={`${s.checked ? 'Uncheck' : 'Check'} step “${s.title}”`}
                onChange={(e) => save(steps.map((x) => (x.id === s.id ? { ...x, checked: e.target.checked } : x)))}
              />
              <input
                className="step-title"
                defaultValue={s.title}
                key={`${s.id}-${s.title}`}
                aria-label={`Step ${i + 1}`}
                maxLength={255}
                onBlur={(e) => {
                  const title = e.target.value.trim();
                  if (title && title !== s.title) save(steps.map((x) => (x.id === s.id ? { ...x, title } : x)));
                }}
                onKeyDown={(e) => e.key === 'Enter' && (e.target as HTMLInputElement).blur()}
              />
              <button type="button" className="icon-button" aria-label={`Move step “${s.title}” up`} disabled={i === 0} onClick={() => save(swap(steps, i, i - 1))}>
                <ArrowUpIcon size={12} />
              </button>
              <button type="button" className="icon-button" aria-label={`Move step “${s.title}” down`} disabled={i === steps.length - 1} onClick={() => save(swap(steps, i, i + 1))}>
                <ArrowDownIcon size={12} />
              </button>
              <button type="button" className="icon-button" aria-label={`Delete step “${s.title}”`} onClick={() => save(steps.filter((x) => x.id !== s.id))}>
                <XIcon size={12} />
              </button>
            </li>
          ))}
        </ol>
      ) : null}
      <input
        id={id}
        className="input"
        value={draft}
        maxLength={255}
        placeholder="Add a step"
        onChange={(e) => setDraft(e.target.value)}
        onKeyDown={(e) => {
          if (e.key === 'Enter' && draft.trim()) {
            e.preventDefault();
            save([...steps, { title: draft.trim(), checked: false }]);
            setDraft('');
          }
        }}
      />
    </div>
  );
}

function swap<T>(xs: T[], a: number, b: number): T[] {
  const out = [...xs];
  [out[a], out[b]] = [out[b], out[a]];
  return out;
}
