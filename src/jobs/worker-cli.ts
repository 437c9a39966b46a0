/**
 * `npm run worker`: the queue runner on its own, for a deployment that runs the
 * worker apart from the web app (several may run against one Postgres). Stops
 * cleanly on SIGINT/SIGTERM, handing unstarted jobs back.
 */
import { getEnv } from '../config/env';
import { closeDatabase, getDatabase } from '../db';
import { logger } from '../observability/logger';
import { startMetricSampleFlusher } from '../observability/metrics';
import { upkeepSubscriptionsNow } from '../server/subscriptions';
import { defaultJobHandlers } from './handlers';
import { startQueueRunner } from './runner';

async function main(): Promise<void> {
  const env = getEnv();
  if (env.localMode) {
    throw new Error(
      'npm run worker needs DATABASE_URL: the embedded PGlite database belongs to the `npm start` process, whose runner already works the queue',
    );
  }
  const database = await getDatabase();
  const stopFlusher = startMetricSampleFlusher(database.db);
  const runner = await startQueueRunner({
    database,
    handlers: defaultJobHandlers,
    fullSyncIntervalMin: env.OUTLOOK_FULL_SYNC_INTERVAL_MIN,
    healthyFullSyncIntervalMin: env.OUTLOOK_FULL_SYNC_HEALTHY_INTERVAL_MIN,
    jobRetentionDays: env.OUTLOOK_JOB_RETENTION_DAYS,
    userConcurrency: env.OUTLOOK_WORKER_USER_CONCURRENCY,
    tickUpkeep: upkeepSubscriptionsNow,
  });
  const keepAlive = setInterval(() => {}, 60_000);
  const shutdown = async (signal: string) => {
    logger().info({ signal }, 'worker stopping');
    clearInterval(keepAlive);
    stopFlusher();
    await runner.stop();
    await closeDatabase();
    process.exit(0);
  };
  process.once('SIGINT', () => void shutdown('SIGINT'));
  process.once('SIGTERM', () => void shutdown('SIGTERM'));
}

main().catch((error) => {
  logger().fatal({ err: error }, 'worker failed to start');
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
