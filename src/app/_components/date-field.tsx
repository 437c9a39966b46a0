'use client';
/**
 * A due date written the one way Planner writes dates (the viewer's locale, e.g.
 * 15/12/2026 in en-GB), typed in that order or picked from the browser's calendar (the
 * button opens a native date picker whose own text box stays hidden, since browsers
 * show it in their interface language, which need not be the page's).
 */
import { useRef, useState } from 'react';
import { datePattern, formatDate, parseDate } from '../_lib/format';
import { useLocale } from '../_lib/locale';
import { CalendarIcon } from './icons';

interface Props {
  id: string;
  value: string | null;
  describedBy?: string;
  invalid?: boolean;
  onChange(value: string | null): void;
}

export function DateField({ id, value, describedBy, invalid, onChange }: Props) {
  const locale = useLocale();
  const shown = value ? formatDate(value, locale) : '';
  const [draft, setDraft] = useState<{ for: string | null; text: string } | null>(null);
  const [error, setError] = useState<string | null>(null);
  const picker = useRef<HTMLInputElement>(null);
  const text = draft && draft.for === value ? draft.text : shown;

  function commit() {
    const parsed = parseDate(text, locale);
    if (parsed === null) return setError(`Write the date as ${datePattern(locale)}`);
    setError(null);
    setDraft(null);
    const next = parsed === '' ? null : parsed;
    if (next !== value) onChange(next);
  }

  return (
    <div className="date-field">
      <input
        id={id}
        className="input"
        inputMode="numeric"
        autoComplete="off"
        placeholder={datePattern(locale)}
        value={text}
        aria-invalid={invalid || error ? true : undefined}
        aria-describedby={[describedBy, error ? `${id}-format-error` : ''].filter(Boolean).join(' ') || undefined}
        onChange={(e) => setDraft({ for: value, text: e.target.value })}
        onBlur={commit}
        onKeyDown={(e) => {
          if (e.key === 'Enter') {
            e.preventDefault();
            commit();
          }
        }}
      />
      <button type="button" className="icon-button date-pick" aria-label="Pick a date from a calendar" onClick={() => picker.current?.showPicker()}>
        <CalendarIcon size={16} />
      </button>
      <input
        ref={picker}
        type="date"
        className="date-picker-native"
        tabIndex={-1}
        aria-hidden="true"
        value={value ?? ''}
        onChange={(e) => {
          setError(null);
          setDraft(null);
          onChange(e.target.value === '' ? null : e.target.value);
        }}
      />
      {error ? (
        <p className="field-error date-field-error" id={`${id}-format-error`} role="alert">
          {error}
        </p>
      ) : null}
    </div>
  );
}
