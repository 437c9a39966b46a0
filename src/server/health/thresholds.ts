/** Health thresholds, configurable through env (HEALTH_*; see src/config/env.ts). */
import { getEnv } from '../../config/env';
import type { HealthThresholds } from './health-schema';

export function thresholdsFromEnv(): HealthThresholds {
  const env = getEnv();
  return {
    backlog: env.HEALTH_BACKLOG_THRESHOLD,
    oldestPendingMaxMin: env.HEALTH_OLDEST_PENDING_MAX_MIN,
    failedJobs: env.HEALTH_FAILED_JOBS_THRESHOLD,
    tokenExpiryWindowMin: env.HEALTH_TOKEN_EXPIRY_WINDOW_MIN,
    subscriptionExpiryWindowMin: env.HEALTH_SUBSCRIPTION_EXPIRY_WINDOW_MIN,
  };
}

/** Defaults, for tests and callers without an environment. */
export const DEFAULT_THRESHOLDS: HealthThresholds = {
  backlog: 100,
  oldestPendingMaxMin: 30,
  failedJobs: 1,
  tokenExpiryWindowMin: 60,
  subscriptionExpiryWindowMin: 120,
};
