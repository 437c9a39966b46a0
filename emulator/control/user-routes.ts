/**
 * Control API, per user: create users, mint tokens, revoke/expire, and act as the
 * user in Outlook (same store operations as Graph, so etags, delta and
 * notifications behave as for a real edit).
 */
import type { Context, Hono } from 'hono';
import type { AppEnv, EmulatorCore } from '../core';
import type { MintTokenRequest } from '../control-types';
import { GraphHttpError } from '../errors';
import { DEFAULT_GRAPH_SCOPES } from '../identity/scopes';
import { addChecklistItem, deleteChecklistItem, updateChecklistItem } from '../store/child-ops';
import { parseChecklistItem, parseTaskBody } from '../store/task-input';
import { applyTaskUpdate, createTask, deleteTask, getTask, moveTask, updateTask } from '../store/task-ops';
import { checklistItemJson, taskJson } from '../store/graph-json';
import { listView, mailboxView, userInfo } from './state-view';

const U = '/_emulator/users/:user';
const EXPAND_ALL = { expand: new Set(['checklistItems', 'linkedResources']) };

export function resolveUserId(core: EmulatorCore, c: Context<AppEnv>): string {
  const key = decodeURIComponent(c.req.param('user') ?? '');
  const user = core.store.findUser(key);
  if (!user) throw new GraphHttpError(404, 'ErrorInvalidUser', `No emulated user '${key}'.`);
  return user.id;
}

async function json(c: Context<AppEnv>): Promise<Record<string, unknown>> {
  const text = await c.req.text();
  return text ? (JSON.parse(text) as Record<string, unknown>) : {};
}

export function registerControlUserRoutes(app: Hono<AppEnv>, core: EmulatorCore): void {
  const store = core.store;
  app.get('/_emulator/users', (c) => c.json(store.users().map(userInfo)));
  app.post('/_emulator/users', async (c) => {
    const body = await json(c);
    if (typeof body.email !== 'string') throw new GraphHttpError(400, 'invalidRequest', 'email is required');
    const user = store.createUser({ email: body.email, displayName: body.displayName as string | undefined });
    return c.json(mailboxView(core, user.id), 201);
  });
  app.get(U, (c) => c.json(mailboxView(core, resolveUserId(core, c), c.req.query('includeDeleted') === 'true')));

  app.post(`${U}/tokens`, async (c) => {
    const userId = resolveUserId(core, c);
    const body = (await json(c)) as MintTokenRequest;
    const clientId = body.clientId ?? ensureTestClient(core);
    const scopes = body.scopes ?? [...DEFAULT_GRAPH_SCOPES, 'openid', 'profile', 'email'];
    return c.json(core.tokens.mint(userId, clientId, scopes, body.offlineAccess ?? true, body.expiresInSeconds));
  });
  app.post(`${U}/revoke-refresh-tokens`, (c) => {
    const userId = resolveUserId(core, c);
    const clients = core.tokens.revokeRefreshTokens(userId);
    core.subscriptions.onRefreshTokensRevoked(userId, clients);
    return c.json({ revokedGrantsForClients: clients });
  });
  app.post(`${U}/expire-access-tokens`, (c) => c.json({ expired: core.tokens.expireAccessTokens(resolveUserId(core, c)) }));
  app.post('/_emulator/expire-access-tokens', (c) => c.json({ expired: core.tokens.expireAccessTokens() }));
  app.post(`${U}/expire-delta-links`, (c) => {
    const mailbox = store.mailbox(resolveUserId(core, c));
    mailbox.deltaEpoch += 1;
    store.touched();
    return c.json({ deltaEpoch: mailbox.deltaEpoch });
  });

  registerOutlookActions(app, core);
}

function registerOutlookActions(app: Hono<AppEnv>, core: EmulatorCore): void {
  const store = core.store;
  app.post(`${U}/lists`, async (c) => c.json(listView(store.createList(resolveUserId(core, c), (await json(c)).displayName)), 201));
  app.patch(`${U}/lists/:listId`, async (c) =>
    c.json(listView(store.renameList(resolveUserId(core, c), c.req.param('listId'), (await json(c)).displayName))));
  app.delete(`${U}/lists/:listId`, (c) => {
    store.deleteList(resolveUserId(core, c), c.req.param('listId'));
    return c.body(null, 204);
  });
  app.post(`${U}/lists/:listId/tasks`, async (c) => {
    const task = createTask(store, resolveUserId(core, c), c.req.param('listId'), parseTaskBody(await json(c), 'create'));
    return c.json(taskJson(task, EXPAND_ALL), 201);
  });
  app.patch(`${U}/lists/:listId/tasks/:taskId`, async (c) => {
    const task = updateTask(store, resolveUserId(core, c), c.req.param('listId'), c.req.param('taskId'), parseTaskBody(await json(c), 'update'));
    return c.json(taskJson(task, EXPAND_ALL));
  });
  app.delete(`${U}/lists/:listId/tasks/:taskId`, (c) => {
    deleteTask(store, resolveUserId(core, c), c.req.param('listId'), c.req.param('taskId'));
    return c.body(null, 204);
  });
  app.post(`${U}/lists/:listId/tasks/:taskId/move`, async (c) => {
    const body = await json(c);
    const moved = moveTask(store, resolveUserId(core, c), c.req.param('listId'), c.req.param('taskId'), String(body.toListId));
    return c.json(taskJson(moved, EXPAND_ALL));
  });
  // Completing as a person does in To Do: a recurring task rolls forward and leaves a completed copy.
  app.post(`${U}/lists/:listId/tasks/:taskId/complete`, (c) => {
    const result = applyTaskUpdate(store, resolveUserId(core, c), c.req.param('listId'), c.req.param('taskId'), { fields: { status: 'completed' }, props: ['status'] }, { inApp: true });
    return c.json({ task: taskJson(result.task, EXPAND_ALL), completedCopy: result.completedCopy && taskJson(result.completedCopy, EXPAND_ALL) });
  });
  // Moving the due date as a person does in To Do: a recurring task's series moves, nothing splits.
  app.post(`${U}/lists/:listId/tasks/:taskId/due`, async (c) => {
    const body = await json(c);
    const patch = parseTaskBody({ dueDateTime: body.dueDateTime ?? null }, 'update');
    const result = applyTaskUpdate(store, resolveUserId(core, c), c.req.param('listId'), c.req.param('taskId'), patch, { inApp: true });
    return c.json(taskJson(result.task, EXPAND_ALL));
  });

  const STEPS = `${U}/lists/:listId/tasks/:taskId/checklistItems`;
  const ref = (c: Context<AppEnv>) => ({ userId: resolveUserId(core, c), listId: c.req.param('listId') ?? '', taskId: c.req.param('taskId') ?? '' });
  app.get(STEPS, (c) => {
    const r = ref(c);
    return c.json(getTask(store, r.userId, r.listId, r.taskId).checklistItems.map(checklistItemJson));
  });
  app.post(STEPS, async (c) => c.json(checklistItemJson(addChecklistItem(store, ref(c), parseChecklistItem(await json(c), 'create'))), 201));
  app.patch(`${STEPS}/:itemId`, async (c) =>
    c.json(checklistItemJson(updateChecklistItem(store, ref(c), c.req.param('itemId'), parseChecklistItem(await json(c), 'update')))));
  app.delete(`${STEPS}/:itemId`, (c) => {
    deleteChecklistItem(store, ref(c), c.req.param('itemId'));
    return c.body(null, 204);
  });
}

/** Tokens minted without a client id belong to a built-in test client. */
export function ensureTestClient(core: EmulatorCore): string {
  const clients = core.store.state.clients;
  const first = Object.keys(clients)[0];
  if (first) return first;
  clients['emulator-test-client'] = { clientId: 'emulator-test-client', clientSecret: 'emulator-test-secret', redirectUris: ['http://127.0.0.1/callback'] };
  return 'emulator-test-client';
}
