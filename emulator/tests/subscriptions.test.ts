/** Conformance: subscriptions and change notifications (issue point 4; docs/graph-facts.md §3). */
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Emulator } from '../index';
import { graphClient, start } from './helpers';
import { startReceiver, type Receiver } from './receiver';

type Obj = Record<string, unknown>;
let emu: Emulator;
let graph: ReturnType<typeof graphClient>;
let receiver: Receiver;
let listId: string;
const user = 'sandbox@planner.test';
const inMinutes = (m: number) => new Date(Date.now() + m * 60_000).toISOString();

beforeAll(async () => {
  emu = await start({ notifications: { retryBaseMs: 50, responseTimeoutMs: 300 } });
});
afterAll(() => emu.close());
beforeEach(async () => {
  await emu.control.reset();
  graph = graphClient(emu, (await emu.control.mintToken(user)).access_token);
  listId = (await emu.control.createList(user, 'Subscribed')).id;
  receiver = await startReceiver();
});
afterEach(() => receiver.close());

function subscribe(overrides: Obj = {}) {
  return graph('POST', '/subscriptions', {
    changeType: 'created,updated,deleted',
    notificationUrl: receiver.url,
    resource: `/me/todo/lists/${listId}/tasks`,
    expirationDateTime: inMinutes(4200),
    clientState: 'secret-state',
    ...overrides,
  });
}

describe('creating subscriptions (docs/graph-facts.md §3: create, handshake, lifetime)', () => {
  it('runs the validation handshake as a POST with validationToken and creates the subscription', async () => {
    const created = await subscribe();
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ changeType: 'created,updated,deleted', clientState: 'secret-state', resource: `/me/todo/lists/${listId}/tasks` });
    expect(receiver.validations).toHaveLength(1);
    const log = await emu.control.notificationLog();
    expect(log.find((e) => e.kind === 'validation')).toMatchObject({ ok: true, status: 200 });
  });

  it.each(['wrong', 'status500', 'html', 'encoded'] as const)('a failed handshake (%s) blocks the subscription with 400', async (mode) => {
    receiver.behaviour.validation = mode;
    const result = await subscribe();
    expect(result.status).toBe(400);
    expect((result.body as { error: { code: string } }).error.code).toBe('ValidationError');
    expect(await emu.control.subscriptions()).toEqual([]);
  });

  it('only /me/todo/lists/{id}/tasks is a valid resource', async () => {
    expect((await subscribe({ resource: '/me/todo/lists' })).status).toBe(400);
    expect((await subscribe({ resource: '/me/messages' })).status).toBe(400);
  });

  it('a duplicate (same resource and changeType) → 409', async () => {
    expect((await subscribe()).status).toBe(201);
    expect((await subscribe()).status).toBe(409);
  });

  it('lifetime: under 45 min is raised to 45 min, over 4,230 min is refused', async () => {
    const short = await subscribe({ expirationDateTime: inMinutes(5) });
    const expires = Date.parse(String(short.body.expirationDateTime));
    expect(expires - Date.now()).toBeGreaterThan(44 * 60_000);
    const other = (await emu.control.createList(user, 'Other')).id;
    expect((await subscribe({ resource: `/me/todo/lists/${other}/tasks`, expirationDateTime: inMinutes(4300) })).status).toBe(400);
  });

  it('requires https unless http to loopback is allowed', async () => {
    const strict = await start({ allowHttpNotificationUrls: false });
    try {
      const token = await strict.control.mintToken(user);
      const list = await strict.control.createList(user, 'L');
      const result = await graphClient(strict, token.access_token)('POST', '/subscriptions', {
        changeType: 'created', notificationUrl: receiver.url, resource: `/me/todo/lists/${list.id}/tasks`, expirationDateTime: inMinutes(60),
      });
      expect(result.status).toBe(400);
    } finally {
      await strict.close();
    }
  });

  it('clientState longer than 128 characters is refused', async () => {
    expect((await subscribe({ clientState: 'x'.repeat(129) })).status).toBe(400);
  });
});

describe('managing subscriptions (docs/graph-facts.md §3: renew, delete, lapse)', () => {
  it('PATCH renews, DELETE removes, GET lists', async () => {
    const created = await subscribe({ expirationDateTime: inMinutes(60) });
    const renewed = await graph('PATCH', `/subscriptions/${created.body.id}`, { expirationDateTime: inMinutes(3000) });
    expect(renewed.status).toBe(200);
    expect(Date.parse(String(renewed.body.expirationDateTime))).toBeGreaterThan(Date.parse(String(created.body.expirationDateTime)));
    expect((await graph<{ value: Obj[] }>('GET', '/subscriptions')).body.value).toHaveLength(1);
    expect((await graph('POST', `/subscriptions/${created.body.id}/reauthorize`)).status).toBe(204);
    expect((await graph('DELETE', `/subscriptions/${created.body.id}`)).status).toBe(204);
    expect((await graph('GET', `/subscriptions/${created.body.id}`)).status).toBe(404);
  });

  it('an expired subscription vanishes, and renewing it is a 404', async () => {
    const created = await subscribe({ expirationDateTime: inMinutes(60) });
    await emu.control.advanceClock(61 * 60);
    graph = graphClient(emu, (await emu.control.mintToken(user)).access_token);
    expect((await graph<{ value: Obj[] }>('GET', '/subscriptions')).body.value).toEqual([]);
    expect((await graph('PATCH', `/subscriptions/${created.body.id}`, { expirationDateTime: inMinutes(3000) })).status).toBe(404);
  });
});

describe('change notifications (docs/graph-facts.md §3: payload, batching, retries)', () => {
  it('a notification reaches a local receiver with the right clientState, for Graph and Outlook-side edits', async () => {
    const sub = await subscribe();
    const viaGraph = await graph('POST', `/me/todo/lists/${listId}/tasks`, { title: 'From app' });
    const viaOutlook = await emu.control.createTask(user, listId, { title: 'From Outlook' });
    await emu.control.completeTask(user, listId, viaOutlook.id);
    await emu.control.deleteTask(user, listId, viaOutlook.id);
    await emu.control.waitForNotificationsIdle();
    expect(receiver.notifications.map((n) => [n.changeType, (n.resourceData as Obj).id])).toEqual([
      ['created', viaGraph.body.id],
      ['created', viaOutlook.id],
      ['updated', viaOutlook.id],
      ['deleted', viaOutlook.id],
    ]);
    for (const n of receiver.notifications) {
      expect(n).toMatchObject({ subscriptionId: sub.body.id, clientState: 'secret-state', tenantId: expect.any(String) });
      expect(n.resource).toEqual(expect.any(String));
      expect((n.resourceData as Obj)['@odata.type']).toBe('#Microsoft.Graph.todoTask');
    }
  });

  it('several notifications that pile up go in one POST (docs/graph-facts.md §3: one POST can carry several)', async () => {
    const patient = await start({ notifications: { batchDelayMs: 500 } });
    try {
      const token = (await patient.control.mintToken(user)).access_token;
      const list = (await patient.control.createList(user, 'Busy')).id;
      const created = await graphClient(patient, token)('POST', '/subscriptions', {
        changeType: 'created', notificationUrl: receiver.url, resource: `/me/todo/lists/${list}/tasks`, expirationDateTime: inMinutes(60),
      });
      expect(created.status).toBe(201);
      await Promise.all(Array.from({ length: 5 }, (_, i) => patient.control.createTask(user, list, { title: `T${i}` })));
      await patient.control.waitForNotificationsIdle();
      expect(receiver.notifications).toHaveLength(5);
      expect(receiver.posts.length).toBeLessThan(5);
    } finally {
      await patient.close();
    }
  });

  it('only the subscribed changeTypes are sent; other lists are silent', async () => {
    await subscribe({ changeType: 'deleted' });
    const other = (await emu.control.createList(user, 'Unsubscribed')).id;
    const t = await emu.control.createTask(user, listId, { title: 'x' });
    await emu.control.createTask(user, other, { title: 'y' });
    await emu.control.deleteTask(user, listId, t.id);
    await emu.control.waitForNotificationsIdle();
    expect(receiver.notifications.map((n) => n.changeType)).toEqual(['deleted']);
  });

  it('failed deliveries are retried with backoff until they succeed', async () => {
    await subscribe();
    receiver.behaviour.failFirst = 2;
    await emu.control.createTask(user, listId, { title: 'retry me' });
    await emu.control.waitForNotificationsIdle();
    expect(receiver.notifications).toHaveLength(1);
    const attempts = (await emu.control.notificationLog()).filter((e) => e.kind === 'notification');
    expect(attempts.map((a) => a.ok)).toEqual([false, false, true]);
  });

  it('an answer slower than the response deadline counts as failed and is retried', async () => {
    await subscribe();
    receiver.behaviour.delayMs = 500;
    await emu.control.createTask(user, listId, { title: 'slow' });
    await new Promise((r) => setTimeout(r, 700));
    receiver.behaviour.delayMs = 0;
    await emu.control.waitForNotificationsIdle();
    const attempts = (await emu.control.notificationLog()).filter((e) => e.kind === 'notification');
    expect(attempts[0]).toMatchObject({ ok: false, error: expect.stringContaining('no answer within') });
    expect(attempts.at(-1)?.ok).toBe(true);
  });

  it('sends reauthorizationRequired lifecycle events to the lifecycle URL', async () => {
    const lifecycle = await startReceiver();
    try {
      const sub = await subscribe({ lifecycleNotificationUrl: lifecycle.url });
      expect(lifecycle.validations).toHaveLength(1);
      await emu.control.sendLifecycleEvent(String(sub.body.id), 'reauthorizationRequired');
      await emu.control.revokeRefreshTokens(user);
      await emu.control.waitForNotificationsIdle();
      expect(lifecycle.notifications.map((n) => n.lifecycleEvent)).toEqual(['reauthorizationRequired', 'reauthorizationRequired']);
      expect(lifecycle.notifications[0]).toMatchObject({ subscriptionId: sub.body.id, clientState: 'secret-state' });
    } finally {
      await lifecycle.close();
    }
  });
});
