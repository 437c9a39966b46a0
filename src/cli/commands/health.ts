/** `planner health`: the §9 report as tables, or JSON; --strict exits 1 on warnings. */
import type { Command } from 'commander';
import { buildHealthReport } from '../../server/health/health-report';
import type { HealthReport } from '../../server/health/health-schema';
import type { CliContext } from '../context';
import { EXIT, print, printJson, renderTable } from '../output';

function figures(r: HealthReport): [string, unknown][] {
  const oldest = r.queue.oldestPending;
  return [
    ['Connections', r.connections.total],
    [`Tokens expiring (${r.thresholds.tokenExpiryWindowMin} min)`, r.connections.tokensExpiring],
    ['Connections needing reconnect', r.connections.needingReconnect],
    ['Active project lists', r.lists.active],
    ['Lists paused (mass-delete guard)', r.lists.pausedByDeleteGuard],
    ['Subscriptions active / expiring / expired / failing', `${r.lists.subscriptions.active} / ${r.lists.subscriptions.expiringSoon} / ${r.lists.subscriptions.expired} / ${r.lists.subscriptions.failing}`],
    ['Jobs pending (due)', `${r.queue.pending} (${r.queue.pendingDue})`],
    ['Jobs processing (stuck)', `${r.queue.processing} (${r.queue.stuckProcessing})`],
    ['Jobs failed', r.queue.failed],
    ['Oldest pending job', oldest ? `#${oldest.id} ${oldest.action}, ${Math.round(oldest.ageSeconds / 60)} min old` : '-'],
    ['Last completed job', r.lastCompletedJob ? `#${r.lastCompletedJob.id} ${r.lastCompletedJob.action} at ${r.lastCompletedJob.completedAt}` : '-'],
    ['Last failure', r.lastFailure ? `#${r.lastFailure.id} ${r.lastFailure.action}: ${r.lastFailure.lastError ?? '-'}` : '-'],
    ['Open sync conflicts', r.conflicts.open],
  ];
}

export function registerHealth(program: Command, ctx: CliContext): void {
  program
    .command('health')
    .description('Print the health report (guide §9): queue, connections, subscriptions and warnings')
    .option('--json', 'print the report as JSON')
    .option('--strict', 'exit with status 1 when any warning or critical warning is present')
    .action(async (opts: { json?: boolean; strict?: boolean }) => {
      const report = await buildHealthReport((await ctx.database()).db);
      if (opts.json) printJson(ctx.io, report);
      else {
        print(ctx.io, `Status: ${report.status.toUpperCase()}   (${report.generatedAt})\n`);
        print(ctx.io, renderTable(figures(report), [{ header: 'Figure', value: (r) => r[0] }, { header: 'Value', value: (r) => r[1] }]));
        print(
          ctx.io,
          report.warnings.length
            ? renderTable(report.warnings, [
                { header: 'Severity', value: (w) => w.severity },
                { header: 'Code', value: (w) => w.code },
                { header: 'Warning', value: (w) => w.message },
              ])
            : 'No warnings.',
        );
      }
      if (opts.strict && (report.status === 'warning' || report.status === 'critical')) ctx.exitCode = EXIT.failure;
    });
}
