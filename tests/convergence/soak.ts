/**
 * `npm run soak -- --seeds N`: the convergence state machine for as many runs as you
 * like (CI runs a fixed budget in convergence.test.ts). Replay a failure with the seed
 * and path it prints: `npm run soak -- --seed 123 --path "4:1:0"`.
 *
 *   --seeds N          runs (default 200)
 *   --seed S           base seed (default: random, printed)
 *   --path P           replay one counterexample (with its seed)
 *   --max-commands M   longest sequence (default 30; issue 14 runs 60)
 *   --quirks Q         every run starts with Graph's quirks on: `hostile` (all of the
 *                      emulator's HOSTILE_QUIRKS) or names, e.g. partialDeltaUpdates,deletedListDeltaEmpty
 *   --single-user      no second user: the generator of the soaks before issue 14 (old seeds replay)
 *   --exclude K,K      leave out commands, e.g. outlook.moveTask,connection.*
 *   --ci-mix           only what CI runs (tests/convergence/ci-mix.ts)
 *   --live             the liveness property: after the last command no forced full_sync, only
 *                      webhooks, the runner and the guide's cron (tests/convergence/live.ts)
 *   --commands FILE    run one given sequence (a JSON array of commands) and print its report
 *   --trace            print what each run did
 *   --quiet            no line per run (one every 100 runs while all converge)
 */
import { readFileSync } from 'node:fs';
import { Command } from 'commander';
import fc from 'fast-check';
import { CI_MIX } from './ci-mix';
import { quirksNamed } from './apply-command';
import { commandsArbitrary, describeCommands, type Command as CommandList_, type CommandMix } from './commands';

type CommandList = CommandList_[];
import { ConvergenceFailure, runSequence } from './property';
import { openStage } from './stage';
import type { World } from './world';
import { livePlannerTasks, remoteLists } from './world-state';

interface SoakOptions {
  seeds: string;
  seed?: string;
  path?: string;
  maxCommands: string;
  quiet: boolean;
  trace: boolean;
  exclude?: string;
  commands?: string;
  ciMix: boolean;
  quirks?: string;
  singleUser: boolean;
  live: boolean;
}

function parseArgs(): SoakOptions {
  return new Command('soak')
    .option('--seeds <n>', 'number of runs', '200')
    .option('--seed <s>', 'base seed')
    .option('--path <p>', 'replay path of a counterexample')
    .option('--max-commands <m>', 'longest command sequence', '30')
    .option('--exclude <keys>', 'commands to leave out (side.op, comma-separated)')
    .option('--ci-mix', 'only the commands CI runs', false)
    .option('--quirks <names>', "Graph quirks on in every run: 'hostile' or quirk names, comma-separated")
    .option('--single-user', 'no second user (the pre-issue-14 generator)', false)
    .option('--live', 'check liveness: no forced full_sync after the last command', false)
    .option('--commands <file>', 'run one sequence from a JSON file')
    .option('--trace', 'print what each run did', false)
    .option('--quiet', 'no line per run', false)
    .parse()
    .opts<SoakOptions>();
}

function mixOf(options: SoakOptions): CommandMix {
  const extra = options.exclude ? options.exclude.split(',').map((k) => k.trim()) : [];
  return {
    exclude: [...(options.ciMix ? CI_MIX.exclude : []), ...extra],
    hostileShare: options.ciMix && !options.quirks ? CI_MIX.hostileShare : 0,
    peer: !options.singleUser,
  };
}

/** The command that switches --quirks on at the start of each run (null without --quirks). */
function quirksCommand(options: SoakOptions): CommandList_ | null {
  if (!options.quirks) return null;
  const names = options.quirks.split(',').map((q) => q.trim()).filter(Boolean);
  quirksNamed(names); // unknown names fail here, before any run
  return { side: 'fault', op: 'quirks', quirks: names };
}

/** Jobs and both sides at the end of a run, for --commands. */
async function dumpWorld(world: World): Promise<void> {
  const jobs = await world.db.selectFrom('task_sync_jobs').select(['id', 'action', 'status', 'attempts', 'task_id', 'result', 'last_error']).orderBy('id').execute();
  console.log('jobs:');
  for (const j of jobs) console.log(`  ${j.id} ${j.action} ${j.status} ×${j.attempts} task=${j.task_id?.slice(0, 8) ?? '-'} ${JSON.stringify(j.result ?? j.last_error)}`);
  console.log('To Do:');
  for (const l of await remoteLists(world)) console.log(`  ${l.displayName} (${l.id.slice(-8)}): ${l.tasks.map((t) => t.title).join(', ')}`);
  console.log('Planner:');
  for (const t of await livePlannerTasks(world)) console.log(`  ${t.title} project=${t.project_id?.slice(0, 8) ?? 'inbox'} id=${t.id.slice(0, 8)}`);
}

/** Runs one explicit sequence (e.g. a shrunk counterexample saved as JSON). */
async function runOne(file: string, live: boolean): Promise<never> {
  const commands = JSON.parse(readFileSync(file, 'utf8')) as CommandList;
  const stage = await openStage();
  const report = await runSequence(stage, commands, { inspect: dumpWorld, settle: live ? 'live' : 'quiesce' });
  await stage.close();
  console.log(describeCommands(commands));
  console.log(report.trace.map((t, i) => `  ${i + 1}. ${t}`).join('\n'));
  console.log(report.problems.length === 0 ? 'converged' : `problems:\n${report.problems.map((p) => `  - ${p}`).join('\n')}`);
  process.exit(report.problems.length === 0 ? 0 : 1);
}

async function main(): Promise<void> {
  const options = parseArgs();
  if (options.commands) await runOne(options.commands, options.live);
  const settle = options.live ? 'live' : 'quiesce';
  const seed = options.seed !== undefined ? Number(options.seed) : Math.floor(Math.random() * 2 ** 31);
  const numRuns = Number(options.seeds);
  const mix = mixOf(options);
  const quirks = quirksCommand(options);
  console.log(
    `convergence soak: ${numRuns} runs, seed ${seed}, up to ${options.maxCommands} commands${options.path ? `, path ${options.path}` : ''}` +
      `${mix.exclude.length ? `, without ${mix.exclude.join(', ')}` : ''}${quirks ? `, quirks ${options.quirks}` : ''}${mix.peer ? ', second user' : ', one user'}${options.live ? ', liveness' : ''}`,
  );
  const stage = await openStage();
  let run = 0;
  const firstFailure: { commands: CommandList | null } = { commands: null };
  const started = performance.now();
  const property = fc.asyncProperty(commandsArbitrary(mix, Number(options.maxCommands)), async (generated) => {
    const commands = quirks ? [quirks, ...generated] : generated;
    const t = performance.now();
    const report = await runSequence(stage, commands, { settle });
    run++;
    if (!options.quiet || report.problems.length > 0) {
      console.log(`run ${run}: ${commands.length} commands, ${Math.round(performance.now() - t)} ms, ${report.problems.length === 0 ? 'converged' : `${report.problems.length} problem(s)`}`);
    } else if (run % 100 === 0 && firstFailure.commands === null) {
      console.log(`${run} runs, all converged so far (${Math.round((performance.now() - started) / 1000)} s)`);
    }
    if (report.problems.length > 0 && firstFailure.commands === null) {
      // The first failing sequence, whole: shrinking a long one can take longer than a run is allowed.
      firstFailure.commands = commands;
      console.log(`  first failure, before shrinking (save as JSON for --commands):\n  ${JSON.stringify(commands)}\n  problems:\n${report.problems.map((p) => `    - ${p}`).join('\n')}`);
    }
    if (options.trace) console.log(report.trace.map((t) => `    ${t}`).join('\n'));
    if (report.problems.length > 0) throw new ConvergenceFailure(commands, report);
  });
  const result = await fc.check(property, { numRuns, seed, path: options.path, endOnFailure: false });
  // The --quirks switch is prepended, so the shrinker cannot drop it: try the shortest sequence without it once.
  let withoutQuirks = '';
  const failed = result.failed ? result.errorInstance : null;
  if (quirks && failed instanceof ConvergenceFailure) {
    const plain = await runSequence(stage, failed.commands.slice(1), { settle });
    withoutQuirks = plain.problems.length === 0 ? 'converges without the quirks: they are needed' : `fails without the quirks too: ${plain.problems[0]}`;
  }
  await stage.close();
  const seconds = Math.round((performance.now() - started) / 1000);
  if (!result.failed) {
    console.log(`all ${result.numRuns} runs converged in ${seconds} s (seed ${seed})`);
    process.exit(0);
  }
  const failure = result.errorInstance;
  console.log(`\nFAILED after ${result.numRuns} runs, ${result.numShrinks} shrinks, ${seconds} s.`);
  const same = [
    `--max-commands ${options.maxCommands}`,
    options.quirks ? `--quirks ${options.quirks}` : '',
    options.singleUser ? '--single-user' : '',
    options.live ? '--live' : '',
    options.ciMix ? '--ci-mix' : '',
    options.exclude ? `--exclude ${options.exclude}` : '',
  ].filter(Boolean).join(' ');
  console.log(`replay: npm run soak -- --seed ${result.seed} --path "${result.counterexamplePath}" ${same}`);
  console.log('or save the sequence above as JSON and run: npm run soak -- --commands FILE');
  if (failure instanceof ConvergenceFailure) console.log(failure.message);
  if (withoutQuirks) console.log(`the same sequence ${withoutQuirks}`);
  if (!(failure instanceof ConvergenceFailure)) console.log(result.counterexample ? describeCommands(result.counterexample[0]) : '', failure);
  process.exit(1);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
