/**
 * /v1.0/me/todo/lists and /lists/{id} (todo-list-lists.md, todotasklist-*.md),
 * with $top/$skip paging and the switchable truncation quirk (docs/graph-facts.md §1).
 */
import type { Hono } from 'hono';
import type { AppEnv, EmulatorCore } from '../core';
import { GraphHttpError } from '../errors';
import { listJson } from '../store/graph-json';
import { assertObject } from '../store/task-input';
import { compileFilter } from './filter';
import { contextUrl, noContent, readJson, userIdOf } from './http';
import { applyOrderBy, linkWith, parseNonNegativeInt, parsePrefer, parseSet } from './odata';

const LIST_PROPS = new Set(['displayName']);
const READ_ONLY = new Set(['id', 'isOwner', 'isShared', 'wellknownListName']);

export function registerListRoutes(app: Hono<AppEnv>, core: EmulatorCore): void {
  app.get('/v1.0/me/todo/lists', (c) => {
    const userId = userIdOf(c);
    const q = c.req.query();
    const select = parseSet(q.$select);
    const all = applyOrderBy(core.store.liveLists(userId).map((l) => listJson(l, select)).filter(compileFilter(q.$filter)), q.$orderby);
    const body: Record<string, unknown> = { '@odata.context': contextUrl(core, userId, 'todo/lists') };
    const truncate = core.store.quirks.listsTruncatedTo;
    if (truncate !== null) {
      body.value = all.slice(0, truncate);
      return c.json(body);
    }
    const top = Math.min(parseNonNegativeInt(q.$top, '$top') ?? parsePrefer(c.req.header('prefer')).maxPageSize ?? core.options.pageSizes.lists, core.options.pageSizes.maxTop);
    const skip = parseNonNegativeInt(q.$skip, '$skip') ?? 0;
    body.value = all.slice(skip, skip + top);
    if (skip + top < all.length) body['@odata.nextLink'] = linkWith(core.baseUrl(), '/v1.0/me/todo/lists', q, { $top: String(top), $skip: String(skip + top) });
    return c.json(body);
  });

  app.post('/v1.0/me/todo/lists', async (c) => {
    const userId = userIdOf(c);
    const body = checkListBody(await readJson(c));
    const list = core.store.createList(userId, body.displayName);
    return c.json({ '@odata.context': contextUrl(core, userId, 'todo/lists/$entity'), ...listJson(list) }, 201);
  });

  app.get('/v1.0/me/todo/lists/:listId', (c) => {
    const userId = userIdOf(c);
    const list = core.store.list(userId, c.req.param('listId'));
    return c.json({ '@odata.context': contextUrl(core, userId, 'todo/lists/$entity'), ...listJson(list, parseSet(c.req.query('$select'))) });
  });

  // docs/graph-facts.md §9.2: list PATCH ignores If-Match.
  app.patch('/v1.0/me/todo/lists/:listId', async (c) => {
    const userId = userIdOf(c);
    const body = checkListBody(await readJson(c));
    const list = body.displayName === undefined
      ? core.store.list(userId, c.req.param('listId'))
      : core.store.renameList(userId, c.req.param('listId'), body.displayName);
    return c.json({ '@odata.context': contextUrl(core, userId, 'todo/lists/$entity'), ...listJson(list) });
  });

  app.delete('/v1.0/me/todo/lists/:listId', (c) => {
    core.store.deleteList(userIdOf(c), c.req.param('listId'));
    return noContent(c);
  });
}

function checkListBody(raw: unknown): Record<string, unknown> {
  const body = assertObject(raw);
  for (const key of Object.keys(body)) {
    if (key.startsWith('@odata.') || READ_ONLY.has(key) || LIST_PROPS.has(key)) continue;
    throw new GraphHttpError(400, 'BadRequest', `The property '${key}' does not exist on type 'microsoft.graph.todoTaskList'.`);
  }
  return body;
}
