/**
 * (e) Webhook ingestion: the built app (`next start`, Postgres) takes a burst of 5,000
 * change-notification POSTs from autocannon, each for one of 5,000 subscriptions of
 * 1,000 users with the right clientState. Notifications per second and p99 answer
 * time; afterwards each notified user has exactly one queued full_sync.
 */
import { randomBytes } from 'node:crypto';
import autocannon from 'autocannon';
import { sql } from 'kysely';
import type { Db } from '../../src/db/client';
import { startAppServer, type AppServer } from '../../tests/helpers/app-server';
import { BENCH_DIST_DIR, ensureBenchBuild } from '../lib/app-build';
import { createPostgresBenchDatabase } from '../lib/bench-database';
import { notMeasured, type BenchContext, type Scenario } from '../lib/scenario';
import { round } from '../lib/stats';

const TARGET = 'p99 < 300 ms';
const USERS = 1_000;
const LISTS_PER_USER = 5;
const CONNECTIONS = 50;
const WEBHOOK_PATH = '/api/integrations/outlook/webhook';

interface Subscription {
  id: string;
  clientState: string;
}

async function seedSubscriptions(db: Db): Promise<Subscription[]> {
  const subscriptions: Subscription[] = [];
  for (let u = 0; u < USERS; u++) {
    for (let l = 0; l < LISTS_PER_USER; l++) subscriptions.push({ id: `sub-${u}-${l}`, clientState: randomBytes(24).toString('base64url') });
  }
  await sql`
    insert into outlook_connections (user_id, microsoft_account_id, last_full_sync_at)
    select 'bench-user-' || u, 'ms-bench-' || u, now() from generate_series(0, ${USERS - 1}::int) u`.execute(db);
  await sql`
    insert into project_outlook_lists (user_id, graph_list_id, graph_list_name, subscription_id, subscription_client_state, subscription_expires_at)
    select 'bench-user-' || split_part(s.id, '-', 2), 'list-' || s.id, 'List', s.id, s.cs, now() + interval '2 days'
      from unnest(${subscriptions.map((s) => s.id)}::text[], ${subscriptions.map((s) => s.clientState)}::text[]) as s(id, cs)`.execute(db);
  return subscriptions;
}

function notificationBody(s: Subscription): string {
  return JSON.stringify({
    value: [
      {
        subscriptionId: s.id,
        clientState: s.clientState,
        changeType: 'updated',
        resource: `Users/bench/todo/lists/list-${s.id}/tasks/task-${randomBytes(6).toString('hex')}`,
        subscriptionExpirationDateTime: new Date(Date.now() + 86_400_000).toISOString(),
        tenantId: 'bench-tenant',
        resourceData: { '@odata.type': '#microsoft.graph.todoTask', id: randomBytes(8).toString('hex') },
      },
    ],
  });
}

async function fire(app: AppServer, subscriptions: Subscription[], amount: number) {
  let next = 0;
  return autocannon({
    url: `${app.url}${WEBHOOK_PATH}`,
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    connections: CONNECTIONS,
    amount,
    timeout: 10,
    requests: [{ method: 'POST', setupRequest: (req) => ({ ...req, body: notificationBody(subscriptions[next++ % subscriptions.length]) }) }],
  });
}

export const webhookBurst: Scenario = {
  id: 'e',
  title: 'Webhook ingestion, burst of 5,000 notifications',
  targetText: TARGET,
  async run(ctx: BenchContext) {
    if (!ctx.postgresAdminUrl) return notMeasured(TARGET, 'no Postgres reachable');
    ensureBenchBuild(ctx.log);
    const amount = ctx.quick ? 1_000 : 5_000;
    const bench = await createPostgresBenchDatabase(ctx.postgresAdminUrl);
    let app: AppServer | undefined;
    try {
      const subscriptions = await seedSubscriptions(bench.database.db);
      app = await startAppServer({ distDir: BENCH_DIST_DIR, databaseUrl: bench.url, env: { PLANNER_RUNNER: '0', LOG_LEVEL: 'warn' } });
      ctx.log(`(e) warm-up, then ${amount} notifications over ${CONNECTIONS} connections`);
      await fire(app, subscriptions, 200);
      await sql`delete from task_sync_jobs`.execute(bench.database.db);
      const r = await fire(app, subscriptions, amount);
      const jobs = await sql<{ n: string; users: string }>`
        select count(*) as n, count(distinct user_id) as users from task_sync_jobs where action = 'full_sync' and status = 'pending'`.execute(bench.database.db);
      const accepted = r.statusCodeStats['202']?.count ?? 0;
      const perSecond = amount / r.duration;
      return {
        status: 'measured',
        headline: `${Math.round(perSecond)} notifications/s, p50 ${r.latency.p50} ms, p99 ${r.latency.p99} ms, max ${r.latency.max} ms`,
        target: { text: TARGET, met: r.latency.p99 < 300 && accepted === amount },
        figures: {
          notifications: amount,
          connections: CONNECTIONS,
          accepted202: accepted,
          errors: r.errors,
          timeouts: r.timeouts,
          durationSeconds: round(r.duration, 2),
          notificationsPerSecond: round(perSecond),
          p50Ms: r.latency.p50,
          p99Ms: r.latency.p99,
          maxMs: r.latency.max,
          fullSyncsQueued: Number(jobs.rows[0].n),
          usersQueued: Number(jobs.rows[0].users),
        },
        notes: [
          `One notification per POST (Graph may batch several), ${CONNECTIONS} connections at once, app and Postgres on the same machine as the load generator; ` +
            `${jobs.rows[0].n} full_syncs queued for ${jobs.rows[0].users} users (at most one per user).`,
        ],
      };
    } finally {
      await app?.stop();
      await bench.drop();
    }
  },
};
