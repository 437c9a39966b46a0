/**
 * /api/integrations/outlook/sync: a bearer secret (OUTLOOK_SYNC_JOB_SECRET or
 * CRON_SECRET) is required and a header alone is never trusted; x-sync-limit is
 * validated and caps the jobs claimed; the answer is the run summary.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { GET, POST } from '../../src/app/api/integrations/outlook/sync/route';
import { testEngines } from '../helpers/db';
import { useDatabasePerTest } from '../helpers/fresh-db';
import { setProcessDatabase, TEST_APP_ENV, TEST_CRON_SECRET, TEST_SYNC_SECRET, useProcessEnv } from '../helpers/process-env';
import { connectUser, enqueue } from '../helpers/queue';

// Stand-in handlers: complete every job (the real ones are tested with the emulator).
vi.mock('../../src/jobs/handlers', async () => {
  const { completed } = await import('../../src/jobs/types');
  const done = async () => completed({ by: 'test handler' });
  return {
    defaultJobHandlers: { create: done, update: done, delete: done, full_sync: done, project_sync: done, project_delete: done },
  };
});

const URL = 'http://127.0.0.1/api/integrations/outlook/sync';

function request(headers: Record<string, string> = {}, method = 'POST') {
  return new Request(URL, { method, headers });
}

describe.each(testEngines())('/api/integrations/outlook/sync on %s', (engine) => {
  useProcessEnv(TEST_APP_ENV);
  const t = useDatabasePerTest(engine);
  let release: () => void = () => {};
  beforeEach(async () => {
    release = setProcessDatabase(t.database);
    await connectUser(t.db, 'u1');
    for (let i = 0; i < 3; i++) await enqueue(t.db, { userId: 'u1', taskId: crypto.randomUUID() });
  });
  afterEach(() => release());

  async function pendingCount() {
    const rows = await t.db.selectFrom('task_sync_jobs').select(['status', 'attempts']).execute();
    expect(rows.every((r) => r.status !== 'pending' || r.attempts === 0)).toBe(true);
    return rows.filter((r) => r.status === 'pending').length;
  }

  it.each([
    ['no Authorization header', {}],
    ['a wrong secret', { authorization: 'Bearer wrong-secret-wrong-secret' }],
    ['the secret without "Bearer"', { authorization: TEST_SYNC_SECRET }],
    ['only a Vercel cron header', { 'x-vercel-cron': '1', 'user-agent': 'vercel-cron/1.0' }],
  ])('answers 401 to %s and processes nothing', async (_name, headers) => {
    const response = await POST(request(headers));
    expect(response.status).toBe(401);
    expect((await response.json()).error.code).toBe('unauthorized');
    expect(await pendingCount()).toBe(3);
  });

  it.each(['0', '501', '-1', '2.5', 'ten', '1e2'])('answers 400 to x-sync-limit %s and processes nothing', async (limit) => {
    const response = await POST(request({ authorization: `Bearer ${TEST_SYNC_SECRET}`, 'x-sync-limit': limit }));
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({ error: { code: 'invalid_sync_limit', field: 'x-sync-limit' } });
    expect(await pendingCount()).toBe(3);
  });

  it('processes at most x-sync-limit jobs and answers the summary', async () => {
    const response = await POST(request({ authorization: `Bearer ${TEST_SYNC_SECRET}`, 'x-sync-limit': '2' }));
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ processed: 2, succeeded: 2, failed: 0, deferred: 0, skipped: 0, remaining: 1 });
    // Left: the third task job, plus the safety-net full_sync the route queues for the
    // next call (on Vercel the worker cron is the clock of the periodic full_syncs).
    expect(await pendingCount()).toBe(2);
    const periodic = await t.db.selectFrom('task_sync_jobs').select(['user_id', 'payload']).where('action', '=', 'full_sync').execute();
    expect(periodic).toEqual([{ user_id: 'u1', payload: { reason: 'periodic' } }]);
  });

  it('GET with the Vercel cron secret drains with the default limit', async () => {
    const response = await GET(request({ authorization: `Bearer ${TEST_CRON_SECRET}` }, 'GET'));
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ processed: 3, succeeded: 3, remaining: 0 });
  });
});
