/**
 * Where alerts go: a Slack-compatible incoming webhook (`{ text }`, also
 * understood by Mattermost, Rocket.Chat and Discord's /slack endpoint) and/or
 * e-mail through nodemailer. Each channel throws AlertDeliveryError on failure.
 */
import nodemailer from 'nodemailer';
import type { AlertMessage } from './alert-message';

export class AlertDeliveryError extends Error {
  readonly name = 'AlertDeliveryError';
  constructor(
    readonly channel: string,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

export interface AlertChannel {
  readonly name: string;
  send(message: AlertMessage): Promise<void>;
}

export function webhookChannel(url: string, options: { timeoutMs?: number; fetch?: typeof fetch } = {}): AlertChannel {
  const doFetch = options.fetch ?? globalThis.fetch;
  return {
    name: 'webhook',
    async send(message) {
      let res: Response;
      try {
        res = await doFetch(url, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ text: message.text }),
          signal: AbortSignal.timeout(options.timeoutMs ?? 5_000),
        });
      } catch (cause) {
        throw new AlertDeliveryError('webhook', 'alert webhook unreachable', { cause });
      }
      await res.body?.cancel().catch(() => {});
      if (!res.ok) throw new AlertDeliveryError('webhook', `alert webhook answered ${res.status}`);
    },
  };
}

export function emailChannel(options: { smtpUrl: string; to: string; from: string }): AlertChannel {
  const transport = nodemailer.createTransport(options.smtpUrl);
  return {
    name: 'email',
    async send(message) {
      try {
        await transport.sendMail({ from: options.from, to: options.to, subject: message.title, text: message.text });
      } catch (cause) {
        throw new AlertDeliveryError('email', 'alert e-mail not accepted by SMTP server', { cause });
      }
    },
  };
}

export interface AlertChannelSettings {
  ALERT_WEBHOOK_URL?: string;
  SMTP_URL?: string;
  ALERT_EMAIL_TO?: string;
  ALERT_EMAIL_FROM?: string;
}

/** The channels the settings configure (none when nothing is set). */
export function channelsFrom(settings: AlertChannelSettings): AlertChannel[] {
  const channels: AlertChannel[] = [];
  if (settings.ALERT_WEBHOOK_URL) channels.push(webhookChannel(settings.ALERT_WEBHOOK_URL));
  if (settings.SMTP_URL && settings.ALERT_EMAIL_TO) {
    channels.push(
      emailChannel({
        smtpUrl: settings.SMTP_URL,
        to: settings.ALERT_EMAIL_TO,
        from: settings.ALERT_EMAIL_FROM ?? 'planner-alerts@localhost',
      }),
    );
  }
  return channels;
}
