/** What the Next.js server does once at start (see src/instrumentation.ts). */
import { getEnv } from '../config/env';
import { getDatabase } from '../db';
import { defaultJobHandlers } from '../jobs/handlers';
import { startQueueRunner } from '../jobs/runner';
import { logger } from '../observability/logger';
import { startMetricSampleFlusher } from '../observability/metrics';
import { upkeepSubscriptionsNow } from './subscriptions';

// On globalThis: Next.js may load this module more than once (route bundles, dev
// reloads), and one process must run one runner.
const KEY = Symbol.for('planner.boot');
type Holder = { [KEY]?: Promise<void> };

export function bootServer(): Promise<void> {
  const holder = globalThis as Holder;
  holder[KEY] ??= (async () => {
    const env = getEnv(); // throws EnvError naming any bad variable
    const database = await getDatabase(); // opens + migrates
    startMetricSampleFlusher(database.db);
    // Outside Vercel the server works the queue itself, as soon as jobs arrive;
    // on Vercel the cron drives /api/integrations/outlook/sync instead.
    const runner = env.PLANNER_RUNNER && !env.VERCEL;
    if (runner) {
      await startQueueRunner({
        database,
        handlers: defaultJobHandlers,
        fullSyncIntervalMin: env.OUTLOOK_FULL_SYNC_INTERVAL_MIN,
        healthyFullSyncIntervalMin: env.OUTLOOK_FULL_SYNC_HEALTHY_INTERVAL_MIN,
        jobRetentionDays: env.OUTLOOK_JOB_RETENTION_DAYS,
        userConcurrency: env.OUTLOOK_WORKER_USER_CONCURRENCY,
        tickUpkeep: upkeepSubscriptionsNow,
      });
    }
    logger().info(
      { database: database.engine, microsoft: env.sandbox ? 'sandbox emulator' : 'Microsoft', runner },
      'planner ready',
    );
  })();
  return holder[KEY];
}
