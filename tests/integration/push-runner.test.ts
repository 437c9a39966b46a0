/**
 * The push with the real entry points (issue 6 §6–7): with the in-process runner on,
 * a Planner edit reaches the emulator within 2 s (a functional bound: we poll the
 * emulator for up to 2 s); the /sync route with the default handlers pushes to the
 * emulator only with the right secret and a valid x-sync-limit.
 */
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { POST } from '../../src/app/api/integrations/outlook/sync/route';
import { decodeKey, resetEnvCache } from '../../src/config/env';
import { startQueueRunner } from '../../src/jobs/runner';
import { createTask, updateTask } from '../../src/server/tasks';
import { testEngines } from '../helpers/db';
import { useDatabasePerTest } from '../helpers/fresh-db';
import { setProcessDatabase, TEST_APP_ENV, TEST_SYNC_SECRET, useProcessEnv } from '../helpers/process-env';
import { CLIENT } from './connect-kit';
import { connectedUser, jobsOf, remoteCopies, sleep, usePushEmulator } from './push-kit';

const OUTLOOK_DEPS_KEY = Symbol.for('planner.outlook.deps');

/** Polls `read` every 50 ms for up to `ms`; the last value. */
async function within<T>(ms: number, read: () => Promise<T>, done: (value: T) => boolean): Promise<T> {
  const deadline = Date.now() + ms;
  let value = await read();
  while (!done(value) && Date.now() < deadline) {
    await sleep(50);
    value = await read();
  }
  return value;
}

describe.each(testEngines())('push entry points on %s', (engine) => {
  useProcessEnv(TEST_APP_ENV);
  const t = useDatabasePerTest(engine);
  const e = usePushEmulator();

  it('with the runner on, a Planner edit reaches the emulator within 2 s', async () => {
    const u = await connectedUser(t.db, e.emulator);
    const runner = await startQueueRunner({ database: t.database, handlers: u.handlers, pollIntervalMs: 60_000 });
    try {
      const task = await createTask(t.db, u.userId, { title: 'Near real time' });
      const created = await within(2_000, () => remoteCopies(e.emulator, u.mailboxId, task.id), (c) => c.length === 1);
      expect(created.map((c) => c.title)).toEqual(['Near real time']);

      await updateTask(t.db, u.userId, task.id, { title: 'Near real time, edited', priority: 'high' });
      const edited = await within(2_000, () => remoteCopies(e.emulator, u.mailboxId, task.id), (c) => c[0]?.title === 'Near real time, edited');
      expect(edited[0]).toMatchObject({ title: 'Near real time, edited', importance: 'high' });
    } finally {
      await runner.stop();
    }
  });

  describe('/api/integrations/outlook/sync with the default handlers', () => {
    const saved: Record<string, string | undefined> = {};
    beforeAll(() => {
      const vars = {
        MICROSOFT_GRAPH_BASE_URL: e.emulator.graphUrl,
        MICROSOFT_LOGIN_BASE_URL: e.emulator.url,
        MICROSOFT_CLIENT_ID: CLIENT.clientId,
        MICROSOFT_CLIENT_SECRET: CLIENT.clientSecret,
      };
      for (const [k, v] of Object.entries(vars)) {
        saved[k] = process.env[k];
        process.env[k] = v;
      }
      resetEnvCache();
    });
    afterAll(() => {
      for (const [k, v] of Object.entries(saved)) {
        if (v === undefined) delete process.env[k];
        else process.env[k] = v;
      }
      resetEnvCache();
    });
    let release: () => void = () => {};
    beforeEach(() => {
      release = setProcessDatabase(t.database);
      delete (globalThis as Record<symbol, unknown>)[OUTLOOK_DEPS_KEY];
    });
    afterEach(() => {
      release();
      delete (globalThis as Record<symbol, unknown>)[OUTLOOK_DEPS_KEY];
    });

    const post = (headers: Record<string, string>) => POST(new Request('http://127.0.0.1/api/integrations/outlook/sync', { method: 'POST', headers }));

    it('401 without or with a wrong secret, 400 for a bad x-sync-limit: nothing processed; the right secret pushes', async () => {
      const u = await connectedUser(t.db, e.emulator, { tokenKey: decodeKey(TEST_APP_ENV.TOKEN_ENCRYPTION_KEY)! });
      const task = await createTask(t.db, u.userId, { title: 'Via the cron route' });

      expect((await post({})).status).toBe(401);
      expect((await post({ authorization: 'Bearer not-the-secret-at-all' })).status).toBe(401);
      const bad = await post({ authorization: `Bearer ${TEST_SYNC_SECRET}`, 'x-sync-limit': 'lots' });
      expect(bad.status).toBe(400);
      expect((await bad.json()).error.code).toBe('invalid_sync_limit');
      expect(await remoteCopies(e.emulator, u.mailboxId, task.id)).toEqual([]);
      expect((await jobsOf(t.db, u.userId)).map((j) => [j.status, j.attempts])).toEqual([['pending', 0]]);

      const ok = await post({ authorization: `Bearer ${TEST_SYNC_SECRET}`, 'x-sync-limit': '10' });
      expect(ok.status).toBe(200);
      expect(await ok.json()).toEqual({ processed: 1, succeeded: 1, failed: 0, deferred: 0, skipped: 0, remaining: 0 });
      expect((await remoteCopies(e.emulator, u.mailboxId, task.id)).map((c) => c.title)).toEqual(['Via the cron route']);
    });
  });
});
