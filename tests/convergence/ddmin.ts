/**
 * `npx tsx tests/convergence/ddmin.ts FILE [PATTERN] [--live]`: shrinks a failing sequence (JSON,
 * as soak prints it before shrinking) by removing chunks of commands while the run still
 * fails (with a problem matching PATTERN when given), on one stage; faster than the soak's
 * own shrinking for long sequences. Prints the shortest sequence found and its problems.
 */
import { readFileSync } from 'node:fs';
import { describeCommands, type Command } from './commands';
import { runSequence } from './property';
import { openStage } from './stage';

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  // --live: the liveness property's settle (no forced full_sync after the last command).
  const settle = args.includes('--live') ? 'live' : 'quiesce';
  const [file, pattern] = args.filter((a) => a !== '--live');
  let commands = JSON.parse(readFileSync(file, 'utf8')) as Command[];
  const stage = await openStage();
  const matches = new RegExp(pattern ?? '.');
  const fails = async (cs: Command[]) => {
    const report = await runSequence(stage, cs, { settle });
    return report.problems.some((p) => matches.test(p)) ? report : null;
  };
  let last = await fails(commands);
  if (!last) throw new Error('the sequence does not fail');
  for (let chunk = Math.ceil(commands.length / 2); chunk >= 1; chunk = chunk === 1 ? 0 : Math.ceil(chunk / 2)) {
    for (let at = 0; at < commands.length; ) {
      const candidate = [...commands.slice(0, at), ...commands.slice(at + chunk)];
      const report = candidate.length > 0 ? await fails(candidate) : null;
      if (report) {
        commands = candidate;
        last = report;
        console.log(`${commands.length} commands still fail`);
      } else at += chunk;
    }
  }
  await stage.close();
  console.log(describeCommands(commands));
  console.log(JSON.stringify(commands));
  console.log(`problems:\n${last.problems.map((p) => `  - ${p}`).join('\n')}\ntrace:\n${last.trace.map((t, i) => `  ${i + 1}. ${t}`).join('\n')}`);
  process.exit(0);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
