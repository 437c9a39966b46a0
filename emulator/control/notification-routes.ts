/** Control API: subscriptions, lifecycle events, the notification delivery log. */
import type { Hono } from 'hono';
import type { AppEnv, EmulatorCore } from '../core';
import type { LifecycleEvent } from '../control-types';
import { GraphHttpError } from '../errors';
import { subscriptionView } from './state-view';

export function registerControlNotificationRoutes(app: Hono<AppEnv>, core: EmulatorCore): void {
  app.get('/_emulator/subscriptions', (c) => c.json(core.subscriptions.live().map(subscriptionView)));
  app.post('/_emulator/subscriptions/:id/lifecycle', async (c) => {
    const record = core.subscriptions.live().find((s) => s.id === c.req.param('id'));
    if (!record) throw new GraphHttpError(404, 'ResourceNotFound', 'No such subscription.');
    const { event } = (await c.req.json()) as { event: LifecycleEvent };
    core.subscriptions.sendLifecycle(record, event);
    return c.body(null, 204);
  });
  app.get('/_emulator/notifications', (c) => c.json(core.notifier.log()));
  app.delete('/_emulator/notifications', (c) => {
    core.notifier.clearLog();
    return c.body(null, 204);
  });
  app.post('/_emulator/notifications/wait-idle', async (c) => {
    const text = await c.req.text();
    const timeoutMs = text ? Number((JSON.parse(text) as { timeoutMs?: number }).timeoutMs ?? 10_000) : 10_000;
    return c.json({ idle: await core.notifier.waitIdle(Math.min(timeoutMs, 60_000)) });
  });
}
