/** The "Outlook side" page (issue point 8): a person's edits change the mailbox and fire notifications. */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Emulator } from '../index';
import { graphClient, start } from './helpers';
import { startReceiver } from './receiver';

let emu: Emulator;
let userId: string;
let listId: string;

beforeAll(async () => {
  emu = await start();
});
afterAll(() => emu.close());
beforeEach(async () => {
  await emu.control.reset();
  userId = emu.sandboxUser!.id;
  listId = (await emu.control.createList(userId, 'Website launch')).id;
});

async function act(action: string, fields: Record<string, string>) {
  const response = await fetch(`${emu.url}/outlook/actions/${action}`, {
    method: 'POST',
    redirect: 'manual',
    body: new URLSearchParams({ user: userId, list: listId, ...fields }),
  });
  expect(response.status).toBe(303);
  return new URL(response.headers.get('location')!, emu.url);
}

const tasksOf = async (id = listId) => (await emu.control.mailbox(userId)).lists.find((l) => l.id === id)?.tasks ?? [];

describe('Outlook page (issue point 8)', () => {
  it('shows the sandbox account’s lists and tasks', async () => {
    await emu.control.createTask(userId, listId, { title: 'Write copy', importance: 'high' });
    const html = await (await fetch(`${emu.url}/outlook?list=${encodeURIComponent(listId)}`)).text();
    for (const text of ['Sandbox User', 'Tasks', 'Flagged Emails', 'Website launch', 'Write copy', 'Sandbox']) expect(html).toContain(text);
  });

  it('adds, edits, completes, moves and deletes tasks', async () => {
    await act('add-task', { title: 'Book venue', due: '2025-07-01' });
    let [task] = await tasksOf();
    expect(task).toMatchObject({ title: 'Book venue', dueDateTime: { dateTime: '2025-07-01T00:00:00.0000000', timeZone: 'UTC' } });

    await act('update-task', { task: task.id, title: 'Book the venue', due: '2025-07-02', importance: 'high', status: 'notStarted', note: 'Call first', step: 'Get quotes' });
    [task] = await tasksOf();
    expect(task).toMatchObject({ title: 'Book the venue', importance: 'high', body: { content: 'Call first' } });
    expect((task.checklistItems as { displayName: string }[]).map((i) => i.displayName)).toEqual(['Get quotes']);

    await act('toggle-task', { task: task.id });
    [task] = await tasksOf();
    expect(task.status).toBe('completed');

    const defaultList = (await emu.control.mailbox(userId)).lists.find((l) => l.wellknownListName === 'defaultList')!.id;
    const back = await act('move-task', { task: task.id, toList: defaultList });
    expect(back.searchParams.get('list')).toBe(defaultList);
    expect(await tasksOf()).toEqual([]);
    const [moved] = await tasksOf(defaultList);
    expect(moved.id).not.toBe(task.id);

    await fetch(`${emu.url}/outlook/actions/delete-task`, { method: 'POST', body: new URLSearchParams({ user: userId, list: defaultList, task: moved.id }) });
    expect(await tasksOf(defaultList)).toEqual([]);
  });

  it('renames and deletes lists; a built-in list refuses with a visible error', async () => {
    await act('rename-list', { displayName: 'Launch v2' });
    expect((await emu.control.mailbox(userId)).lists.find((l) => l.id === listId)?.displayName).toBe('Launch v2');
    await act('delete-list', {});
    expect((await emu.control.mailbox(userId)).lists.find((l) => l.id === listId)).toBeUndefined();
    const defaultList = (await emu.control.mailbox(userId)).lists.find((l) => l.wellknownListName === 'defaultList')!.id;
    listId = defaultList;
    const back = await act('delete-list', {});
    expect(back.searchParams.get('error')).toContain('cannot be deleted');
    const html = await (await fetch(back)).text();
    expect(html).toContain('cannot be deleted');
  });

  it('edits on the page fire change notifications like real Outlook edits', async () => {
    const receiver = await startReceiver();
    try {
      const token = await emu.control.mintToken(userId);
      const created = await graphClient(emu, token.access_token)('POST', '/subscriptions', {
        changeType: 'created,updated,deleted', notificationUrl: receiver.url, resource: `/me/todo/lists/${listId}/tasks`,
        expirationDateTime: new Date(Date.now() + 3600_000).toISOString(), clientState: 'page',
      });
      expect(created.status).toBe(201);
      await act('add-task', { title: 'From the page' });
      await emu.control.waitForNotificationsIdle();
      expect(receiver.notifications).toMatchObject([{ changeType: 'created', clientState: 'page' }]);
    } finally {
      await receiver.close();
    }
  });

  it('exposes a change counter so the open page refreshes after a sync', async () => {
    const version = async () => ((await (await fetch(`${emu.url}/outlook/version?user=${userId}`)).json()) as { seq: number }).seq;
    const before = await version();
    await emu.control.createTask(userId, listId, { title: 'Synced from Planner' });
    expect(await version()).toBeGreaterThan(before);
  });

  it('switches between accounts', async () => {
    await emu.control.createUser({ email: 'second@planner.test', displayName: 'Second Person' });
    const html = await (await fetch(`${emu.url}/outlook?user=second%40planner.test`)).text();
    expect(html).toMatch(/<option value="[^"]+" selected>Second Person/);
  });
});
