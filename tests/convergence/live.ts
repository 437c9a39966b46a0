/**
 * Liveness (issue 14 §4): after the last command, with faults off, both sides agree
 * through what runs in production by itself: notifications to the webhook, the runner
 * working the queue, and the subscriptions cron of the guide (§9). No forced full_sync
 * and no safety-net poll, except for what Graph announces with no notification at all.
 *
 * Emulated time: the settle runs in steps of STEP_MS; at each step, jobs scheduled up to
 * that much later become due (a deferral, a Retry-After, a back-off), and the runner
 * works them. The bound is LIVENESS_BOUND_MS of emulated time after the last command.
 * Not counted in it: the lease of a worker a `crash` command killed (a dead worker's job
 * is taken over when its lease ends; `queue-lease.test.ts` shows that).
 *
 * Allowed the safety net (one periodic full_sync, as the cron would queue it), and said so
 * in the run's trace:
 *  - lists created or renamed in Outlook: To Do has no subscription for lists (graph-facts §3);
 *  - notifications lost: Graph sends no `missed` lifecycle event for todoTask, so nothing
 *    tells Planner a change was announced and dropped (graph-facts §3);
 *  - a lists read truncated: it looks like lists that went away.
 */
import { sql } from 'kysely';
import { processTaskSyncJobs } from '../../src/jobs/process-task-sync-jobs';
import { enqueueTaskSyncJob } from '../../src/jobs/queue';
import type { Command } from './commands';
import { drainCompletely } from './quiesce';
import { maintainSubscriptions, reconnectAsTheGuideSays, type World } from './world';

/** Both sides agree within this much emulated time after the last command (see above). */
export const LIVENESS_BOUND_MS = 10_000;
const STEP_MS = 250;

/** Why a sequence needs the safety net to converge, or null when webhooks must do it alone. */
export function needsSafetyNet(commands: Command[]): string | null {
  for (const c of commands) {
    if (c.side === 'outlook' && (c.op === 'createList' || c.op === 'renameList')) return `Outlook ${c.op}: Graph sends no notification for lists`;
    if (c.side === 'system' && c.op === 'notifications' && c.fate === 'lose') return 'a notification was lost: Graph says nothing of it for todoTask';
    if (c.side === 'fault' && c.op === 'truncateLists' && c.on) return 'a truncated /lists read';
    if (c.side === 'fault' && c.op === 'quirks' && c.quirks.some((q) => q === 'hostile' || q === 'notificationLossRate' || q === 'listsTruncatedTo')) {
      return `Graph quirks that lose notifications or truncate /lists (${c.quirks.join(', ')})`;
    }
  }
  return null;
}

/** Jobs due within `aheadMs` of emulated time become due now; a killed worker's lease ends. */
async function advance(world: World, aheadMs: number): Promise<void> {
  await sql`update task_sync_jobs set scheduled_at = now() where status = 'pending' and scheduled_at <= now() + make_interval(secs => ${aheadMs / 1000})`.execute(world.db);
  await sql`update outlook_connections set throttled_until = null where throttled_until <= now() + make_interval(secs => ${aheadMs / 1000})`.execute(world.db);
  if (world.crash.crashed) {
    await sql`update task_sync_jobs set locked_until = now() - interval '1 second' where status = 'processing'`.execute(world.db);
  }
}

async function jobsDueWithin(world: World, aheadMs: number): Promise<number> {
  const r = await sql<{ n: string }>`
    select count(*) as n from task_sync_jobs
    where status = 'pending' and scheduled_at <= now() + make_interval(secs => ${aheadMs / 1000})`.execute(world.db);
  return Number(r.rows[0].n);
}

export interface LiveSettle {
  /** Emulated ms after the last command when nothing was left to do within the bound. */
  settledAfterMs: number;
  /** Set when the sequence was allowed one safety-net full_sync, and why. */
  safetyNet: string | null;
}

/** Brings the world to rest the way production would, within the bound. */
export async function settleLive(world: World, commands: Command[]): Promise<LiveSettle> {
  const control = world.emulator.control;
  await control.clearFaults();
  await control.setQuirks({ listsTruncatedTo: null });
  world.crash.disarm();
  if (!world.connected) world.trace.push(`live: ${await reconnectAsTheGuideSays(world)}`);
  // The guide's /subscriptions cron (every 30 min), in case one run falls inside the bound.
  await maintainSubscriptions(world);
  let elapsed = 0;
  for (; elapsed <= LIVENESS_BOUND_MS; elapsed += STEP_MS) {
    await control.waitForNotificationsIdle(2_000);
    await world.relay.flush(world.db);
    await advance(world, elapsed);
    const s = await processTaskSyncJobs({ db: world.db, handlers: world.handlers, limit: 100, timeBudgetMs: 30_000 });
    if (s.processed > 0) continue;
    await control.waitForNotificationsIdle(2_000);
    const delivered = world.relay.delivered;
    await world.relay.flush(world.db);
    if (world.relay.delivered === delivered && (await jobsDueWithin(world, LIVENESS_BOUND_MS)) === 0) break;
  }
  const safetyNet = needsSafetyNet(commands);
  if (safetyNet) {
    world.trace.push(`live: safety net allowed (${safetyNet})`);
    await enqueueTaskSyncJob(world.db, { userId: world.userId, action: 'full_sync', payload: { reason: 'periodic' } });
    await drainCompletely(world);
  }
  return { settledAfterMs: Math.min(elapsed, LIVENESS_BOUND_MS), safetyNet };
}
