/**
 * Delta queries (docs/graph-facts.md §2): `/me/todo/lists/delta` (one cursor per user) and
 * `/me/todo/lists/{id}/tasks/delta` (one per list). Paged by `Prefer:
 * odata.maxpagesize` (on every page), `@odata.nextLink` until `@odata.deltaLink`,
 * `@removed` entries, optional partial updates, 410 `syncStateNotFound` with a
 * fresh Location (or 400 `resyncRequired`) when a link was killed or aged out, the
 * `$top` 400 quirk, replayed items and `@removed` in a first round (quirks).
 */
import type { Context, Hono } from 'hono';
import type { AppEnv, EmulatorCore } from '../core';
import { GraphHttpError } from '../errors';
import { listJson, partialTaskJson, taskJson } from '../store/graph-json';
import type { MailboxRecord } from '../store/types';
import { type DeltaCursor, decodeCursor, encodeCursor } from './delta-token';
import { userIdOf } from './http';
import { parseExpand, parsePrefer, parseSet } from './odata';
import { TASK_EXPANDABLE } from './tasks';

interface Entry {
  seq: number;
  render: () => Record<string, unknown>;
}

export function registerDeltaRoutes(app: Hono<AppEnv>, core: EmulatorCore): void {
  app.get('/v1.0/me/todo/lists/delta', (c) => deltaRound(c, core, 'lists', null));
  app.get('/v1.0/me/todo/lists/:listId/tasks/delta', (c) => deltaRound(c, core, 'tasks', c.req.param('listId')));
}

function deltaRound(c: Context<AppEnv>, core: EmulatorCore, scope: DeltaCursor['scope'], listId: string | null) {
  const userId = userIdOf(c);
  const mailbox = core.store.mailbox(userId);
  const q = c.req.query();
  const cursor = startingCursor(c, core, mailbox, scope, listId);
  if (scope === 'tasks' && listId) {
    const list = mailbox.lists[listId];
    if (!list || (list.deletedMs !== null && !core.store.quirks.deletedListDeltaEmpty)) {
      throw new GraphHttpError(404, 'ErrorItemNotFound', 'The specified object was not found in the store.');
    }
  }
  const prefer = parsePrefer(c.req.header('prefer'));
  const topFromQuery = scope === 'lists' && q.$top ? Number(q.$top) : null;
  const pageSize = prefer.maxPageSize ?? topFromQuery ?? core.options.pageSizes.delta;
  if (prefer.maxPageSize) c.header('Preference-Applied', `odata.maxpagesize=${prefer.maxPageSize}`);
  const high = cursor.high ?? mailbox.seq;
  const entries = collectEntries(core, mailbox, cursor, high, prefer.timeZone);
  const page = entries.slice(0, pageSize);
  const repeats = core.store.quirks.deltaRepeatsItems;
  const base = `${core.baseUrl()}/v1.0/me/todo/lists/${listId ? `${encodeURIComponent(listId)}/tasks/` : ''}delta`;
  const rendered = page.map((e) => e.render());
  // A page with room sends its first item twice (quirk: repeats within a page).
  if (repeats && rendered.length > 0 && rendered.length < pageSize) rendered.push(page[0].render());
  const body: Record<string, unknown> = {
    '@odata.context': `${core.baseUrl()}/v1.0/$metadata#Collection(${scope === 'lists' ? 'todoTaskList' : 'todoTask'})`,
    value: rendered,
  };
  const now = core.clock.nowMs();
  if (entries.length > page.length) {
    // The last item of this page opens the next one again (quirk: repeats across pages).
    const lastSent = repeats && page.length >= 2 ? page[page.length - 2] : page[page.length - 1];
    const next = { ...cursor, high, after: lastSent.seq, issuedMs: cursor.high === null ? now : cursor.issuedMs };
    body['@odata.nextLink'] = `${base}?$skiptoken=${encodeCursor(next)}`;
  } else {
    // The last new item of this round comes again in the next one (quirk: repeats across rounds).
    const lastNew = [...page].reverse().find((e) => e.seq > cursor.since);
    const replaySeq = repeats && lastNew ? lastNew.seq : null;
    const done: DeltaCursor = { ...cursor, since: high, high: null, after: null, replaySeq, issuedMs: now };
    body['@odata.deltaLink'] = `${base}?$deltatoken=${encodeCursor(done)}`;
  }
  return c.json(body);
}

function startingCursor(c: Context<AppEnv>, core: EmulatorCore, mailbox: MailboxRecord, scope: DeltaCursor['scope'], listId: string | null): DeltaCursor {
  const q = c.req.query();
  const token = q.$skiptoken ?? q.$deltatoken;
  if (token) {
    const cursor = decodeCursor(token, scope, listId);
    assertCursorAlive(core, mailbox, cursor, listId);
    return cursor;
  }
  if (scope === 'tasks' && q.$top !== undefined && core.store.quirks.deltaTopRejected) {
    throw new GraphHttpError(400, 'ErrorInvalidRequest', 'Invalid request. Delta query is not supported by this resource.');
  }
  const select = parseSet(q.$select);
  const expand = scope === 'tasks' ? parseExpand(q.$expand, TASK_EXPANDABLE) : new Set<string>();
  return {
    scope, listId, since: 0, high: null, after: null, epoch: mailbox.deltaEpoch, issuedMs: core.clock.nowMs(),
    select: select ? [...select] : null, expand: [...expand],
  };
}

function assertCursorAlive(core: EmulatorCore, mailbox: MailboxRecord, cursor: DeltaCursor, listId: string | null): void {
  const ttl = core.store.quirks.deltaLinkTtlMinutes;
  const aged = ttl !== null && core.clock.nowMs() - cursor.issuedMs > ttl * 60_000;
  if (cursor.epoch === mailbox.deltaEpoch && !aged) return;
  const answer = core.store.quirks.deadDeltaLinkAnswer ?? 'gone';
  if (answer === 'resyncRequired' || (answer === 'mixed' && core.rng.next() < 0.5)) {
    throw new GraphHttpError(400, 'resyncRequired', 'The delta token is no longer valid. Reset the sync state and start a new sync.');
  }
  const fresh = `${core.baseUrl()}/v1.0/me/todo/lists/${listId ? `${encodeURIComponent(listId)}/tasks/` : ''}delta`;
  throw new GraphHttpError(410, 'syncStateNotFound', 'The sync state generation is not found or has expired. Start a new sync without a token.', { Location: fresh });
}

function collectEntries(core: EmulatorCore, mailbox: MailboxRecord, cursor: DeltaCursor, high: number, timeZone: string | undefined): Entry[] {
  const lower = Math.max(cursor.since, cursor.after ?? 0);
  const replay = cursor.after === null ? (cursor.replaySeq ?? null) : null;
  const inRound = (seq: number) => (seq > lower && seq <= high) || seq === replay;
  const entries: Entry[] = [];
  const select = cursor.select ? new Set(cursor.select) : null;
  const removed = (id: string, type: string, reason: string) => () => ({ '@odata.type': type, id, '@removed': { reason } });
  const includeTombstones = cursor.since > 0 || core.store.quirks.removedInInitialRound;
  if (cursor.scope === 'lists') {
    for (const list of Object.values(mailbox.lists)) {
      if (list.deletedMs === null && inRound(list.seq)) entries.push({ seq: list.seq, render: () => listJson(list, select) });
    }
    for (const t of mailbox.tombstones) {
      if (includeTombstones && t.kind === 'list' && inRound(t.seq)) entries.push({ seq: t.seq, render: removed(t.id, '#microsoft.graph.todoTaskList', t.reason) });
    }
  } else {
    const list = mailbox.lists[cursor.listId ?? ''];
    const render = { timeZone, expand: new Set(cursor.expand), select };
    const partial = core.store.quirks.partialDeltaUpdates && cursor.since > 0;
    for (const task of Object.values(list?.tasks ?? {})) {
      if (!inRound(task.seq) || list?.deletedMs !== null) continue;
      const asPartial = partial && task.createdSeq <= cursor.since;
      entries.push({ seq: task.seq, render: () => (asPartial ? partialTaskJson(task, cursor.since, render) : taskJson(task, render)) });
    }
    for (const t of mailbox.tombstones) {
      if (includeTombstones && t.kind === 'task' && t.listId === cursor.listId && inRound(t.seq)) {
        entries.push({ seq: t.seq, render: removed(t.id, '#microsoft.graph.todoTask', t.reason) });
      }
    }
  }
  return entries.sort((a, b) => a.seq - b.seq);
}
