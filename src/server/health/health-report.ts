/**
 * buildHealthReport (guide §9): the figures an operator needs, plus typed
 * warnings. Shared by the /health route, the alert check, /admin and the CLI.
 */
import { getDb } from '../../db';
import type { Executor } from '../../db/client';
import {
  countOpenConflicts,
  readConnectionFigures,
  readLastCompletedJob,
  readLastFailedJob,
  readListFigures,
  readOldestPendingJob,
  readQueueFigures,
} from '../../db/health-repository';
import type { HealthReport, HealthThresholds } from './health-schema';
import { thresholdsFromEnv } from './thresholds';
import { deriveWarnings, overallStatus, type HealthFigures } from './warning-rules';

export interface HealthOptions {
  now?: Date;
  thresholds?: HealthThresholds;
}

const iso = (d: Date | string) => new Date(d).toISOString();

async function readFigures(db: Executor, now: Date, t: HealthThresholds): Promise<HealthFigures> {
  const windows = {
    now,
    tokenExpiryWindowMs: t.tokenExpiryWindowMin * 60_000,
    subscriptionExpiryWindowMs: t.subscriptionExpiryWindowMin * 60_000,
  };
  // Sequential on purpose: one connection, and a transaction executor works too.
  const connections = await readConnectionFigures(db, windows);
  const lists = await readListFigures(db, windows);
  const queue = await readQueueFigures(db, now);
  const oldest = await readOldestPendingJob(db);
  const open = await countOpenConflicts(db);
  const oldestPending = oldest
    ? {
        id: oldest.id,
        action: oldest.action,
        userId: oldest.user_id,
        createdAt: iso(oldest.created_at),
        scheduledAt: iso(oldest.scheduled_at),
        ageSeconds: Math.max(0, Math.floor((now.getTime() - new Date(oldest.created_at).getTime()) / 1000)),
      }
    : null;
  return { connections, lists, queue: { ...queue, oldestPending }, conflicts: { open } };
}

async function readLastJobs(db: Executor): Promise<Pick<HealthReport, 'lastCompletedJob' | 'lastFailure'>> {
  const done = await readLastCompletedJob(db);
  const failed = await readLastFailedJob(db);
  return {
    lastCompletedJob: done
      ? { id: done.id, action: done.action, userId: done.user_id, completedAt: iso(done.completed_at!) }
      : null,
    lastFailure: failed
      ? {
          id: failed.id,
          action: failed.action,
          userId: failed.user_id,
          failedAt: iso(failed.updated_at),
          lastError: failed.last_error,
          lastErrorCode: failed.last_error_code,
          attempts: failed.attempts,
        }
      : null,
  };
}

export async function buildHealthReport(db: Executor, options: HealthOptions = {}): Promise<HealthReport> {
  const now = options.now ?? new Date();
  const thresholds = options.thresholds ?? thresholdsFromEnv();
  const figures = await readFigures(db, now, thresholds);
  const lastJobs = await readLastJobs(db);
  const warnings = deriveWarnings(figures, thresholds);
  return {
    status: overallStatus(warnings),
    generatedAt: now.toISOString(),
    ...figures,
    ...lastJobs,
    thresholds,
    warnings,
  };
}

/** The report for the process database (routes, CLI). */
export async function getHealthReport(options: HealthOptions = {}): Promise<HealthReport> {
  return buildHealthReport(await getDb(), options);
}
