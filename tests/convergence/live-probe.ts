// ad-hoc probe (not committed): runs N random sequences with settle 'live', prints each outcome.
import fc from 'fast-check';
import { commandsArbitrary, describeCommands } from './commands';
import { CI_MIX } from './ci-mix';
import { runSequence } from './property';
import { openStage } from './stage';

const n = Number(process.argv[2] ?? 10);
const seed = Number(process.argv[3] ?? Date.now() % 1e9);
const stage = await openStage();
const fileArg = process.argv[4];
const samples = fileArg ? [JSON.parse((await import('node:fs')).readFileSync(fileArg, 'utf8'))] : fc.sample(commandsArbitrary(CI_MIX, 30), { numRuns: n, seed });
let bad = 0;
const report_trace = (t: string[]) => t.map((x, i) => `${i + 1}. ${x}`).join('\n');
for (const [i, commands] of samples.entries()) {
  const t0 = Date.now();
  const report = await runSequence(stage, commands, {
    settle: 'live',
    inspect: fileArg
      ? async (world) => {
          const focus = process.env.FOCUS ?? 'T3';
          const tasks = await world.db.selectFrom('tasks').selectAll().where('title', 'like', `${focus}%`).execute();
          const all = await world.db.selectFrom('task_sync_jobs').select(['id', 'action', 'status', 'task_id', 'attempts', 'priority', 'picked_at', 'result', 'payload']).orderBy('picked_at').execute();
          for (const j of all) console.log('ALL', j.id, j.action, j.status, j.task_id?.slice(0, 8), j.attempts, j.priority, JSON.stringify(j.payload), JSON.stringify(j.result).slice(0, 250));
          for (const t of tasks) {
            console.log('TASK', JSON.stringify({ id: t.id, title: t.title, project: t.project_id, deleted: t.deleted_at, version: t.version, completed: t.completed }));
            console.log('STATE', JSON.stringify(await world.db.selectFrom('task_sync_state').selectAll().where('task_id', '=', t.id).execute()).slice(0, 600));
            const jobs = await world.db.selectFrom('task_sync_jobs').select(['id', 'action', 'status', 'attempts', 'last_error', 'result', 'payload']).where('task_id', '=', t.id).orderBy('id').execute();
            for (const j of jobs) console.log('JOB', JSON.stringify(j).slice(0, 500));
          }
          console.log(report_trace(world.trace));
        }
      : undefined,
  });
  const ms = Date.now() - t0;
  if (report.problems.length) {
    bad++;
    console.log(`run ${i} FAIL ${ms}ms\n${describeCommands(commands)}\n problems: ${report.problems.join(' | ')}\n trace tail: ${report.trace.slice(-6).join(' | ')}`);
  } else console.log(`run ${i} ok ${ms}ms ${report.trace.filter((t) => t.startsWith('live:')).join(' ; ')}`);
}
console.log(`seed ${seed}: ${bad}/${n} failed`);
await stage.close();
