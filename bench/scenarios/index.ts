/** Every benchmark, in the order (a)–(h). */
import type { Scenario } from '../lib/scenario';
import { notMeasured } from '../lib/scenario';
import { initialPush } from './b-initial-push';
import { throttledPush } from './c-throttled-push';
import { queueThroughput } from './d-queue-throughput';
import { healthLargeQueue } from './g-health-large-queue';
import { pgliteVsPostgres } from './h-pglite-vs-postgres';
import { fairnessBacklog } from './i-fairness-backlog';

/** A benchmark whose code under test has not landed yet: reports why, never a number. */
function pending(id: string, title: string, targetText: string, reason: string): Scenario {
  return { id, title, targetText, run: async () => notMeasured(targetText, reason) };
}

export const SCENARIOS: Scenario[] = [
  pending('a', 'Propagation latency Planner → To Do and To Do → Planner, 200 edits, 50 ms Graph latency', 'p95 reported (no target)', 'push and pull handlers not in src/jobs/handlers.ts yet'),
  initialPush,
  throttledPush,
  queueThroughput,
  pending('e', 'Webhook ingestion, burst of 5,000 notifications', 'p99 < 300 ms', 'the webhook route is not in the app yet'),
  pending('f', 'Incremental full_sync with nothing changed, 50 lists × 200 tasks', '1 Graph request per list', 'full_sync handler not in src/jobs/handlers.ts yet'),
  healthLargeQueue,
  pgliteVsPostgres,
  fairnessBacklog,
];
