/**
 * Each health warning appears when its condition holds in the database and
 * disappears when it clears (guide §9), on PGlite and Postgres.
 */
import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import type { Db } from '../../src/db/client';
import type { WarningCode } from '../../src/server/health/health-schema';
import { healthReportSchema } from '../../src/server/health/health-schema';
import { buildHealthReport } from '../../src/server/health/health-report';
import { DEFAULT_THRESHOLDS } from '../../src/server/health/thresholds';
import { testEngines, useTestDatabase } from '../helpers/db';

const NOW = new Date('2025-11-04T12:00:00.000Z');
const minutes = (m: number) => new Date(NOW.getTime() + m * 60_000);

async function report(db: Db) {
  const r = await buildHealthReport(db, { now: NOW, thresholds: DEFAULT_THRESHOLDS });
  return healthReportSchema.parse(JSON.parse(JSON.stringify(r)));
}

async function warningCodes(db: Db): Promise<WarningCode[]> {
  return (await report(db)).warnings.map((w) => w.code);
}

async function connect(db: Db, userId: string, extra: Record<string, unknown> = {}) {
  await db
    .insertInto('outlook_connections')
    .values({
      user_id: userId,
      microsoft_account_id: `ms-${userId}`,
      planner_list_id: 'default-list',
      refresh_token_secret: crypto.randomUUID(),
      access_token_expires_at: minutes(24 * 60),
      ...extra,
    })
    .execute();
}

async function addList(db: Db, userId: string, extra: Record<string, unknown> = {}) {
  const row = await db
    .insertInto('project_outlook_lists')
    .values({
      user_id: userId,
      graph_list_id: `list-${crypto.randomUUID()}`,
      graph_list_name: 'A list',
      subscription_id: `sub-${crypto.randomUUID()}`,
      subscription_expires_at: minutes(3 * 24 * 60),
      ...extra,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

async function addJob(db: Db, extra: Record<string, unknown>) {
  const row = await db
    .insertInto('task_sync_jobs')
    .values({ user_id: 'u-jobs', action: 'create', task_id: crypto.randomUUID(), created_at: NOW, scheduled_at: NOW, ...extra })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

async function clearAll(db: Db) {
  await db.deleteFrom('task_sync_jobs').execute();
  await db.deleteFrom('project_outlook_lists').execute();
  await db.deleteFrom('outlook_connections').execute();
}

describe.each(testEngines())('health report on %s', (engine) => {
  const t = useTestDatabase(engine);

  /** Seeds a condition, checks the warning, clears it, checks it is gone. */
  async function cycle(code: WarningCode, seed: () => Promise<() => Promise<void>>) {
    await clearAll(t.db);
    expect(await warningCodes(t.db)).toEqual([]);
    const clear = await seed();
    expect(await warningCodes(t.db)).toEqual([code]);
    await clear();
    expect(await warningCodes(t.db)).toEqual([]);
  }

  it('reports every §9 figure on an empty database, with no warnings', async () => {
    const r = await report(t.db);
    expect(r.status).toBe('ok');
    expect(r.queue).toMatchObject({ pending: 0, processing: 0, failed: 0, stuckProcessing: 0, oldestPending: null });
    expect(r.lastCompletedJob).toBeNull();
    expect(r.lastFailure).toBeNull();
    expect(r.conflicts.open).toBe(0);
  });

  it('high_backlog', () =>
    cycle('high_backlog', async () => {
      for (let i = 0; i < 100; i++) await addJob(t.db, { scheduled_at: minutes(5) });
      return async () => {
        await t.db.updateTable('task_sync_jobs').set({ status: 'completed', completed_at: NOW }).execute();
      };
    }));

  it('stale_pending_job, with the oldest job and its age', async () => {
    await cycle('stale_pending_job', async () => {
      const id = await addJob(t.db, { created_at: minutes(-45), scheduled_at: minutes(-45) });
      await addJob(t.db, { created_at: minutes(-1) });
      const r = await report(t.db);
      expect(r.queue.oldestPending).toMatchObject({ id, ageSeconds: 45 * 60 });
      expect(r.queue).toMatchObject({ pending: 2, pendingDue: 2 });
      return async () => {
        await t.db.updateTable('task_sync_jobs').set({ status: 'completed', completed_at: NOW }).where('id', '=', id).execute();
      };
    });
  });

  it('failed_jobs, with the last failure and its last_error', () =>
    cycle('failed_jobs', async () => {
      await addJob(t.db, { status: 'failed', last_error: 'older', updated_at: minutes(-10) });
      const id = await addJob(t.db, { status: 'failed', last_error: 'Item not found', last_error_code: 'ErrorItemNotFound' });
      await t.db.updateTable('task_sync_jobs').set({ updated_at: NOW }).where('id', '=', id).execute();
      const r = await report(t.db);
      expect(r.lastFailure).toMatchObject({ id, lastError: 'Item not found', lastErrorCode: 'ErrorItemNotFound' });
      expect(r.queue.failed).toBe(2);
      return async () => {
        await t.db.updateTable('task_sync_jobs').set({ status: 'pending', scheduled_at: minutes(1) }).execute();
      };
    }));

  it('no warning for access tokens expiring or expired as they normally do (right after connecting)', async () => {
    await clearAll(t.db);
    await connect(t.db, 'u-tok', { access_token_expires_at: minutes(59) });
    await connect(t.db, 'u-idle', { access_token_expires_at: minutes(-90) });
    const r = await report(t.db);
    expect(r.connections).toMatchObject({ total: 2, tokensExpiring: 1, tokensExpired: 1, refreshTokenMissing: 0 });
    expect(r.warnings).toEqual([]);
    expect(r.status).toBe('ok');
  });

  it('refresh_token_missing', () =>
    cycle('refresh_token_missing', async () => {
      await connect(t.db, 'u-norefresh', { refresh_token_secret: null });
      expect((await report(t.db)).connections).toMatchObject({ total: 1, refreshTokenMissing: 1 });
      return async () => {
        await t.db.updateTable('outlook_connections').set({ refresh_token_secret: crypto.randomUUID() }).execute();
      };
    }));

  it('missing_list_ids (no default list after the first full sync)', () =>
    cycle('missing_list_ids', async () => {
      await connect(t.db, 'u-miss', { planner_list_id: null, last_full_sync_at: minutes(-5) });
      return async () => {
        await t.db.updateTable('outlook_connections').set({ planner_list_id: 'inbox-list' }).execute();
      };
    }));

  it('subscriptions_expired', () =>
    cycle('subscriptions_expired', async () => {
      await connect(t.db, 'u-sub');
      const id = await addList(t.db, 'u-sub', { subscription_expires_at: minutes(-1) });
      return async () => {
        await t.db.updateTable('project_outlook_lists').set({ subscription_expires_at: minutes(4000) }).where('id', '=', id).execute();
      };
    }));

  it('subscriptions_expiring', () =>
    cycle('subscriptions_expiring', async () => {
      await connect(t.db, 'u-sub2');
      const id = await addList(t.db, 'u-sub2', { subscription_expires_at: minutes(30) });
      expect((await report(t.db)).lists.subscriptions).toEqual({ active: 0, expired: 0, expiringSoon: 1, failing: 0 });
      return async () => {
        await t.db.updateTable('project_outlook_lists').set({ subscription_expires_at: minutes(4000) }).where('id', '=', id).execute();
      };
    }));

  it('subscriptions_failing (Graph refused to make or renew one)', () =>
    cycle('subscriptions_failing', async () => {
      await connect(t.db, 'u-sub3');
      const id = await addList(t.db, 'u-sub3', { subscription_id: null, subscription_expires_at: null, subscription_error: 'ValidationError: notification URL not reachable', subscription_failed_at: minutes(-2) });
      expect((await report(t.db)).lists.subscriptions).toMatchObject({ failing: 1 });
      return async () => {
        await t.db.updateTable('project_outlook_lists').set({ subscription_error: null, subscription_failed_at: null }).where('id', '=', id).execute();
      };
    }));

  it('stuck_jobs (processing past the lease)', () =>
    cycle('stuck_jobs', async () => {
      await addJob(t.db, { status: 'processing', locked_until: minutes(5), worker_id: 'w-alive' });
      expect(await warningCodes(t.db)).toEqual([]);
      const id = await addJob(t.db, { status: 'processing', locked_until: minutes(-1), worker_id: 'w-dead' });
      return async () => {
        await t.db.updateTable('task_sync_jobs').set({ locked_until: minutes(5) }).where('id', '=', id).execute();
      };
    }));

  it('needs_reconnect', () =>
    cycle('needs_reconnect', async () => {
      await connect(t.db, 'u-rc', { needs_reconnect: true, needs_reconnect_reason: 'invalid_grant' });
      return async () => {
        await t.db.updateTable('outlook_connections').set({ needs_reconnect: false }).execute();
      };
    }));

  it('lists_paused (mass-delete guard)', () =>
    cycle('lists_paused', async () => {
      await connect(t.db, 'u-p');
      await addList(t.db, 'u-p', { sync_paused_at: minutes(-3), sync_paused_reason: 'remote list came back empty' });
      return async () => {
        await t.db.updateTable('project_outlook_lists').set({ sync_paused_at: null }).execute();
      };
    }));

  it('sync_conflicts, counting only open conflicts', async () => {
    const exists = await sql<{ t: string | null }>`select to_regclass('public.sync_conflicts')::text as t`.execute(t.db);
    if (!exists.rows[0].t) {
      // Before the pull engine's migration: stand in with the two columns the report reads.
      await sql`create table public.sync_conflicts (id bigserial primary key, user_id text, task_id uuid, field text, winner text, resolved_at timestamptz)`.execute(t.db);
    }
    await cycle('sync_conflicts', async () => {
      const task = await t.db.insertInto('tasks').values({ user_id: 'u-c', title: 'Conflicted' }).returning('id').executeTakeFirstOrThrow();
      await sql`insert into public.sync_conflicts (user_id, task_id, field, winner, resolved_at)
                values ('u-c', ${task.id}, 'title', 'local', null), ('u-c', ${task.id}, 'due_date', 'remote', null),
                       ('u-c', ${task.id}, 'notes', 'local', now())`.execute(t.db);
      expect((await report(t.db)).conflicts.open).toBe(2);
      return async () => {
        await sql`update public.sync_conflicts set resolved_at = now()`.execute(t.db);
      };
    });
  });

  it('reports the last completed job', async () => {
    await clearAll(t.db);
    await addJob(t.db, { status: 'completed', completed_at: minutes(-30) });
    const id = await addJob(t.db, { status: 'completed', completed_at: minutes(-2) });
    expect((await report(t.db)).lastCompletedJob).toMatchObject({ id, completedAt: minutes(-2).toISOString() });
  });
});
