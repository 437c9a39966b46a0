/**
 * The scheduled alert check (guide §14): build the health report, announce each
 * warning once when it starts firing and once when it clears. State lives in
 * ops_alert_state, so restarts and concurrent checks never repeat a message.
 * An announcement that reaches no channel is un-claimed and retried next check.
 */
import { getEnv } from '../../config/env';
import { getDb } from '../../db';
import type { Executor } from '../../db/client';
import {
  claimFiringWarnings,
  claimResolvedWarnings,
  countNotification,
  releaseFiringClaim,
  releaseResolvedClaim,
} from '../../db/ops-alert-state';
import { buildHealthReport } from '../health/health-report';
import type { HealthThresholds, HealthWarning, Severity } from '../health/health-schema';
import { severityAtLeast } from '../health/warning-rules';
import { logger } from '../../observability/logger';
import { flushMetricSamples } from '../../observability/metrics';
import { channelsFrom, type AlertChannel } from './alert-channels';
import { firingMessage, resolvedMessage, type AlertMessage } from './alert-message';

export interface AlertCheckOptions {
  channels: AlertChannel[];
  minSeverity?: Severity;
  now?: Date;
  thresholds?: HealthThresholds;
  dashboardUrl?: string;
}

export interface AlertCheckResult {
  /** 'no_channels' when nothing is configured: state is left untouched. */
  skipped?: 'no_channels';
  firing: string[];
  announced: string[];
  resolved: string[];
  failed: string[];
}

/** Sends to every channel; true when at least one accepted it. */
async function deliver(channels: AlertChannel[], message: AlertMessage): Promise<boolean> {
  let delivered = false;
  for (const channel of channels) {
    try {
      await channel.send(message);
      delivered = true;
    } catch (error) {
      logger().warn({ err: error, channel: channel.name, code: message.code, kind: message.kind }, 'alert delivery failed');
    }
  }
  return delivered;
}

async function announceFiring(db: Executor, warnings: HealthWarning[], o: AlertCheckOptions, now: Date, r: AlertCheckResult) {
  const claimed = await claimFiringWarnings(db, warnings, now);
  for (const w of warnings.filter((x) => claimed.has(x.code))) {
    if (await deliver(o.channels, firingMessage(w, o.dashboardUrl))) {
      await countNotification(db, w.code);
      r.announced.push(w.code);
    } else {
      await releaseFiringClaim(db, w.code, now);
      r.failed.push(w.code);
    }
  }
}

async function announceResolved(db: Executor, firing: string[], o: AlertCheckOptions, now: Date, r: AlertCheckResult) {
  for (const row of await claimResolvedWarnings(db, firing, now)) {
    if (await deliver(o.channels, resolvedMessage(row, new Date(row.fired_at), now))) {
      await countNotification(db, row.code);
      r.resolved.push(row.code);
    } else {
      await releaseResolvedClaim(db, row.code);
      r.failed.push(row.code);
    }
  }
}

export async function runAlertCheck(db: Executor, options: AlertCheckOptions): Promise<AlertCheckResult> {
  const now = options.now ?? new Date();
  const report = await buildHealthReport(db, { now, thresholds: options.thresholds });
  const warnings = report.warnings.filter((w) => severityAtLeast(w.severity, options.minSeverity ?? 'warning'));
  const result: AlertCheckResult = { firing: warnings.map((w) => w.code), announced: [], resolved: [], failed: [] };
  if (options.channels.length === 0) return { ...result, skipped: 'no_channels' };
  await announceFiring(db, warnings, options, now, result);
  await announceResolved(db, result.firing, options, now, result);
  if (result.announced.length || result.resolved.length || result.failed.length) {
    logger().info({ ...result }, 'alert check');
  }
  return result;
}

/** The check on the process database with channels from the environment (route, runner, CLI). */
export async function runProcessAlertCheck(): Promise<AlertCheckResult> {
  const env = getEnv();
  const db = await getDb();
  await flushMetricSamples(db).catch((error) => logger().warn({ err: error }, 'metric sample flush failed'));
  return runAlertCheck(db, {
    channels: channelsFrom(env),
    minSeverity: env.ALERT_MIN_SEVERITY,
    dashboardUrl: new URL('/admin', env.NEXTAUTH_URL).toString(),
  });
}
