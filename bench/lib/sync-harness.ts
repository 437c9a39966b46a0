/**
 * Planner + emulator for the sync benchmarks: Outlook deps pointed at an emulator
 * (through a recording fetch), users connected through the real OAuth flow, the real
 * job handlers, and a drain loop that waits for deferred jobs like a runner would.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import { systemClock } from '../../src/config/clock';
import { createLogger } from '../../src/observability/logger';
import type { Emulator } from '../../emulator/index';
import type { Db } from '../../src/db/client';
import { createIdentityClient } from '../../src/graph';
import { createTaskJob } from '../../src/jobs/actions/create-task';
import { deleteTaskJob } from '../../src/jobs/actions/delete-task';
import { projectDeleteJob } from '../../src/jobs/actions/project-delete';
import { projectSyncJob } from '../../src/jobs/actions/project-sync';
import { updateTaskJob } from '../../src/jobs/actions/update-task';
import { nextPendingJobDueAt } from '../../src/db/jobs-repository';
import { processTaskSyncJobs } from '../../src/jobs/process-task-sync-jobs';
import type { JobHandlers, ProcessSummary } from '../../src/jobs/types';
import { completeOutlookConnect, startOutlookConnect, type OutlookDeps } from '../../src/server/outlook';
import { GraphRecorder } from './graph-recorder';
import { sleep } from './stats';

export const BENCH_CLIENT = { clientId: 'planner-bench', clientSecret: 'planner-bench-secret' };
export const BENCH_APP_URL = 'http://127.0.0.1:3999';
const REDIRECT_URI = `${BENCH_APP_URL}/api/integrations/outlook/callback`;
export const BENCH_EMULATOR_CLIENTS = [{ ...BENCH_CLIENT, redirectUris: [REDIRECT_URI] }];

export interface SyncHarness {
  deps: OutlookDeps;
  recorder: GraphRecorder;
  handlers: JobHandlers;
}

export function syncHarness(db: Db, emulator: Emulator): SyncHarness {
  const recorder = new GraphRecorder(emulator.graphUrl);
  const deps: OutlookDeps = {
    db,
    identity: createIdentityClient({
      loginBaseUrl: emulator.url,
      tenantId: 'common',
      clientId: BENCH_CLIENT.clientId,
      clientSecret: BENCH_CLIENT.clientSecret,
      redirectUri: REDIRECT_URI,
    }),
    graphBaseUrl: emulator.graphUrl,
    tokenKey: randomBytes(32),
    sandbox: true,
    appUrl: BENCH_APP_URL,
    log: createLogger({ level: 'error' }),
    fetch: recorder.fetch,
    clock: systemClock,
  };
  const source = async () => deps;
  return {
    deps,
    recorder,
    handlers: {
      create: createTaskJob(source),
      update: updateTaskJob(source),
      delete: deleteTaskJob(source),
      project_sync: projectSyncJob(source),
      project_delete: projectDeleteJob(source),
    },
  };
}

/** A new emulator mailbox and a Planner user connected to it through the OAuth flow. */
export async function connectNewUser(
  harness: SyncHarness,
  emulator: Emulator,
  userId: string = randomUUID(),
): Promise<{ userId: string; mailboxId: string }> {
  const email = `${userId.slice(0, 8)}@planner.bench`;
  const mailbox = await emulator.control.createUser({ email });
  const session = { userId, sessionId: randomUUID() };
  const { url } = await startOutlookConnect(harness.deps, session);
  const authorize = new URL(url);
  authorize.searchParams.set('login_hint', email);
  const redirect = await fetch(authorize, { redirect: 'manual' });
  const location = redirect.headers.get('location');
  if (!location) throw new Error(`authorize answered ${redirect.status}`);
  const result = await completeOutlookConnect(harness.deps, session, new URL(location).searchParams);
  if (!result.ok) throw new Error(`connect failed: ${result.code}`);
  return { userId, mailboxId: mailbox.user.id };
}

/** `projects` Active projects of `tasksEach` open tasks (written directly, as if made before connecting). */
export async function seedProjects(db: Db, userId: string, projects: number, tasksEach: number): Promise<string[]> {
  const rows = await sql<{ id: string }>`
    insert into projects (user_id, name, position)
    select ${userId}, 'Project ' || p, p from generate_series(1, ${projects}::int) p
    returning id`.execute(db);
  for (const { id } of rows.rows) {
    await sql`
      insert into tasks (user_id, project_id, title, notes, due_date, priority, position)
      select ${userId}, ${id}::uuid, 'Task ' || n, case when n % 3 = 0 then 'Some notes for task ' || n else '' end,
             case when n % 4 = 0 then date '2026-12-01' + n else null end,
             (array['low','normal','high'])[1 + n % 3], n
        from generate_series(1, ${tasksEach}::int) n`.execute(db);
  }
  return rows.rows.map((r) => r.id);
}

export interface DrainOptions {
  /** Give up after this long (ms). */
  timeoutMs?: number;
}

/** Runs the worker until no job is pending, sleeping until deferred jobs come due. */
export async function drainQueue(db: Db, handlers: JobHandlers, options: DrainOptions = {}): Promise<ProcessSummary> {
  const total: ProcessSummary = { processed: 0, succeeded: 0, failed: 0, deferred: 0, skipped: 0, remaining: 0 };
  const deadline = Date.now() + (options.timeoutMs ?? 600_000);
  while (Date.now() < deadline) {
    const run = await processTaskSyncJobs({ db, handlers, limit: 100, timeBudgetMs: 120_000 });
    for (const key of ['processed', 'succeeded', 'failed', 'deferred', 'skipped'] as const) total[key] += run[key];
    total.remaining = run.remaining;
    if (run.processed > 0) continue;
    const next = await sql<{ active: string }>`
      select count(*) as active from task_sync_jobs where status in ('pending', 'processing')`.execute(db);
    if (Number(next.rows[0].active) === 0) return total;
    // What the runner does: sleep until the next job comes due (a throttled mailbox's after its pause).
    const due = (await nextPendingJobDueAt(db))?.getTime() ?? Date.now() + 50;
    await sleep(Math.min(1_000, Math.max(10, due - Date.now())));
  }
  throw new Error('queue did not drain in time');
}
