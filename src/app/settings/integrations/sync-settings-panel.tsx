'use client';
/**
 * How the sync reads times and lists (issue 16): the time zone reminders are typed and
 * shown in, whether a list made in To Do becomes a Planner project, and which To Do list
 * is Planner's Inbox. Each saves as soon as it changes.
 */
import { useRouter } from 'next/navigation';
import { useMemo, useState, useTransition } from 'react';
import { useHydrated } from '../../_lib/use-hydrated';
import type { UserSettings } from '@/server/settings/settings-service';
import { saveSettingsAction } from './actions';
import styles from './integrations.module.css';

export function SyncSettingsPanel({ settings }: { settings: UserSettings }) {
  const router = useRouter();
  const [current, setCurrent] = useState(settings);
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);
  const [pending, start] = useTransition();
  const hydrated = useHydrated();
  const zones = useMemo(() => supportedZones(), []);
  const browserZone = useMemo(() => Intl.DateTimeFormat().resolvedOptions().timeZone, []);

  function save(patch: Partial<UserSettings>) {
    // The control shows the choice at once; a refusal puts the saved value back.
    const before = current;
    setCurrent({ ...current, ...patch });
    start(async () => {
      const result = await saveSettingsAction(patch);
      if (result.ok) {
        setCurrent(result.settings);
        setMessage({ ok: true, text: 'Saved' });
        router.refresh();
      } else {
        setCurrent(before);
        setMessage({ ok: false, text: result.message });
      }
    });
  }

  return (
    <section className={`card ${styles.card}`} aria-labelledby="sync-settings-title" data-testid="sync-settings">
      <div className={styles.cardHead}>
        <h2 id="sync-settings-title">Time zone and lists</h2>
        <span role="status" aria-live="polite" className={message?.ok ? styles.savedNote : styles.errorNote}>
          {pending ? 'Saving…' : message?.text}
        </span>
      </div>
      <div className="field">
        <label className="field-label" htmlFor="settings-time-zone">
          Your time zone
        </label>
        <div className="inline-controls wrap">
          <select id="settings-time-zone" className="input select" disabled={!hydrated} value={current.time_zone ?? ''} onChange={(e) => save({ time_zone: e.target.value || null })}>
            <option value="">UTC (not chosen)</option>
            {zones.map((zone) => (
              <option key={zone} value={zone}>
                {zone.replace(/_/g, ' ')}
              </option>
            ))}
          </select>
          {browserZone && browserZone !== current.time_zone ? (
            <button type="button" className="link-button" onClick={() => save({ time_zone: browserZone })}>
              Use this device’s ({browserZone.replace(/_/g, ' ')})
            </button>
          ) : null}
        </div>
        <p className={styles.hint}>Reminders are set and shown in this zone; due dates stay whole days wherever you are.</p>
      </div>
      <label className={styles.toggle}>
        <input type="checkbox" disabled={!hydrated} checked={current.lists_become_projects} onChange={(e) => save({ lists_become_projects: e.target.checked })} />
        <span>
          <strong>Lists made in To Do become projects</strong>
          <span className={styles.hint}> A list you make in To Do after connecting shows up here as a project, with its tasks; the lists you had before stay personal. “Flagged Emails” never does.</span>
        </span>
      </label>
      <fieldset className={styles.choice} disabled={!hydrated}>
        <legend className="field-label">Planner’s Inbox in To Do</legend>
        <p className={styles.hint}>Switching while connected moves the Inbox’s tasks to the chosen list; what you added in the old list comes along first.</p>
        <label>
          <input type="radio" name="inbox-list" checked={current.inbox_list === 'planner-inbox'} onChange={() => save({ inbox_list: 'planner-inbox' })} /> A list of its own, “Planner Inbox”{' '}
          <span className={styles.hint}>(default: your other To Do tasks stay out of Planner)</span>
        </label>
        <label>
          <input type="radio" name="inbox-list" checked={current.inbox_list === 'todo-default'} onChange={() => save({ inbox_list: 'todo-default' })} /> To Do’s own “Tasks” list{' '}
          <span className={styles.hint}>(everything you add in To Do without a list comes to Planner’s Inbox)</span>
        </label>
      </fieldset>
    </section>
  );
}

function supportedZones(): string[] {
  const intl = Intl as typeof Intl & { supportedValuesOf?: (key: 'timeZone') => string[] };
  return intl.supportedValuesOf ? intl.supportedValuesOf('timeZone') : ['UTC', 'Europe/London', 'Europe/Berlin', 'America/New_York', 'America/Los_Angeles', 'Asia/Tokyo', 'Australia/Sydney'];
}
