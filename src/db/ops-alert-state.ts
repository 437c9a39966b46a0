/**
 * ops_alert_state: which health warnings are firing, so each is announced once
 * and its resolution once. Claims are single statements, so two concurrent
 * checks never both announce the same change.
 */
import { sql } from 'kysely';
import type { Executor } from './client';
import type { AlertSeverity } from './schema';

export interface AlertWarning {
  code: string;
  severity: AlertSeverity;
  message: string;
  count?: number;
}

export interface AlertStateRow {
  code: string;
  severity: AlertSeverity;
  message: string;
  count: number | null;
  fired_at: Date;
  resolved_at: Date | null;
}

/** Inserts or re-opens each warning; returns the codes this call newly claimed. */
export async function claimFiringWarnings(db: Executor, warnings: AlertWarning[], now: Date): Promise<Set<string>> {
  const claimed = new Set<string>();
  for (const w of warnings) {
    const row = await db
      .insertInto('ops_alert_state')
      .values({ code: w.code, severity: w.severity, message: w.message, count: w.count ?? null, fired_at: now })
      .onConflict((oc) =>
        oc
          .column('code')
          .doUpdateSet({
            severity: sql`excluded.severity`,
            message: sql`excluded.message`,
            count: sql`excluded.count`,
            fired_at: sql`excluded.fired_at`,
            resolved_at: null,
          })
          .where('ops_alert_state.resolved_at', 'is not', null),
      )
      .returning('code')
      .executeTakeFirst();
    if (row) {
      claimed.add(row.code);
    } else {
      await db
        .updateTable('ops_alert_state')
        .set({ severity: w.severity, message: w.message, count: w.count ?? null })
        .where('code', '=', w.code)
        .where('resolved_at', 'is', null)
        .execute();
    }
  }
  return claimed;
}

/** Marks every firing warning not in `stillFiring` resolved; returns the rows this call resolved. */
export async function claimResolvedWarnings(db: Executor, stillFiring: string[], now: Date): Promise<AlertStateRow[]> {
  let query = db.updateTable('ops_alert_state').set({ resolved_at: now }).where('resolved_at', 'is', null);
  if (stillFiring.length > 0) query = query.where('code', 'not in', stillFiring);
  return query.returning(['code', 'severity', 'message', 'count', 'fired_at', 'resolved_at']).execute();
}

/** A firing announcement failed everywhere: forget the claim so the next check retries. */
export async function releaseFiringClaim(db: Executor, code: string, now: Date): Promise<void> {
  await db.updateTable('ops_alert_state').set({ resolved_at: now }).where('code', '=', code).execute();
}

/** A resolution announcement failed everywhere: mark it firing again so the next check retries. */
export async function releaseResolvedClaim(db: Executor, code: string): Promise<void> {
  await db.updateTable('ops_alert_state').set({ resolved_at: null }).where('code', '=', code).execute();
}

export async function countNotification(db: Executor, code: string): Promise<void> {
  await db
    .updateTable('ops_alert_state')
    .set({ notify_count: sql`notify_count + 1` })
    .where('code', '=', code)
    .execute();
}

export async function listAlertState(db: Executor): Promise<AlertStateRow[]> {
  return db
    .selectFrom('ops_alert_state')
    .select(['code', 'severity', 'message', 'count', 'fired_at', 'resolved_at'])
    .orderBy('fired_at', 'desc')
    .execute();
}
