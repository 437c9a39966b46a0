/**
 * (f) Incremental full_sync with nothing changed: 50 projects × 200 tasks pushed and
 * pulled once (cursors stored), then one more full_sync is measured: Graph requests per
 * list (target 1: one delta round on the stored deltaLink) and wall time.
 */
import { randomUUID } from 'node:crypto';
import { startEmulator } from '../../emulator/index';
import { fullSyncJob } from '../../src/jobs/actions/full-sync';
import { enqueueTaskSyncJob, JOB_PRIORITY } from '../../src/jobs/queue';
import { PUSH_OPEN_TASKS_REASON } from '../../src/server/push/push-open-tasks';
import { createPostgresBenchDatabase } from '../lib/bench-database';
import { notMeasured, type BenchContext, type Scenario } from '../lib/scenario';
import { round, timed } from '../lib/stats';
import { BENCH_EMULATOR_CLIENTS, connectNewUser, drainQueue, seedProjects, syncHarness } from '../lib/sync-harness';

const TARGET = '1 Graph request per list';

export const idleFullSync: Scenario = {
  id: 'f',
  title: 'Incremental full_sync with nothing changed, 50 lists × 200 tasks',
  targetText: TARGET,
  async run(ctx: BenchContext) {
    if (!ctx.postgresAdminUrl) return notMeasured(TARGET, 'no Postgres reachable');
    const lists = 50;
    const tasksEach = ctx.quick ? 20 : 200;
    // Setting up 10,000 tasks is itself over Outlook's 10,000 requests / 10 min per mailbox
    // (the set-up is not what is measured), so the emulator's window limit is lifted; the
    // measured sync makes ~50 requests, far under it either way.
    const emulator = await startEmulator({ clients: BENCH_EMULATOR_CLIENTS, autoApprove: true, sandboxUser: false, throttle: { maxRequestsPerWindow: 1_000_000 } });
    const bench = await createPostgresBenchDatabase(ctx.postgresAdminUrl);
    try {
      const db = bench.database.db;
      const harness = syncHarness(db, emulator);
      const handlers = { ...harness.handlers, full_sync: fullSyncJob(async () => harness.deps) };
      const userId = randomUUID();
      const projectIds = await seedProjects(db, userId, lists, tasksEach);
      await connectNewUser(harness, emulator, userId);
      ctx.log(`(f) pushing ${lists} × ${tasksEach} tasks and pulling them once`);
      for (const projectId of projectIds) {
        await enqueueTaskSyncJob(db, { userId, action: 'project_sync', projectId, priority: JOB_PRIORITY.bulk, payload: { reason: PUSH_OPEN_TASKS_REASON } });
      }
      await drainQueue(db, handlers, { timeoutMs: 1_200_000 });
      await enqueueTaskSyncJob(db, { userId, action: 'full_sync', payload: { reason: 'bench-warm' } });
      await drainQueue(db, handlers);
      harness.recorder.reset();
      ctx.log('(f) measuring one full_sync with nothing changed');
      const [, wallMs] = await timed(async () => {
        await enqueueTaskSyncJob(db, { userId, action: 'full_sync', payload: { reason: 'bench' } });
        await drainQueue(db, handlers);
      });
      const requests = harness.recorder.requests.length;
      const mapped = lists + 1; // the projects' lists and the default (Inbox) list
      const perList = requests / mapped;
      const byRoute = harness.recorder.byRoute();
      return {
        status: 'measured',
        headline: `${round(perList, 2)} requests per list (${requests} for ${mapped} lists incl. the lists delta), ${Math.round(wallMs)} ms`,
        target: { text: TARGET, met: perList <= 1.05 },
        figures: { lists: mapped, tasksEach, requests, requestsPerList: round(perList, 3), wallMs: Math.round(wallMs), requestsByRoute: byRoute },
        notes: ['Counted on the app side; one request is the lists delta (the user\'s lists cursor), the rest one task delta per list on its stored deltaLink.'],
      };
    } finally {
      await bench.drop();
      await emulator.close();
    }
  },
};
