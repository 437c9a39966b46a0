/**
 * /v1.0/me/todo/lists/{listId}/tasks[/{taskId}] (todotask-*.md): paging with
 * $top/$skip and nextLink, $select/$expand/$filter/$orderby, Prefer:
 * outlook.timezone, If-Match on PATCH (412), DELETE ignoring If-Match (docs/graph-facts.md §9.2).
 */
import type { Context, Hono } from 'hono';
import type { AppEnv, EmulatorCore } from '../core';
import { taskJson } from '../store/graph-json';
import { parseTaskBody } from '../store/task-input';
import { createTask, deleteTask, getTask, updateTask } from '../store/task-ops';
import { badRequest } from '../errors';
import { resolveTimeZone } from '../store/time-zones';
import { compileFilter } from './filter';
import { contextUrl, noContent, readJson, userIdOf } from './http';
import { applyOrderBy, linkWith, parseExpand, parseNonNegativeInt, parsePrefer, parseSet } from './odata';

export const TASK_EXPANDABLE = ['checklistItems', 'linkedResources', 'attachments', 'extensions'];

export function registerTaskRoutes(app: Hono<AppEnv>, core: EmulatorCore): void {
  const base = '/v1.0/me/todo/lists/:listId/tasks';

  app.get(base, (c) => listTasks(c, core));

  app.post(base, async (c) => {
    const userId = userIdOf(c);
    const patch = parseTaskBody(await readJson(c), 'create');
    const task = createTask(core.store, userId, c.req.param('listId'), patch);
    const render = renderOptions(c);
    render.expand = new Set(['checklistItems', 'linkedResources'].filter((p) => patch.props.includes(p)));
    return c.json({ '@odata.context': taskContext(c, core), ...taskJson(task, render) }, 201);
  });

  app.get(`${base}/:taskId`, (c) => {
    const task = getTask(core.store, userIdOf(c), c.req.param('listId'), c.req.param('taskId'));
    return c.json({ '@odata.context': taskContext(c, core), ...taskJson(task, renderOptions(c)) });
  });

  app.patch(`${base}/:taskId`, async (c) => {
    const patch = parseTaskBody(await readJson(c), 'update');
    const task = updateTask(core.store, userIdOf(c), c.req.param('listId'), c.req.param('taskId'), patch, c.req.header('if-match') ?? null);
    return c.json({ '@odata.context': taskContext(c, core), ...taskJson(task, renderOptions(c)) });
  });

  app.delete(`${base}/:taskId`, (c) => {
    deleteTask(core.store, userIdOf(c), c.req.param('listId'), c.req.param('taskId'));
    return noContent(c);
  });
}

function listTasks(c: Context<AppEnv>, core: EmulatorCore) {
  const userId = userIdOf(c);
  const listId = c.req.param('listId') ?? '';
  const q = c.req.query();
  const list = core.store.list(userId, listId);
  const render = renderOptions(c);
  const rendered = Object.values(list.tasks).map((t) => taskJson(t, { ...render, select: null }));
  const matching = applyOrderBy(rendered.filter(compileFilter(q.$filter)), q.$orderby);
  const top = Math.min(parseNonNegativeInt(q.$top, '$top') ?? parsePrefer(c.req.header('prefer')).maxPageSize ?? core.options.pageSizes.tasks, core.options.pageSizes.maxTop);
  const skip = parseNonNegativeInt(q.$skip, '$skip') ?? 0;
  const page = matching.slice(skip, skip + top).map((t) => project(t, render.select ?? null, render.expand));
  const body: Record<string, unknown> = { '@odata.context': contextUrl(core, userId, `todo/lists('${listId}')/tasks`) };
  if (q.$count === 'true') body['@odata.count'] = matching.length;
  body.value = page;
  if (skip + top < matching.length) {
    body['@odata.nextLink'] = linkWith(core.baseUrl(), `/v1.0/me/todo/lists/${encodeURIComponent(listId)}/tasks`, q, { $top: String(top), $skip: String(skip + top) });
  }
  return c.json(body);
}

function project(item: Record<string, unknown>, select: Set<string> | null, expand?: Set<string>) {
  if (!select) return item;
  return Object.fromEntries(Object.entries(item).filter(([k]) => k === 'id' || k.startsWith('@odata.') || select.has(k) || expand?.has(k)));
}

export function renderOptions(c: Context<AppEnv>) {
  const timeZone = parsePrefer(c.req.header('prefer')).timeZone;
  if (timeZone) checkTimeZone(timeZone);
  return {
    timeZone,
    expand: parseExpand(c.req.query('$expand'), TASK_EXPANDABLE),
    select: parseSet(c.req.query('$select')),
  };
}

function taskContext(c: Context<AppEnv>, core: EmulatorCore): string {
  return contextUrl(core, userIdOf(c), `todo/lists('${c.req.param('listId')}')/tasks/$entity`);
}

function checkTimeZone(name: string): void {
  try {
    resolveTimeZone(name);
  } catch {
    throw badRequest(`The time zone '${name}' in Prefer: outlook.timezone is not supported.`, 'BadRequest');
  }
}
