/**
 * Bringing a world to rest: faults off, the connection back, late notifications
 * delivered, the queue drained (deferred jobs made due, crashed workers' leases
 * expired), then a final full_sync and its follow-up jobs. A list the mass-delete
 * guard paused is confirmed as an operator would (forceLists) and reported.
 */
import { sql } from 'kysely';
import { enqueueTaskSyncJob } from '../../src/jobs/queue';
import { processTaskSyncJobs } from '../../src/jobs/process-task-sync-jobs';
import { maintainSubscriptions, reconnectAsTheGuideSays, type World } from './world';

const MAX_ROUNDS = 30;

/** Pending jobs due now, expired leases of crashed workers, mailbox throttle pauses over: what waiting would bring. */
async function letTimePass(world: World): Promise<void> {
  await sql`update task_sync_jobs set scheduled_at = now() where status = 'pending' and scheduled_at > now()`.execute(world.db);
  await sql`update outlook_connections set throttled_until = null where throttled_until is not null`.execute(world.db);
  await sql`update task_sync_jobs set locked_until = now() - interval '1 second' where status = 'processing'`.execute(world.db);
}

async function activeJobCount(world: World): Promise<number> {
  const r = await sql<{ n: string }>`select count(*) as n from task_sync_jobs where status in ('pending', 'processing')`.execute(world.db);
  return Number(r.rows[0].n);
}

/** Works the queue until no job is left, however long its deferrals. */
export async function drainCompletely(world: World): Promise<void> {
  for (let round = 0; round < MAX_ROUNDS; round++) {
    await letTimePass(world);
    for (;;) {
      const s = await processTaskSyncJobs({ db: world.db, handlers: world.handlers, limit: 100, timeBudgetMs: 60_000 });
      if (s.processed === 0) break;
    }
    if ((await activeJobCount(world)) === 0) return;
  }
  throw new Error(`queue still busy after ${MAX_ROUNDS} rounds`);
}

export async function runFullSyncNow(world: World, payload: Record<string, unknown> = {}): Promise<void> {
  await drainCompletely(world);
  const r = await enqueueTaskSyncJob(world.db, { userId: world.userId, action: 'full_sync', payload: { reason: 'quiesce', ...payload } });
  if (r.status === 'skipped') throw new Error(`final full_sync not enqueued: ${r.reason}`);
  await drainCompletely(world);
}

async function pausedLists(world: World): Promise<string[]> {
  const rows = await world.db
    .selectFrom('project_outlook_lists')
    .select('graph_list_id')
    .where('user_id', '=', world.userId)
    .where('is_active', '=', true)
    .where('sync_paused_at', 'is not', null)
    .execute();
  return rows.map((r) => r.graph_list_id);
}

export async function quiesce(world: World): Promise<void> {
  const control = world.emulator.control;
  await control.clearFaults();
  await control.setQuirks({ listsTruncatedTo: null });
  world.crash.disarm();
  if (!world.connected) {
    const outcome = await reconnectAsTheGuideSays(world);
    if (!world.connected) throw new Error('reconnect while quiescing failed');
    world.trace.push(`quiesce: ${outcome}`);
  }
  await maintainSubscriptions(world);
  await control.waitForNotificationsIdle(2_000);
  await world.relay.flush(world.db);
  await drainCompletely(world);
  await runFullSyncNow(world);
  const paused = await pausedLists(world);
  if (paused.length > 0) {
    world.trace.push(`quiesce: mass-delete guard paused ${paused.length} list(s); confirmed with forceLists`);
    await runFullSyncNow(world, { forceLists: paused });
  }
  await runFullSyncNow(world);
}
