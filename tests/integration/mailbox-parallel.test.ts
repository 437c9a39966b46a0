/**
 * Several jobs of one user in flight (issue 15 §2): one worker runs up to 4 of a user's
 * claimed jobs of different tasks at once, so the mailbox sees several requests at once,
 * never more than 4 (Outlook's concurrent limit), and nothing is throttled.
 */
import { describe, expect, it } from 'vitest';
import { createTask } from '../../src/server/tasks';
import { testEngines, useTestDatabase } from '../helpers/db';
import { TEST_APP_ENV, useProcessEnv } from '../helpers/process-env';
import { connectedUser, drain, usePushEmulator } from './push-kit';

describe.each(testEngines())('jobs of one mailbox in flight on %s', (engine) => {
  useProcessEnv(TEST_APP_ENV);
  const t = useTestDatabase(engine);
  const e = usePushEmulator({ latencyMs: [20, 30] });

  it('a user\'s pushes of 12 tasks run several at once, at most 4 requests in flight', async () => {
    const u = await connectedUser(t.db, e.emulator);
    for (let k = 0; k < 12; k++) await createTask(t.db, u.userId, { title: `Task ${k}` });
    await e.emulator.control.resetStats();
    const summary = await drain(t.db, u.handlers, { userConcurrency: 1 });
    expect(summary).toMatchObject({ succeeded: 12, failed: 0 });
    const stats = await e.emulator.control.stats();
    expect(stats.maxInFlightByMailbox[u.mailboxId]).toBeGreaterThan(1);
    expect(stats.maxInFlightByMailbox[u.mailboxId]).toBeLessThanOrEqual(4);
    expect(Object.values(stats.throttledByMailbox).reduce((x, y) => x + y, 0)).toBe(0);
    expect(stats.requests['POST /v1.0/me/todo/lists/{id}/tasks']).toEqual({ '201': 12 });
  });
});
