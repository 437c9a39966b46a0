/**
 * The convergence property, shared by the CI test and `npm run soak`: run a command
 * sequence on a fresh world, quiesce, then check that both sides converged, that no
 * job is left failed, and that a further full_sync writes nothing on either side.
 */
import fc from 'fast-check';
import type { Emulator, EmulatorOptions } from '../../emulator/index';
import { applyCommand } from './apply-command';
import { commandsArbitrary, describeCommands, FULL_MIX, type Command, type CommandMix } from './commands';
import { divergences, failedJobProblems } from './compare';
import type { NotificationRelay } from './notification-relay';
import { settleLive } from './live';
import { quiesce, runFullSyncNow } from './quiesce';
import { populateWorld } from './setup-world';
import { createWorld, CONVERGENCE_EMULATOR_CLIENTS, type World } from './world';
import { graphWriteCount, plannerFingerprint } from './world-state';

export interface Stage {
  emulator: Emulator;
  relay: NotificationRelay;
}

/** Emulator settings for fast runs: loopback notifications, quick delivery. */
export const CONVERGENCE_EMULATOR_OPTIONS: EmulatorOptions = {
  clients: CONVERGENCE_EMULATOR_CLIENTS,
  autoApprove: true,
  allowHttpNotificationUrls: true,
  sandboxUser: false,
  notifications: { batchDelayMs: 5, retryBaseMs: 50, retryMaxDelayMs: 500 },
};

export interface RunReport {
  problems: string[];
  trace: string[];
}

export class ConvergenceFailure extends Error {
  constructor(
    readonly commands: Command[],
    readonly report: RunReport,
  ) {
    super(
      `did not converge after ${commands.length} commands:\n${describeCommands(commands)}\n` +
        `problems:\n${report.problems.map((p) => `  - ${p}`).join('\n')}\n` +
        `trace:\n${report.trace.map((t, i) => `  ${i + 1}. ${t}`).join('\n')}`,
    );
    this.name = 'ConvergenceFailure';
  }
}

async function furtherSyncWrites(world: World): Promise<string[]> {
  const before = { writes: await graphWriteCount(world), planner: await plannerFingerprint(world) };
  await runFullSyncNow(world);
  const after = { writes: await graphWriteCount(world), planner: await plannerFingerprint(world) };
  const problems: string[] = [];
  if (after.writes !== before.writes) problems.push(`a further full_sync wrote ${after.writes - before.writes} time(s) to To Do`);
  if (after.planner !== before.planner) problems.push('a further full_sync changed Planner rows');
  return problems;
}

export interface RunOptions {
  /**
   * 'quiesce' (default): bring the world to rest with forced full_syncs, then check that
   * both sides agree (eventual agreement). 'live': only webhooks, the runner and the
   * guide's cron, within LIVENESS_BOUND_MS of emulated time (live.ts), then check.
   */
  settle?: 'quiesce' | 'live';
  inspect?: (world: World) => Promise<void>;
}

/** Runs one sequence on a fresh world; never throws for a divergence, returns it. */
export async function runSequence(stage: Stage, commands: Command[], optionsOrInspect: RunOptions | RunOptions['inspect'] = {}): Promise<RunReport> {
  const options: RunOptions = typeof optionsOrInspect === 'function' ? { inspect: optionsOrInspect } : (optionsOrInspect ?? {});
  await stage.emulator.control.clearFaults();
  await stage.emulator.control.setQuirks({ listsTruncatedTo: null });
  const world = await createWorld(stage.emulator, stage.relay);
  try {
    await populateWorld(world);
    for (const command of commands) {
      try {
        world.trace.push(await applyCommand(world, command));
      } catch (error) {
        world.trace.push(`${command.side}.${command.op} threw: ${(error as Error).message}`);
        return { problems: [`${command.side}.${command.op} threw ${(error as Error).name}: ${(error as Error).message}`], trace: world.trace };
      }
    }
    if (options.settle === 'live') {
      const settled = await settleLive(world, commands);
      world.trace.push(`live: nothing left to do ${settled.settledAfterMs} ms (emulated) after the last command`);
    } else {
      await quiesce(world);
    }
    const problems = [...(await failedJobProblems(world)), ...(await divergences(world))];
    if (problems.length === 0 && options.settle !== 'live') problems.push(...(await furtherSyncWrites(world)));
    await options.inspect?.(world);
    return { problems, trace: world.trace };
  } catch (error) {
    return { problems: [`harness error: ${(error as Error).stack ?? error}`], trace: world.trace };
  } finally {
    await world.close();
  }
}

export function convergenceProperty(stage: Stage, mix: CommandMix = FULL_MIX, maxCommands = 30, settle: RunOptions['settle'] = 'quiesce') {
  return fc.asyncProperty(commandsArbitrary(mix, maxCommands), async (commands) => {
    const report = await runSequence(stage, commands, { settle });
    if (report.problems.length > 0) throw new ConvergenceFailure(commands, report);
  });
}
