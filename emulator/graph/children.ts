/** /tasks/{taskId}/checklistItems[/{id}] and /linkedResources[/{id}] (checklistitem-*.md, linkedresource-*.md). */
import type { Context, Hono } from 'hono';
import type { AppEnv, EmulatorCore } from '../core';
import {
  addChecklistItem, addLinkedResource, deleteChecklistItem, deleteLinkedResource, getChecklistItem, getLinkedResource,
  updateChecklistItem, updateLinkedResource,
} from '../store/child-ops';
import { checklistItemJson, linkedResourceJson } from '../store/graph-json';
import { parseChecklistItem, parseLinkedResource } from '../store/task-input';
import { getTask } from '../store/task-ops';
import { contextUrl, noContent, readJson, userIdOf } from './http';

const TASK = '/v1.0/me/todo/lists/:listId/tasks/:taskId';

function ref(c: Context<AppEnv>) {
  return { userId: userIdOf(c), listId: c.req.param('listId') ?? '', taskId: c.req.param('taskId') ?? '' };
}

function ctx(c: Context<AppEnv>, core: EmulatorCore, kind: string, entity = false) {
  const r = ref(c);
  return contextUrl(core, r.userId, `todo/lists('${r.listId}')/tasks('${r.taskId}')/${kind}${entity ? '/$entity' : ''}`);
}

export function registerChildRoutes(app: Hono<AppEnv>, core: EmulatorCore): void {
  const store = core.store;

  app.get(`${TASK}/checklistItems`, (c) => {
    const task = getTask(store, ...taskArgs(c));
    return c.json({ '@odata.context': ctx(c, core, 'checklistItems'), value: task.checklistItems.map(checklistItemJson) });
  });
  app.post(`${TASK}/checklistItems`, async (c) => {
    const item = addChecklistItem(store, ref(c), parseChecklistItem(await readJson(c), 'create'));
    return c.json({ '@odata.context': ctx(c, core, 'checklistItems', true), ...checklistItemJson(item) }, 201);
  });
  app.get(`${TASK}/checklistItems/:itemId`, (c) =>
    c.json({ '@odata.context': ctx(c, core, 'checklistItems', true), ...checklistItemJson(getChecklistItem(store, ref(c), c.req.param('itemId'))) }));
  app.patch(`${TASK}/checklistItems/:itemId`, async (c) => {
    const item = updateChecklistItem(store, ref(c), c.req.param('itemId'), parseChecklistItem(await readJson(c), 'update'));
    return c.json({ '@odata.context': ctx(c, core, 'checklistItems', true), ...checklistItemJson(item) });
  });
  app.delete(`${TASK}/checklistItems/:itemId`, (c) => {
    deleteChecklistItem(store, ref(c), c.req.param('itemId'));
    return noContent(c);
  });

  app.get(`${TASK}/linkedResources`, (c) => {
    const task = getTask(store, ...taskArgs(c));
    return c.json({ '@odata.context': ctx(c, core, 'linkedResources'), value: task.linkedResources.map(linkedResourceJson) });
  });
  app.post(`${TASK}/linkedResources`, async (c) => {
    const item = addLinkedResource(store, ref(c), parseLinkedResource(await readJson(c)));
    return c.json({ '@odata.context': ctx(c, core, 'linkedResources', true), ...linkedResourceJson(item) }, 201);
  });
  app.get(`${TASK}/linkedResources/:itemId`, (c) =>
    c.json({ '@odata.context': ctx(c, core, 'linkedResources', true), ...linkedResourceJson(getLinkedResource(store, ref(c), c.req.param('itemId'))) }));
  app.patch(`${TASK}/linkedResources/:itemId`, async (c) => {
    const item = updateLinkedResource(store, ref(c), c.req.param('itemId'), parseLinkedResource(await readJson(c)));
    return c.json({ '@odata.context': ctx(c, core, 'linkedResources', true), ...linkedResourceJson(item) });
  });
  app.delete(`${TASK}/linkedResources/:itemId`, (c) => {
    deleteLinkedResource(store, ref(c), c.req.param('itemId'));
    return noContent(c);
  });
}

function taskArgs(c: Context<AppEnv>): [string, string, string] {
  const r = ref(c);
  return [r.userId, r.listId, r.taskId];
}
