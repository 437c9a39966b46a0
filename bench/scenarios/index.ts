/** Every benchmark, in the order (a)–(h), then (i) found by the scale-out test, then (j) of issue 15. */
import type { Scenario } from '../lib/scenario';
import { propagation } from './a-propagation';
import { initialPush } from './b-initial-push';
import { throttledPush } from './c-throttled-push';
import { queueThroughput } from './d-queue-throughput';
import { webhookBurst } from './e-webhook-burst';
import { idleFullSync } from './f-idle-full-sync';
import { healthLargeQueue } from './g-health-large-queue';
import { pgliteVsPostgres } from './h-pglite-vs-postgres';
import { fairnessBacklog } from './i-fairness-backlog';
import { claimScaling } from './j-claim-scaling';

export const SCENARIOS: Scenario[] = [
  propagation,
  initialPush,
  throttledPush,
  queueThroughput,
  webhookBurst,
  idleFullSync,
  healthLargeQueue,
  pgliteVsPostgres,
  fairnessBacklog,
  claimScaling,
];
