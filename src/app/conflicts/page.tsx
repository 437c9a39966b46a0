/**
 * /conflicts: the sync conflict log. Each row is a field changed both in Planner and
 * in Outlook since the last sync (the later edit won), or a deletion on one side that an
 * edit or a move on the other beat (the task was kept: decision 0047). Keep it, or undo
 * it to bring the other value back, or carry the deletion out (it then syncs like any edit).
 */
import { listConflicts, type ConflictView } from '@/server/conflicts/conflicts-service';
import { formatDate } from '../_lib/format';
import { requirePageContext } from '../_lib/page-context';
import { requestLocale } from '../_lib/request-locale';
import { ConflictButtons } from './conflict-buttons';
import { fieldLabel, showValue, sideName } from './conflict-values';
import styles from './conflicts.module.css';

export const dynamic = 'force-dynamic';
export const metadata = { title: 'Sync conflicts · Planner' };

export default async function ConflictsPage() {
  const { db, user } = await requirePageContext();
  const [conflicts, locale] = await Promise.all([listConflicts(db, user.id), requestLocale()]);
  const open = conflicts.filter((c) => c.resolution === null);
  const reviewed = conflicts.filter((c) => c.resolution !== null);
  return (
    <div className="page">
      <header className="page-header">
        <div className="page-header-main">
          <h1 className="page-title">Sync conflicts</h1>
          <p className="page-subtitle">
            When a task changed in Planner and in Outlook at the same time, the later edit wins. When it was deleted on one side while
            edited or moved on the other, it is kept, never silently lost. Check each one here: undo brings the other value back, or
            carries the deletion out.
          </p>
        </div>
      </header>
      {conflicts.length === 0 ? <p className="empty">No conflicts. Planner and Outlook agree.</p> : null}
      {open.length ? <ConflictTable title={`To review (${open.length})`} rows={open} locale={locale} /> : null}
      {reviewed.length ? <ConflictTable title="Reviewed" rows={reviewed} locale={locale} /> : null}
    </div>
  );
}

function ConflictTable({ title, rows, locale }: { title: string; rows: ConflictView[]; locale: string }) {
  return (
    <section className={`card ${styles.card}`} aria-label={title}>
      <h2 className={styles.heading}>{title}</h2>
      <ul className={styles.rows} role="list">
        {rows.map((c) => (
          <ConflictRow key={c.id} conflict={c} locale={locale} />
        ))}
      </ul>
    </section>
  );
}

function ConflictRow({ conflict: c, locale }: { conflict: ConflictView; locale: string }) {
  const loser = c.winner === 'planner' ? 'outlook' : 'planner';
  return (
    <li className={styles.row} data-testid="conflict" data-field={c.field}>
      <div className={styles.what}>
        <span className={styles.task}>{c.taskTitle}</span>
        {c.taskDeleted ? <span className={styles.tag}>deleted</span> : null}
        <span className={styles.field}>{fieldLabel(c.field)}</span>
        <time className={styles.when} dateTime={c.createdAt}>
          {formatDate(c.createdAt, locale)} {c.createdAt.slice(11, 16)} UTC
        </time>
      </div>
      <dl className={styles.values}>
        <dt>Kept ({sideName(c.winner)})</dt>
        <dd className={styles.kept}>{showValue(c.field, c.keptValue, locale)}</dd>
        <dt>Replaced ({sideName(loser)})</dt>
        <dd className={styles.lost}>{showValue(c.field, c.lostValue, locale)}</dd>
      </dl>
      {c.resolution === null ? (
        <ConflictButtons conflictId={c.id} taskDeleted={c.taskDeleted} loserName={sideName(loser)} />
      ) : (
        <p className={styles.resolution}>{c.resolution === 'undone' ? `Undone: ${sideName(loser)}'s value restored` : 'Kept'}</p>
      )}
    </li>
  );
}
