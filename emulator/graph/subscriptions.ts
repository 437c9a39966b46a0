/** /v1.0/subscriptions (subscription-post/get/update/delete, reauthorize; docs/graph-facts.md §3). */
import type { Hono } from 'hono';
import type { AppEnv, EmulatorCore } from '../core';
import { subscriptionJson } from '../notify/subscription-service';
import { assertObject } from '../store/task-input';
import { noContent, readJson } from './http';

export function registerSubscriptionRoutes(app: Hono<AppEnv>, core: EmulatorCore): void {
  const subs = core.subscriptions;
  const owner = (c: { get(key: 'auth'): { userId: string; clientId: string } }) => c.get('auth');

  app.get('/v1.0/subscriptions', (c) => {
    const { userId, clientId } = owner(c);
    const value = subs.live().filter((s) => s.userId === userId && s.clientId === clientId).map((s) => subscriptionJson(s, core.baseUrl()));
    return c.json({ '@odata.context': `${core.baseUrl()}/v1.0/$metadata#subscriptions`, value });
  });

  app.post('/v1.0/subscriptions', async (c) => {
    const { userId, clientId } = owner(c);
    const record = await subs.create(userId, clientId, assertObject(await readJson(c)));
    return c.json(subscriptionJson(record, core.baseUrl()), 201);
  });

  app.get('/v1.0/subscriptions/:id', (c) => {
    const { userId, clientId } = owner(c);
    return c.json(subscriptionJson(subs.get(c.req.param('id'), userId, clientId), core.baseUrl()));
  });

  app.patch('/v1.0/subscriptions/:id', async (c) => {
    const { userId, clientId } = owner(c);
    const record = subs.renew(subs.get(c.req.param('id'), userId, clientId), assertObject(await readJson(c)));
    return c.json(subscriptionJson(record, core.baseUrl()));
  });

  app.post('/v1.0/subscriptions/:id/reauthorize', (c) => {
    const { userId, clientId } = owner(c);
    subs.get(c.req.param('id'), userId, clientId);
    return noContent(c);
  });

  app.delete('/v1.0/subscriptions/:id', (c) => {
    const { userId, clientId } = owner(c);
    subs.remove(subs.get(c.req.param('id'), userId, clientId));
    return noContent(c);
  });
}
