/** What an alert says: one message per warning when it fires, one when it resolves. */
import type { HealthWarning } from '../health/health-schema';

export type AlertKind = 'firing' | 'resolved';

export interface AlertMessage {
  kind: AlertKind;
  code: string;
  severity: HealthWarning['severity'];
  /** One line, for chat and e-mail subjects. */
  title: string;
  /** A few lines of detail. */
  text: string;
}

const ICON = { info: ':information_source:', warning: ':warning:', critical: ':rotating_light:' } as const;

export function firingMessage(w: HealthWarning, dashboardUrl?: string): AlertMessage {
  const title = `[Planner ${w.severity}] ${w.code}: ${w.message}`;
  return {
    kind: 'firing',
    code: w.code,
    severity: w.severity,
    title,
    text: [`${ICON[w.severity]} ${title}`, dashboardUrl ? `Dashboard: ${dashboardUrl}` : undefined]
      .filter(Boolean)
      .join('\n'),
  };
}

export function resolvedMessage(
  w: { code: string; severity: HealthWarning['severity']; message: string },
  firedAt: Date,
  now: Date,
): AlertMessage {
  const minutes = Math.max(0, Math.round((now.getTime() - firedAt.getTime()) / 60_000));
  const title = `[Planner resolved] ${w.code}`;
  return {
    kind: 'resolved',
    code: w.code,
    severity: w.severity,
    title,
    text: `:white_check_mark: ${title} after ${minutes} min (was: ${w.message})`,
  };
}
