/** `planner alerts check`: run the alert check once (for cron without HTTP). */
import type { Command } from 'commander';
import { getEnv } from '../../config/env';
import { channelsFrom } from '../../server/alerts/alert-channels';
import { runAlertCheck } from '../../server/alerts/run-alert-check';
import type { CliContext } from '../context';
import { print, printJson } from '../output';

export function registerAlerts(program: Command, ctx: CliContext): void {
  const alerts = program.command('alerts').description('Health alerts (ALERT_WEBHOOK_URL, SMTP_URL)');
  alerts
    .command('check')
    .description('Announce new warnings and resolutions once (same as /api/integrations/outlook/alerts)')
    .option('--json', 'print JSON')
    .action(async (opts: { json?: boolean }) => {
      const env = getEnv();
      const result = await runAlertCheck((await ctx.database()).db, {
        channels: channelsFrom(env),
        minSeverity: env.ALERT_MIN_SEVERITY,
        dashboardUrl: new URL('/admin', env.NEXTAUTH_URL).toString(),
      });
      if (opts.json) return printJson(ctx.io, result);
      if (result.skipped) return print(ctx.io, `No alert channel configured (set ALERT_WEBHOOK_URL or SMTP_URL + ALERT_EMAIL_TO). Firing: ${result.firing.join(', ') || 'none'}.`);
      print(
        ctx.io,
        `Firing: ${result.firing.join(', ') || 'none'}. Announced: ${result.announced.join(', ') || 'none'}. Resolved: ${result.resolved.join(', ') || 'none'}.` +
          (result.failed.length ? ` Delivery failed (will retry): ${result.failed.join(', ')}.` : ''),
      );
    });
}
