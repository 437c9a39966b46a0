/**
 * The safety net sized to need (issue 15 §4): a user whose every active list has a live
 * subscription without a recorded failure, and whose notifications arrive (one came after
 * each of its pushes older than NOTIFICATION_ECHO_GRACE_MIN), is due a full_sync only
 * every `healthyIntervalMin`; any other connected user every `intervalMin`.
 */
import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import type { Db } from '../../src/db/client';
import { findUsersDueForFullSync } from '../../src/db/jobs-repository';
import { testEngines } from '../helpers/db';
import { useDatabasePerTest } from '../helpers/fresh-db';
import { connectUser } from '../helpers/queue';

const minutesAgo = (m: number) => new Date(Date.now() - m * 60_000);
const CADENCE = { intervalMin: 15, healthyIntervalMin: 360 };

async function user(db: Db, id: string, o: { lastFullSyncMin: number; notifiedMin?: number; lists?: { subscribed: boolean; failed?: boolean; expired?: boolean }[] }) {
  await connectUser(db, id, { lastFullSyncAt: minutesAgo(o.lastFullSyncMin) });
  if (o.notifiedMin !== undefined) await db.updateTable('outlook_connections').set({ last_notification_at: minutesAgo(o.notifiedMin) }).where('user_id', '=', id).execute();
  for (const [i, l] of (o.lists ?? [{ subscribed: true }]).entries()) {
    await db
      .insertInto('project_outlook_lists')
      .values({
        user_id: id,
        is_default: i === 0,
        graph_list_id: `list-${randomUUID()}`,
        graph_list_name: `List ${i}`,
        subscription_id: l.subscribed ? randomUUID() : null,
        subscription_expires_at: l.subscribed ? new Date(Date.now() + (l.expired ? -60_000 : 86_400_000)) : null,
        subscription_failed_at: l.failed ? new Date() : null,
      })
      .execute();
  }
}

describe.each(testEngines())('safety-net cadence on %s', (engine) => {
  const t = useDatabasePerTest(engine);

  it('polls healthy users every healthyIntervalMin and the others every intervalMin', async () => {
    await user(t.db, 'healthy', { lastFullSyncMin: 60, notifiedMin: 5, lists: [{ subscribed: true }, { subscribed: true }] });
    await user(t.db, 'healthy-but-due', { lastFullSyncMin: 400, notifiedMin: 5 });
    await user(t.db, 'list-unsubscribed', { lastFullSyncMin: 60, notifiedMin: 5, lists: [{ subscribed: true }, { subscribed: false }] });
    await user(t.db, 'subscription-failing', { lastFullSyncMin: 60, notifiedMin: 5, lists: [{ subscribed: true, failed: true }] });
    await user(t.db, 'subscription-lapsed', { lastFullSyncMin: 60, notifiedMin: 5, lists: [{ subscribed: true, expired: true }] });
    await user(t.db, 'never-notified', { lastFullSyncMin: 60 });
    await user(t.db, 'recently-synced', { lastFullSyncMin: 5 });
    expect((await findUsersDueForFullSync(t.db, CADENCE, new Date())).sort()).toEqual(
      ['healthy-but-due', 'list-unsubscribed', 'never-notified', 'subscription-failing', 'subscription-lapsed'].sort(),
    );
  });

  it('a push with no notification after it (past the grace) means notifications do not arrive', async () => {
    await user(t.db, 'echo-missing', { lastFullSyncMin: 60, notifiedMin: 40 });
    await user(t.db, 'echo-pending', { lastFullSyncMin: 60, notifiedMin: 40 });
    await sql`insert into task_sync_jobs (user_id, action, task_id, status, completed_at)
              values ('echo-missing', 'update', gen_random_uuid(), 'completed', now() - interval '20 minutes'),
                     ('echo-pending', 'update', gen_random_uuid(), 'completed', now() - interval '2 minutes')`.execute(t.db);
    expect(await findUsersDueForFullSync(t.db, CADENCE, new Date())).toEqual(['echo-missing']);
  });
});
