/**
 * The built-in lists (issue 16 §5; docs/graph-facts.md §1, todotasklist.md): every mailbox has
 * "Tasks" (`defaultList`) and "Flagged Emails" (`flaggedEmails`); neither can be renamed or
 * deleted, by Graph, the control API or the Outlook page; the lists delta reports them.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ControlApiError } from '../control-client';
import type { Emulator } from '../index';
import { graphClient, start } from './helpers';

type Obj = Record<string, unknown>;
type Page = { value: Obj[]; '@odata.deltaLink'?: string; '@odata.nextLink'?: string };

let emu: Emulator;
let graph: ReturnType<typeof graphClient>;
const user = 'sandbox@planner.test';

beforeAll(async () => {
  emu = await start();
});
afterAll(() => emu.close());
beforeEach(async () => {
  await emu.control.reset();
  graph = graphClient(emu, (await emu.control.mintToken(user)).access_token);
});

const builtIns = (lists: { displayName?: unknown; wellknownListName?: unknown }[]) =>
  lists.filter((l) => l.wellknownListName !== 'none').map((l) => [l.displayName, l.wellknownListName]);

async function roundOf(url: string) {
  const items: Obj[] = [];
  let next = url;
  for (;;) {
    const page = await graph<Page>('GET', next);
    items.push(...page.body.value);
    if (page.body['@odata.deltaLink']) return { items, deltaLink: page.body['@odata.deltaLink'] };
    next = page.body['@odata.nextLink']!;
  }
}

describe('the built-in lists', () => {
  it('every mailbox has Tasks (defaultList) and Flagged Emails (flaggedEmails): the sandbox, a new user, after a reset', async () => {
    const expected = [['Tasks', 'defaultList'], ['Flagged Emails', 'flaggedEmails']];
    expect(builtIns((await emu.control.mailbox(user)).lists)).toEqual(expected);
    expect(builtIns((await emu.control.createUser({ email: 'new.person@planner.test' })).lists)).toEqual(expected);
    const lists = (await graph<Page>('GET', '/me/todo/lists')).body.value;
    expect(lists.filter((l) => l.wellknownListName !== 'none')).toEqual(expected.map(([displayName, wellknownListName]) =>
      expect.objectContaining({ displayName, wellknownListName, isOwner: true, isShared: false })));
  });

  it('neither can be renamed or deleted through Graph; writing the same name changes nothing', async () => {
    const lists = (await graph<Page>('GET', '/me/todo/lists')).body.value;
    for (const list of lists.filter((l) => l.wellknownListName !== 'none')) {
      const rename = await graph<{ error: { message: string } }>('PATCH', `/me/todo/lists/${list.id}`, { displayName: 'Mine now' });
      expect(rename.status).toBe(400);
      expect(rename.body.error.message).toMatch(/cannot be renamed/);
      const remove = await graph<{ error: { message: string } }>('DELETE', `/me/todo/lists/${list.id}`);
      expect(remove.status).toBe(400);
      expect(remove.body.error.message).toMatch(/cannot be deleted/);
      const same = await graph('PATCH', `/me/todo/lists/${list.id}`, { displayName: list.displayName });
      expect(same.status).toBe(200);
      expect(same.body['@odata.etag']).toBe(list['@odata.etag']);
    }
    expect(builtIns((await graph<Page>('GET', '/me/todo/lists')).body.value)).toEqual([['Tasks', 'defaultList'], ['Flagged Emails', 'flaggedEmails']]);
  });

  it('nor through the control API', async () => {
    const flagged = (await emu.control.mailbox(user)).lists.find((l) => l.wellknownListName === 'flaggedEmails')!;
    await expect(emu.control.renameList(user, flagged.id, 'Mail')).rejects.toBeInstanceOf(ControlApiError);
    await expect(emu.control.deleteList(user, flagged.id)).rejects.toMatchObject({ status: 400 });
  });

  it('the lists delta reports both in its first round, and a refused rename is no change', async () => {
    const first = await roundOf('/me/todo/lists/delta');
    expect(builtIns(first.items)).toEqual([['Tasks', 'defaultList'], ['Flagged Emails', 'flaggedEmails']]);
    const tasks = first.items.find((l) => l.wellknownListName === 'defaultList')!;
    await graph('PATCH', `/me/todo/lists/${tasks.id}`, { displayName: 'Renamed' });
    expect((await roundOf(first.deltaLink)).items).toEqual([]);
  });

  it('a saved state missing a built-in list (or a newer quirk) gets it back at start', async () => {
    const file = path.join(mkdtempSync(path.join(tmpdir(), 'emu-state-')), 'state.json');
    const first = await start({ stateFile: file });
    await first.control.createTask(user, (await first.control.mailbox(user)).lists[0].id, { title: 'Kept' });
    await first.close();
    const saved = JSON.parse(readFileSync(file, 'utf8'));
    for (const mailbox of Object.values(saved.mailboxes) as { lists: Record<string, { wellknownListName: string }> }[]) {
      for (const [id, list] of Object.entries(mailbox.lists)) if (list.wellknownListName === 'flaggedEmails') delete mailbox.lists[id];
    }
    delete saved.quirks.recurringDueDateWriteSplitsSeries;
    writeFileSync(file, JSON.stringify(saved));
    const second = await start({ stateFile: file });
    try {
      const mailbox = await second.control.mailbox(user);
      expect(builtIns(mailbox.lists)).toEqual([['Tasks', 'defaultList'], ['Flagged Emails', 'flaggedEmails']]);
      expect(mailbox.lists.flatMap((l) => l.tasks.map((t) => t.title))).toEqual(['Kept']);
      expect((await second.control.quirks()).recurringDueDateWriteSplitsSeries).toBe(true);
    } finally {
      await second.close();
    }
  });
});
