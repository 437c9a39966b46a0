/**
 * The "Outlook side" page at /outlook: a person edits the sandbox mailbox the way
 * they would in Outlook / To Do. Forms POST to /outlook/actions/{action}, which
 * call the same store operations as Graph and redirect back (303).
 */
import type { Context, Hono } from 'hono';
import type { AppEnv, EmulatorCore } from '../core';
import { GraphHttpError } from '../errors';
import { addChecklistItem, updateChecklistItem } from '../store/child-ops';
import { createTask, deleteTask, getTask, moveTask, updateTask } from '../store/task-ops';
import type { TaskFields } from '../store/types';
import { localeFromHeader, renderOutlookPage } from './render';

type Form = Record<string, string>;
type Action = (core: EmulatorCore, form: Form) => string | void;

export function registerOutlookRoutes(app: Hono<AppEnv>, core: EmulatorCore): void {
  app.get('/outlook', (c) => showPage(c, core));
  app.get('/outlook/version', (c) => {
    const user = core.store.findUser(c.req.query('user') ?? '');
    return c.json({ seq: user ? core.store.mailbox(user.id).seq : 0 });
  });
  app.post('/outlook/actions/:action', async (c) => {
    const form = (await c.req.parseBody()) as Form;
    const action = ACTIONS[c.req.param('action')];
    let listId: string | void = form.list;
    let error = '';
    try {
      if (!action) throw new GraphHttpError(404, 'notFound', 'Unknown action.');
      listId = action(core, form) ?? form.list;
    } catch (e) {
      error = e instanceof GraphHttpError ? e.message : String(e);
    }
    const params = new URLSearchParams({ user: form.user ?? '', list: listId ?? '' });
    if (error) params.set('error', error);
    return c.redirect(`/outlook?${params}`, 303);
  });
}

function showPage(c: Context<AppEnv>, core: EmulatorCore) {
  const users = core.store.users();
  const requested = c.req.query('user');
  const sandbox = core.options.sandboxUser ? core.store.findUser(core.options.sandboxUser.email) : undefined;
  const user = (requested && core.store.findUser(requested)) || sandbox || users[0];
  if (!user) return c.html('<p>No sandbox account yet.</p>');
  const lists = core.store.liveLists(user.id);
  const list = lists.find((l) => l.id === c.req.query('list')) ?? lists.find((l) => l.wellknownListName === 'defaultList') ?? lists[0];
  const locale = localeFromHeader(c.req.header('accept-language'));
  return c.html(renderOutlookPage({ users, user, lists, list, error: c.req.query('error') ?? null, seq: core.store.mailbox(user.id).seq, locale }));
}

function dueFromForm(value: string | undefined): number | null {
  return value ? Date.parse(`${value}T00:00:00Z`) : null;
}

const ACTIONS: Record<string, Action> = {
  'add-list': (core, f) => core.store.createList(f.user, f.displayName).id,
  'rename-list': (core, f) => void core.store.renameList(f.user, f.list, f.displayName),
  'delete-list': (core, f) => {
    core.store.deleteList(f.user, f.list);
    return '';
  },
  'add-task': (core, f) => void createTask(core.store, f.user, f.list, {
    fields: { title: f.title ?? '', dueMs: dueFromForm(f.due) },
    props: ['title', ...(f.due ? ['dueDateTime'] : [])],
  }),
  'toggle-task': (core, f) => {
    const task = getTask(core.store, f.user, f.list, f.task);
    const status = task.status === 'completed' ? 'notStarted' : 'completed';
    updateTask(core.store, f.user, f.list, f.task, { fields: { status }, props: ['status'] });
  },
  'update-task': (core, f) => {
    const fields: Partial<TaskFields> = {
      title: f.title ?? '',
      dueMs: dueFromForm(f.due),
      importance: f.importance as TaskFields['importance'],
      status: f.status as TaskFields['status'],
    };
    const task = getTask(core.store, f.user, f.list, f.task);
    if ((f.note ?? '') !== task.body.content) fields.body = { content: f.note ?? '', contentType: 'text' };
    const changed = Object.keys(fields).filter((k) => JSON.stringify(fields[k as keyof TaskFields]) !== JSON.stringify(task[k as keyof TaskFields]));
    if (changed.length) {
      const props = changed.map((k) => (k === 'dueMs' ? 'dueDateTime' : k));
      const patch = Object.fromEntries(changed.map((k) => [k, fields[k as keyof TaskFields]]));
      updateTask(core.store, f.user, f.list, f.task, { fields: patch, props });
    }
    if (f.step?.trim()) addChecklistItem(core.store, { userId: f.user, listId: f.list, taskId: f.task }, { displayName: f.step.trim() });
  },
  'toggle-step': (core, f) => {
    const ref = { userId: f.user, listId: f.list, taskId: f.task };
    const item = getTask(core.store, f.user, f.list, f.task).checklistItems.find((i) => i.id === f.step);
    if (item) updateChecklistItem(core.store, ref, item.id, { isChecked: !item.isChecked });
  },
  'delete-task': (core, f) => void deleteTask(core.store, f.user, f.list, f.task),
  'move-task': (core, f) => {
    moveTask(core.store, f.user, f.list, f.task, f.toList);
    return f.toList;
  },
};
