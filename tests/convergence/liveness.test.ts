/**
 * Liveness (issue 14 §4): the same random sequences as the convergence test, but after
 * the last command nothing is forced: no final full_sync, no safety-net poll. Only the
 * notifications Graph sends, the runner and the guide's subscriptions cron bring both
 * sides together, within LIVENESS_BOUND_MS of emulated time (tests/convergence/live.ts
 * says what the bound counts and which changes are allowed the safety net).
 */
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTask } from '../../src/server/tasks/service';
import { CI_MIX } from './ci-mix';
import { divergences } from './compare';
import { needsSafetyNet, settleLive, LIVENESS_BOUND_MS } from './live';
import { convergenceProperty, runSequence, type Stage } from './property';
import { LIVENESS_REGRESSIONS } from './regressions';
import { openStage } from './stage';
import { createWorld } from './world';
import { remoteLists } from './world-state';

const LIVE_RUNS = 60;
const LIVE_SEED = 20_261_203;

describe(`liveness: agreement within ${LIVENESS_BOUND_MS / 1000} s of emulated time, by webhooks alone`, () => {
  let stage: Stage & { close(): Promise<void> };

  beforeAll(async () => {
    stage = await openStage();
  });
  afterAll(async () => {
    await stage?.close();
  });

  it('an Outlook edit reaches Planner by its notification, with no full_sync forced', async () => {
    const world = await createWorld(stage.emulator, stage.relay);
    try {
      await createTask(world.db, world.userId, { title: 'T1' });
      world.createdTokens.add('T1');
      const commands = [{ side: 'system', op: 'work', jobs: 6 }] as const;
      await settleLive(world, [...commands]);
      const inbox = (await remoteLists(world)).find((l) => l.tasks.some((t) => t.title === 'T1'))!;
      const t1 = inbox.tasks.find((t) => t.title === 'T1')!;
      await stage.emulator.control.updateTask(world.mailboxId, inbox.id, t1.id, { importance: 'high' });
      const settled = await settleLive(world, []);
      expect(settled.safetyNet).toBeNull();
      expect(await divergences(world)).toEqual([]);
    } finally {
      await world.close();
    }
  });

  it('the check is not vacuous: a change Graph never announces is seen as a divergence without the safety net', async () => {
    const world = await createWorld(stage.emulator, stage.relay);
    try {
      await createTask(world.db, world.userId, { title: 'T1' });
      world.createdTokens.add('T1');
      await settleLive(world, []);
      const inbox = (await remoteLists(world)).find((l) => l.tasks.some((t) => t.title === 'T1'))!;
      const t1 = inbox.tasks.find((t) => t.title === 'T1')!;
      world.relay.clear();
      await stage.emulator.control.updateTask(world.mailboxId, inbox.id, t1.id, { importance: 'high' });
      await stage.emulator.control.waitForNotificationsIdle(2_000);
      world.relay.clear(); // the notification is lost, and nothing says so
      await settleLive(world, []);
      expect((await divergences(world)).some((p) => p.startsWith('T1: fields differ (priority)'))).toBe(true);
    } finally {
      await world.close();
    }
  });

  it('says which sequences are allowed the safety net', () => {
    expect(needsSafetyNet([{ side: 'outlook', op: 'renameList', list: 0, value: 1 }])).toMatch(/no notification for lists/);
    expect(needsSafetyNet([{ side: 'system', op: 'notifications', fate: 'lose' }])).toMatch(/lost/);
    expect(needsSafetyNet([{ side: 'outlook', op: 'editTask', task: 0, field: 'title', value: 1 }])).toBeNull();
  });

  it.each(LIVENESS_REGRESSIONS)('live where it once was not: $name', async ({ commands }) => {
    const report = await runSequence(stage, commands, { settle: 'live' });
    expect(report.problems).toEqual([]);
  });

  it(`after any interleaving of edits, faults and crashes (${LIVE_RUNS} seeded runs)`, async () => {
    await fc.assert(convergenceProperty(stage, CI_MIX, 30, 'live'), { numRuns: LIVE_RUNS, seed: LIVE_SEED, endOnFailure: false });
  }, 1_200_000);
});
