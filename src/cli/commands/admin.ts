/**
 * `planner admin grant|revoke <email>`, `planner admin list`: who may open /admin.
 * The only way to become an operator (decision 0039); also how a local user reaches /admin.
 */
import type { Command } from 'commander';
import { grantOperator, listOperators, revokeOperator, UnknownAccountError } from '../../server/admin/operators';
import type { CliContext } from '../context';
import { CliError, EXIT, print, printJson, renderTable } from '../output';

const ACTOR = 'cli';

async function change(ctx: CliContext, run: typeof grantOperator, email: string) {
  try {
    return await run((await ctx.database()).db, email, ACTOR);
  } catch (error) {
    if (error instanceof UnknownAccountError) throw new CliError(error.message, EXIT.failure);
    throw error;
  }
}

export function registerAdmin(program: Command, ctx: CliContext): void {
  const admin = program.command('admin').description('Operators: who may open /admin (health, failed jobs, every connection)');
  admin
    .command('grant')
    .description('Let the account with this e-mail open /admin (it must have signed up)')
    .argument('<email>', 'the account e-mail')
    .option('--json', 'print JSON')
    .action(async (email: string, opts: { json?: boolean }) => {
      const r = await change(ctx, grantOperator, email);
      if (opts.json) return printJson(ctx.io, r);
      print(ctx.io, r.changed ? `${email} is now an operator: /admin opens for them.` : `${email} was already an operator.`);
    });
  admin
    .command('revoke')
    .description('Take /admin away from the account with this e-mail')
    .argument('<email>', 'the account e-mail')
    .option('--json', 'print JSON')
    .action(async (email: string, opts: { json?: boolean }) => {
      const r = await change(ctx, revokeOperator, email);
      if (opts.json) return printJson(ctx.io, r);
      print(ctx.io, r.changed ? `${email} is no longer an operator.` : `${email} was not an operator.`);
    });
  admin
    .command('list')
    .description('List the operators')
    .option('--json', 'print JSON')
    .action(async (opts: { json?: boolean }) => {
      const rows = await listOperators((await ctx.database()).db);
      if (opts.json) return printJson(ctx.io, rows);
      if (rows.length === 0) return print(ctx.io, 'No operators yet: npm run planner -- admin grant <email>');
      print(
        ctx.io,
        renderTable(rows, [
          { header: 'E-mail', value: (r) => r.email },
          { header: 'Name', value: (r) => r.name },
          { header: 'Granted', value: (r) => r.granted_at },
          { header: 'By', value: (r) => r.granted_by },
        ]),
      );
    });
}
