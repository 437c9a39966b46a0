/**
 * `npm run planner -- <command>`: the operator CLI. `runCli` is the whole
 * program as a function (argv in, exit code out) so tests run it in-process
 * against a test database.
 */
import { Command, CommanderError } from 'commander';
import { closeDatabase, getDatabase } from '../db';
import type { Database } from '../db/client';
import { registerAdmin } from './commands/admin';
import { registerAlerts } from './commands/alerts';
import { registerDrain } from './commands/drain';
import { registerHealth } from './commands/health';
import { registerJobs } from './commands/jobs';
import { registerMaintenance } from './commands/maintenance';
import { registerRequeue } from './commands/requeue';
import type { CliContext } from './context';
import { CliError, EXIT, type CliIo } from './output';

export interface RunCliOptions {
  io?: CliIo;
  /** Use this database instead of the environment's (tests). */
  database?: Database;
}

export function buildProgram(ctx: CliContext): Command {
  const program = new Command('planner')
    .description('Operate Planner\'s Outlook sync: health, queue, subscriptions and maintenance')
    .showHelpAfterError()
    .exitOverride()
    .configureOutput({
      writeOut: (s) => ctx.io.stdout.write(s),
      writeErr: (s) => ctx.io.stderr.write(s),
    });
  for (const register of [registerHealth, registerJobs, registerDrain, registerRequeue, registerMaintenance, registerAlerts, registerAdmin]) {
    register(program, ctx);
  }
  return program;
}

export async function runCli(argv: string[], options: RunCliOptions = {}): Promise<number> {
  const io = options.io ?? { stdout: process.stdout, stderr: process.stderr };
  let opened = false;
  const ctx: CliContext = {
    io,
    exitCode: EXIT.ok,
    async database() {
      if (options.database) return options.database;
      opened = true;
      return getDatabase();
    },
  };
  try {
    await buildProgram(ctx).parseAsync(argv, { from: 'user' });
    return ctx.exitCode;
  } catch (error) {
    if (error instanceof CommanderError) return error.exitCode === 0 ? EXIT.ok : EXIT.unavailable;
    if (error instanceof CliError) {
      io.stderr.write(`error: ${error.message}\n`);
      return error.exitCode;
    }
    io.stderr.write(`error: ${error instanceof Error ? error.message : String(error)}\n`);
    return EXIT.failure;
  } finally {
    if (opened) await closeDatabase();
  }
}
