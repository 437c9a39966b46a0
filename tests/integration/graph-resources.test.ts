/**
 * The rest of the Graph surface against the emulator: $batch with per-item
 * statuses, dependsOn and per-item Retry-After; linkedResources (and finding a
 * task by externalId); checklist items; subscriptions (create with the
 * validation handshake, renew, delete with 404 tolerated); list rename/delete.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { taskSubscriptionResource } from '../../src/graph';
import { newMailbox, useEmulator } from './graph-kit';

describe('Graph resources against the emulator', () => {
  const t = useEmulator({ allowHttpNotificationUrls: true });
  let receiver: { server: Server; url: string };
  beforeAll(async () => {
    receiver = await startValidationReceiver();
  });
  afterAll(async () => {
    await new Promise((r) => receiver.server.close(r));
  });

  it('sends a $batch and reads each item’s own status, headers and body', async () => {
    const { graph } = await newMailbox(t.emulator);
    const list = await graph.lists.create('Batch');
    const results = await graph.batch([
      { id: 'get', method: 'GET', url: `/me/todo/lists/${list.id}` },
      { id: 'missing', method: 'GET', url: '/me/todo/lists/does-not-exist' },
      { id: 'create', method: 'POST', url: `/me/todo/lists/${list.id}/tasks`, body: { title: 'from batch' } },
    ]);
    expect(results.map((r) => [r.id, r.status])).toEqual([['get', 200], ['missing', 404], ['create', 201]]);
    expect(results[0].body).toMatchObject({ displayName: 'Batch' });
    expect(results[1].error).toMatchObject({ status: 404 });
    expect(results[2].body).toMatchObject({ title: 'from batch' });
    expect((await graph.tasks.list(list.id)).map((x) => x.title)).toEqual(['from batch']);
  });

  it('fails a dependent item with 424 when what it depends on fails', async () => {
    const { graph } = await newMailbox(t.emulator);
    const results = await graph.batch([
      { id: '1', method: 'POST', url: '/me/todo/lists/nope/tasks', body: { title: 'x' } },
      { id: '2', method: 'GET', url: '/me/todo/lists', dependsOn: ['1'] },
    ]);
    expect(results.map((r) => r.status)).toEqual([404, 424]);
  });

  it('splits more than 20 requests into several batches', async () => {
    const { graph } = await newMailbox(t.emulator);
    const list = await graph.lists.create('Many');
    const results = await graph.batch(
      Array.from({ length: 45 }, (_, i) => ({ id: String(i), method: 'POST' as const, url: `/me/todo/lists/${list.id}/tasks`, body: { title: `b${i}` } })),
    );
    expect(results.every((r) => r.status === 201)).toBe(true);
    expect(await graph.tasks.list(list.id)).toHaveLength(45);
  });

  it('gives each throttled item its own Retry-After, and retries only those items after the longest one', async () => {
    const waits: number[] = [];
    const { graph, userId } = await newMailbox(t.emulator);
    const list = await graph.lists.create('Throttled batch');
    await t.emulator.control.setQuirks({ fractionalRetryAfter: false });
    await t.emulator.control.setFaults([
      { route: 'POST /v1.0/me/todo/lists/*/tasks', user: userId, script: [{ kind: 'pass' }, { kind: 'status', status: 429, retryAfterSeconds: 2 }] },
    ]);
    try {
      const requests = ['a', 'b', 'c'].map((id) => ({ id, method: 'POST' as const, url: `/me/todo/lists/${list.id}/tasks`, body: { title: id } }));
      const once = await graph.batch(requests.slice(0, 2), { throttleRetryRounds: 0 });
      const throttled = once.filter((r) => r.status === 429);
      expect(throttled).toHaveLength(1);
      expect(throttled[0].retryAfterMs).toBe(2000);

      await t.emulator.control.setFaults([
        { route: 'POST /v1.0/me/todo/lists/*/tasks', user: userId, script: [{ kind: 'status', status: 429, retryAfterSeconds: 3 }] },
      ]);
      const retried = await graph.batch(requests.slice(2), { sleep: async (ms) => void waits.push(ms) });
      expect(retried.map((r) => r.status)).toEqual([201]);
      expect(waits).toEqual([3000]);
    } finally {
      await t.emulator.control.clearFaults();
      await t.emulator.control.setQuirks({ fractionalRetryAfter: true });
    }
    const titles = (await graph.tasks.list(list.id)).map((x) => x.title).sort();
    expect(titles.filter((x) => x === 'c')).toHaveLength(1);
  });

  it('links a task back to Planner and finds it again by the linkedResource externalId', async () => {
    const { graph } = await newMailbox(t.emulator);
    const list = await graph.lists.create('Linked');
    for (let i = 0; i < 12; i++) await graph.tasks.create(list.id, { title: `filler ${i}` });
    const inline = await graph.tasks.create(list.id, {
      title: 'created with its link',
      linkedResources: [{ applicationName: 'Planner', displayName: 'Open in Planner', externalId: 'planner-task-1', webUrl: 'http://127.0.0.1/tasks/1' }],
    });
    const later = await graph.tasks.create(list.id, { title: 'linked afterwards' });
    await graph.linkedResources.create(list.id, later.id, { applicationName: 'Planner', displayName: 'Open', externalId: 'planner-task-2', webUrl: 'http://127.0.0.1/tasks/2' });

    expect((await graph.linkedResources.findTask(list.id, 'planner-task-1'))?.id).toBe(inline.id);
    expect((await graph.linkedResources.findTask(list.id, 'planner-task-2'))?.id).toBe(later.id);
    expect(await graph.linkedResources.findTask(list.id, 'planner-task-3')).toBeNull();
    expect((await graph.linkedResources.list(list.id, later.id)).map((r) => r.externalId)).toEqual(['planner-task-2']);
  });

  it('creates, checks, lists and deletes checklist items', async () => {
    const { graph } = await newMailbox(t.emulator);
    const list = await graph.lists.create('Checklist');
    const task = await graph.tasks.create(list.id, { title: 'with steps' });
    const one = await graph.checklistItems.create(list.id, task.id, { displayName: 'step one' });
    const two = await graph.checklistItems.create(list.id, task.id, { displayName: 'step two' });
    await graph.checklistItems.patch(list.id, task.id, one.id, { isChecked: true });
    expect(await graph.checklistItems.delete(list.id, task.id, two.id)).toBe('deleted');
    expect(await graph.checklistItems.delete(list.id, task.id, two.id)).toBe('not_found');
    const items = await graph.checklistItems.list(list.id, task.id);
    expect(items).toHaveLength(1);
    expect(items[0]).toMatchObject({ displayName: 'step one', isChecked: true });
  });

  it('patches with If-Match, renames and deletes lists, and treats a second delete as done', async () => {
    const { graph } = await newMailbox(t.emulator);
    const list = await graph.lists.create('Before');
    const task = await graph.tasks.create(list.id, { title: 'v1' });
    const patched = await graph.tasks.patch(list.id, task.id, { title: 'v2' }, { ifMatch: task['@odata.etag'] });
    expect(patched.title).toBe('v2');
    expect((await graph.lists.rename(list.id, 'After')).displayName).toBe('After');
    expect(await graph.tasks.delete(list.id, task.id)).toBe('deleted');
    expect(await graph.tasks.delete(list.id, task.id)).toBe('not_found');
    expect(await graph.lists.delete(list.id)).toBe('deleted');
    expect(await graph.lists.delete(list.id)).toBe('not_found');
  });

  it('creates a subscription (answering the validation handshake), renews it and deletes it, 404 tolerated', async () => {
    const { graph, userId } = await newMailbox(t.emulator);
    const list = await graph.lists.create('Watched');
    const expires = new Date(Date.now() + 4000 * 60_000);
    const created = await graph.subscriptions.create({
      resource: taskSubscriptionResource(list.id),
      notificationUrl: `${receiver.url}/webhook`,
      expirationDateTime: expires,
      clientState: 'state-for-this-list',
    });
    expect(created).toMatchObject({ resource: taskSubscriptionResource(list.id), changeType: 'created,updated,deleted' });
    const later = new Date(Date.now() + 4200 * 60_000);
    const renewed = await graph.subscriptions.renew(created.id, later);
    expect(new Date(renewed.expirationDateTime).getTime()).toBeGreaterThan(expires.getTime());
    expect((await t.emulator.control.subscriptions()).filter((s) => s.userId === userId)).toHaveLength(1);

    expect(await graph.subscriptions.delete(created.id)).toBe('deleted');
    expect(await graph.subscriptions.delete(created.id)).toBe('not_found');
    expect((await t.emulator.control.subscriptions()).filter((s) => s.userId === userId)).toHaveLength(0);
  });
});

/** Answers Graph's validation POST (`?validationToken=…`) with the token as text/plain, else 202. */
async function startValidationReceiver(): Promise<{ server: Server; url: string }> {
  const server = createServer((req, res) => {
    const token = new URL(req.url ?? '/', 'http://x').searchParams.get('validationToken');
    req.resume();
    if (token !== null) {
      res.writeHead(200, { 'content-type': 'text/plain' });
      res.end(token);
      return;
    }
    res.writeHead(202);
    res.end();
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return { server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}` };
}
