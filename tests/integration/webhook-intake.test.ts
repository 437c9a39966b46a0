/**
 * /api/integrations/outlook/webhook over HTTP (guide §5, §11; docs/graph-facts.md §3): the
 * validation handshake both ways, per-item checks (our subscription + clientState),
 * one full_sync per user however many notifications arrive, lifecycle events, and
 * 4xx for bodies it cannot trust — with nothing enqueued for any of those.
 */
import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import * as webhookRoute from '../../src/app/api/integrations/outlook/webhook/route';
import type { Db } from '../../src/db/client';
import { MAX_NOTIFICATION_BODY_BYTES } from '../../src/server/webhook';
import { testEngines, useTestDatabase } from '../helpers/db';
import { TEST_APP_ENV, useProcessEnv } from '../helpers/process-env';
import { connectUser } from '../helpers/queue';
import { notificationItem, postJson, useRouteServer } from './webhook-harness';

async function subscribedList(db: Db, clientState: string | null = `cs-${randomUUID()}`, userId: string = randomUUID(), isDefault = true) {
  if (isDefault) await connectUser(db, userId);
  const subscriptionId = randomUUID();
  const graphListId = `list-${randomUUID()}`;
  const mapping = await db
    .insertInto('project_outlook_lists')
    .values({
      user_id: userId,
      is_default: isDefault,
      graph_list_id: graphListId,
      graph_list_name: 'Planner Inbox',
      subscription_id: subscriptionId,
      subscription_expires_at: new Date(Date.now() + 3 * 86_400_000),
      subscription_client_state: clientState,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return { userId, subscriptionId, clientState, mappingId: mapping.id, graphListId };
}

async function fullSyncJobs(db: Db, userId: string) {
  return db.selectFrom('task_sync_jobs').select(['status', 'payload']).where('user_id', '=', userId).where('action', '=', 'full_sync').execute();
}

describe.each(testEngines())('webhook intake on %s', (engine) => {
  useProcessEnv(TEST_APP_ENV);
  const t = useTestDatabase(engine);
  const server = useRouteServer(() => t.database);

  it('answers the validation handshake on POST (as Microsoft does) and GET (as the guide says) with the decoded token as text', async () => {
    const token = 'Validation: Testing client application reachability for subscription Request-Id: 8a1c <b>&amp;';
    const query = `?validationToken=${encodeURIComponent(token)}`;
    for (const method of ['POST', 'GET']) {
      const res = await fetch(`${server.webhookUrl}${query}`, { method, headers: { 'content-type': 'text/plain; charset=utf-8' }, body: method === 'POST' ? '' : undefined });
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toMatch(/^text\/plain/);
      expect(await res.text()).toBe(token);
    }
    expect((await fetch(server.webhookUrl)).status).toBe(400); // a GET without a token is no handshake
  });

  it('a genuine notification queues the user one full_sync and answers 202 at once', async () => {
    const s = await subscribedList(t.db);
    const res = await postJson(server.webhookUrl, { value: [notificationItem(s.subscriptionId, s.clientState!)] });
    expect(res.status).toBe(202);
    expect(await res.json()).toEqual({ accepted: 1, rejected: 0, enqueued: 1, skipped: 0, echoes: 0 });
    // Aimed at the list the subscription watches; the arrival is stamped for the safety net.
    expect(await fullSyncJobs(t.db, s.userId)).toEqual([{ status: 'pending', payload: { reason: 'webhook', lists: [s.graphListId] } }]);
    const connection = await t.db.selectFrom('outlook_connections').select('last_notification_at').where('user_id', '=', s.userId).executeTakeFirstOrThrow();
    expect(connection.last_notification_at).toBeInstanceOf(Date);
  });

  it('notifications for two lists aim the pending full_sync at both; a lifecycle event makes it pull every list', async () => {
    const inbox = await subscribedList(t.db);
    const project = await subscribedList(t.db, `cs-${randomUUID()}`, inbox.userId, false);
    await postJson(server.webhookUrl, { value: [notificationItem(inbox.subscriptionId, inbox.clientState!)] });
    await postJson(server.webhookUrl, { value: [notificationItem(project.subscriptionId, project.clientState!)] });
    const [aimed] = await fullSyncJobs(t.db, inbox.userId);
    expect((aimed.payload as { lists: string[] }).lists.sort()).toEqual([inbox.graphListId, project.graphListId].sort());
    const missed = { subscriptionId: inbox.subscriptionId, clientState: inbox.clientState, lifecycleEvent: 'missed' };
    await postJson(server.webhookUrl, { value: [missed] });
    expect(await fullSyncJobs(t.db, inbox.userId)).toEqual([{ status: 'pending', payload: { reason: 'webhook' } }]);
  });

  it('a burst of 500 notifications for one user enqueues one job', async () => {
    const s = await subscribedList(t.db);
    const items = Array.from({ length: 500 }, (_, i) => notificationItem(s.subscriptionId, s.clientState!, `task-${i}`));

    const oneBatch = await postJson(server.webhookUrl, { value: items });
    const separate = await Promise.all(items.map((item) => postJson(server.webhookUrl, { value: [item] })));

    expect(await oneBatch.json()).toEqual({ accepted: 500, rejected: 0, enqueued: 1, skipped: 0, echoes: 0 });
    expect(separate.every((r) => r.status === 202)).toBe(true);
    const bodies = await Promise.all(separate.map((r) => r.json() as Promise<{ enqueued: number; skipped: number }>));
    expect(bodies.reduce((n, b) => n + b.enqueued, 0)).toBe(0);
    expect(bodies.reduce((n, b) => n + b.skipped, 0)).toBe(500);
    expect(await fullSyncJobs(t.db, s.userId)).toHaveLength(1);
  });

  it('one POST for several users queues one full_sync each', async () => {
    const a = await subscribedList(t.db);
    const b = await subscribedList(t.db);
    const res = await postJson(server.webhookUrl, {
      value: [notificationItem(a.subscriptionId, a.clientState!), notificationItem(b.subscriptionId, b.clientState!), notificationItem(a.subscriptionId, a.clientState!)],
    });
    expect(await res.json()).toEqual({ accepted: 3, rejected: 0, enqueued: 2, skipped: 0, echoes: 0 });
  });

  it('a forged clientState and an unknown subscription enqueue nothing', async () => {
    const s = await subscribedList(t.db);
    const forged = await postJson(server.webhookUrl, { value: [notificationItem(s.subscriptionId, 'guessed-client-state')] });
    const unknown = await postJson(server.webhookUrl, { value: [notificationItem(randomUUID(), s.clientState!)] });
    expect(forged.status).toBe(202);
    expect(await forged.json()).toEqual({ accepted: 0, rejected: 1, enqueued: 0, skipped: 0, echoes: 0 });
    expect(await unknown.json()).toEqual({ accepted: 0, rejected: 1, enqueued: 0, skipped: 0, echoes: 0 });
    expect(await fullSyncJobs(t.db, s.userId)).toEqual([]);
  });

  it('a notification without clientState is refused for a subscription created with one, and enqueues nothing', async () => {
    const s = await subscribedList(t.db);
    for (const clientState of [undefined, null, '']) {
      const item = { ...notificationItem(s.subscriptionId, undefined), ...(clientState === undefined ? {} : { clientState }) };
      const res = await postJson(server.webhookUrl, { value: [item] });
      expect(res.status).toBe(202);
      expect(await res.json()).toEqual({ accepted: 0, rejected: 1, enqueued: 0, skipped: 0, echoes: 0 });
    }
    expect(await fullSyncJobs(t.db, s.userId)).toEqual([]);
  });

  it('a mapping stored without a clientState falls back to the subscription id (guide §5), and rejects one that carries any', async () => {
    const noState = await subscribedList(t.db, null);
    const res = await postJson(server.webhookUrl, { value: [notificationItem(noState.subscriptionId, undefined)] });
    expect(await res.json()).toMatchObject({ accepted: 1, enqueued: 1 });
    const withState = await postJson(server.webhookUrl, { value: [notificationItem(noState.subscriptionId, 'anything')] });
    expect(await withState.json()).toMatchObject({ accepted: 0, rejected: 1 });
  });

  it('a forged lifecycle event (no or wrong clientState) neither forgets nor flags the subscription', async () => {
    const s = await subscribedList(t.db);
    const forged = [
      { subscriptionId: s.subscriptionId, lifecycleEvent: 'subscriptionRemoved' },
      { subscriptionId: s.subscriptionId, clientState: 'guessed', lifecycleEvent: 'subscriptionRemoved' },
      { subscriptionId: s.subscriptionId, lifecycleEvent: 'reauthorizationRequired' },
      { subscriptionId: s.subscriptionId, clientState: null, lifecycleEvent: 'missed' },
    ];
    for (const item of forged) {
      const res = await postJson(server.webhookUrl, { value: [item] });
      expect(await res.json()).toEqual({ accepted: 0, rejected: 1, enqueued: 0, skipped: 0, echoes: 0 });
    }
    const row = await t.db
      .selectFrom('project_outlook_lists')
      .select(['subscription_id', 'subscription_client_state', 'subscription_renew_requested_at'])
      .where('id', '=', s.mappingId)
      .executeTakeFirstOrThrow();
    expect(row).toEqual({ subscription_id: s.subscriptionId, subscription_client_state: s.clientState, subscription_renew_requested_at: null });
    expect(await fullSyncJobs(t.db, s.userId)).toEqual([]);
  });

  it('malformed, misshapen and oversize bodies get a 4xx and enqueue nothing', async () => {
    const s = await subscribedList(t.db);
    const cases: [unknown, number][] = [
      ['{"value": [', 400],
      [{ value: 'nope' }, 400],
      [{ value: [] }, 400],
      [{ value: [{ clientState: s.clientState }] }, 400],
      [{ nothing: true }, 400],
      [{ value: [notificationItem(s.subscriptionId, s.clientState!)], pad: 'x'.repeat(1_100_000) }, 413],
    ];
    for (const [body, status] of cases) {
      const res = await postJson(server.webhookUrl, body);
      expect(res.status, JSON.stringify(body).slice(0, 60)).toBe(status);
      expect((await res.json()) as object).toHaveProperty('error');
    }
    expect(await fullSyncJobs(t.db, s.userId)).toEqual([]);
  });

  it('a chunked body without content-length stops being read once it passes the limit: 413, nothing enqueued', async () => {
    const s = await subscribedList(t.db);
    const CHUNK = 64 * 1024;
    const chunk = new TextEncoder().encode(' '.repeat(CHUNK));
    let pulled = 0;
    let cancelled = false;
    // Valid JSON start, then whitespace without end: 300 MiB if read to the end.
    const total = 300 * 1024 * 1024;
    const body = new ReadableStream<Uint8Array>({
      start(controller) {
        controller.enqueue(new TextEncoder().encode(JSON.stringify({ value: [notificationItem(s.subscriptionId, s.clientState!)] }).slice(0, -1)));
      },
      pull(controller) {
        if (pulled >= total) return controller.close();
        pulled += CHUNK;
        controller.enqueue(chunk);
      },
      cancel() {
        cancelled = true;
      },
    }, { highWaterMark: 0 });
    const request = new Request(server.webhookUrl, { method: 'POST', headers: { 'content-type': 'application/json' }, body, duplex: 'half' } as RequestInit);
    expect(request.headers.get('content-length')).toBeNull();
    const res = await webhookRoute.POST(request);
    expect(res.status).toBe(413);
    expect(await res.json()).toMatchObject({ error: { code: 'payload_too_large' } });
    expect(pulled).toBeLessThanOrEqual(MAX_NOTIFICATION_BODY_BYTES + 2 * CHUNK);
    expect(cancelled).toBe(true);
    expect(await fullSyncJobs(t.db, s.userId)).toEqual([]);
  });

  it('reauthorizationRequired marks the subscription for renewal and queues the full_sync that renews it', async () => {
    const s = await subscribedList(t.db);
    const lifecycle = { subscriptionId: s.subscriptionId, clientState: s.clientState, lifecycleEvent: 'reauthorizationRequired', subscriptionExpirationDateTime: new Date().toISOString(), tenantId: 't' };
    const res = await postJson(server.webhookUrl, { value: [lifecycle] });
    expect(await res.json()).toMatchObject({ accepted: 1, enqueued: 1 });
    const row = await t.db.selectFrom('project_outlook_lists').select(['subscription_renew_requested_at', 'subscription_id']).where('id', '=', s.mappingId).executeTakeFirstOrThrow();
    expect(row.subscription_renew_requested_at).not.toBeNull();
    expect(row.subscription_id).toBe(s.subscriptionId);
  });

  it('subscriptionRemoved forgets the subscription so the next run recreates it', async () => {
    const s = await subscribedList(t.db);
    await postJson(server.webhookUrl, { value: [{ subscriptionId: s.subscriptionId, clientState: s.clientState, lifecycleEvent: 'subscriptionRemoved' }] });
    const row = await t.db.selectFrom('project_outlook_lists').select(['subscription_id']).where('id', '=', s.mappingId).executeTakeFirstOrThrow();
    expect(row.subscription_id).toBeNull();
    expect(await fullSyncJobs(t.db, s.userId)).toHaveLength(1);
  });
});
