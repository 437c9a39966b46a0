/**
 * The "Outlook side" page at /outlook: a person edits the sandbox mailbox the way
 * they would in Outlook / To Do. Forms POST to /outlook/actions/{action}, which
 * call the same store operations as Graph and redirect back (303). Dates typed on
 * the page are in the page's time zone (`tz`, default UTC), as the To Do app uses the
 * device's zone.
 */
import type { Context, Hono } from 'hono';
import type { AppEnv, EmulatorCore } from '../core';
import { GraphHttpError } from '../errors';
import { addChecklistItem, deleteChecklistItem, updateChecklistItem } from '../store/child-ops';
import { createTask, deleteTask, getTask, moveTask, applyTaskUpdate } from '../store/task-ops';
import { resolveTimeZone } from '../store/time-zones';
import type { TaskFields } from '../store/types';
import { localeFromHeader, renderOutlookPage } from './render';
import { dateInZone, recurrenceFromForm, REPEAT_DAYS, sameRepeat } from './form-fields';

/** Form fields; checkboxes and repeated names come as arrays. */
type Form = Record<string, string | string[]>;
type Action = (core: EmulatorCore, form: Form) => string | void;

const one = (f: Form, key: string): string => {
  const value = f[key];
  return (Array.isArray(value) ? value[0] : value) ?? '';
};
const many = (f: Form, key: string): string[] => {
  const value = f[key];
  return value === undefined ? [] : Array.isArray(value) ? value : [value];
};
const zoneOf = (f: Form) => pageZone(one(f, 'tz'));

/** A zone the page can use: the one asked for when it exists, else UTC. */
export function pageZone(name: string | undefined): string {
  if (!name) return 'UTC';
  try {
    resolveTimeZone(name);
    return name;
  } catch {
    return 'UTC';
  }
}

export function registerOutlookRoutes(app: Hono<AppEnv>, core: EmulatorCore): void {
  app.get('/outlook', (c) => showPage(c, core));
  app.get('/outlook/version', (c) => {
    const user = core.store.findUser(c.req.query('user') ?? '');
    return c.json({ seq: user ? core.store.mailbox(user.id).seq : 0 });
  });
  app.post('/outlook/actions/:action', async (c) => {
    const form = (await c.req.parseBody({ all: true })) as Form;
    const action = ACTIONS[c.req.param('action')];
    let listId: string | void = one(form, 'list');
    let error = '';
    try {
      if (!action) throw new GraphHttpError(404, 'notFound', 'Unknown action.');
      listId = action(core, form) ?? one(form, 'list');
    } catch (e) {
      error = e instanceof GraphHttpError ? e.message : String(e);
    }
    const params = new URLSearchParams({ user: one(form, 'user'), list: listId ?? '' });
    if (one(form, 'tz')) params.set('tz', zoneOf(form));
    if (one(form, 'task') && !error && one(form, 'keepOpen')) params.set('open', one(form, 'task'));
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
  return c.html(renderOutlookPage({
    users, user, lists, list, error: c.req.query('error') ?? null, seq: core.store.mailbox(user.id).seq, locale,
    timeZone: pageZone(c.req.query('tz')), openTask: c.req.query('open') ?? null,
  }));
}

function ref(f: Form) {
  return { userId: one(f, 'user'), listId: one(f, 'list'), taskId: one(f, 'task') };
}

/** The task fields the edit form holds, read in the page's zone. */
function editedFields(f: Form, zone: string, task: TaskFields, nowMs: number): Partial<TaskFields> {
  const reminderDate = one(f, 'reminderDate');
  const reminderMs = reminderDate ? dateInZone(reminderDate, one(f, 'reminderTime') || '09:00', zone) : null;
  const fields: Partial<TaskFields> = {
    title: one(f, 'title'),
    dueMs: one(f, 'due') ? dateInZone(one(f, 'due'), '00:00', zone) : null,
    startMs: one(f, 'start') ? dateInZone(one(f, 'start'), '00:00', zone) : null,
    reminderMs,
    isReminderOn: reminderMs !== null,
    importance: one(f, 'importance') as TaskFields['importance'],
    status: one(f, 'status') as TaskFields['status'],
    categories: one(f, 'categories').split(',').map((s) => s.trim()).filter(Boolean),
  };
  if (one(f, 'note') !== task.body.content) fields.body = { content: one(f, 'note'), contentType: 'text' };
  const repeat = { kind: one(f, 'repeat'), interval: Number(one(f, 'repeatEvery')) || 1, days: many(f, 'repeatDays').filter((d) => REPEAT_DAYS.includes(d)), until: one(f, 'repeatUntil') };
  if (!sameRepeat(task.recurrence, repeat)) fields.recurrence = recurrenceFromForm(repeat, fields.dueMs ?? task.dueMs, zone, nowMs);
  return fields;
}

const PROP_OF: Partial<Record<keyof TaskFields, string>> = { dueMs: 'dueDateTime', startMs: 'startDateTime', reminderMs: 'reminderDateTime', completedMs: 'completedDateTime' };

const ACTIONS: Record<string, Action> = {
  'add-list': (core, f) => core.store.createList(one(f, 'user'), one(f, 'displayName')).id,
  'rename-list': (core, f) => void core.store.renameList(one(f, 'user'), one(f, 'list'), one(f, 'displayName')),
  'delete-list': (core, f) => {
    core.store.deleteList(one(f, 'user'), one(f, 'list'));
    return '';
  },
  'add-task': (core, f) => void createTask(core.store, one(f, 'user'), one(f, 'list'), {
    fields: { title: one(f, 'title'), dueMs: one(f, 'due') ? dateInZone(one(f, 'due'), '00:00', zoneOf(f)) : null },
    props: ['title', ...(one(f, 'due') ? ['dueDateTime'] : [])],
  }),
  'toggle-task': (core, f) => {
    const r = ref(f);
    const task = getTask(core.store, r.userId, r.listId, r.taskId);
    const status = task.status === 'completed' ? 'notStarted' : 'completed';
    applyTaskUpdate(core.store, r.userId, r.listId, r.taskId, { fields: { status }, props: ['status'] }, { inApp: true });
  },
  'update-task': (core, f) => {
    const r = ref(f);
    const task = getTask(core.store, r.userId, r.listId, r.taskId);
    const fields = editedFields(f, zoneOf(f), task, core.store.now());
    const changed = (Object.keys(fields) as (keyof TaskFields)[]).filter((k) => JSON.stringify(fields[k]) !== JSON.stringify(task[k]));
    if (changed.length) {
      const patch = Object.fromEntries(changed.map((k) => [k, fields[k]]));
      // A person moving a recurring task's date in the app moves the series (no Graph split).
      applyTaskUpdate(core.store, r.userId, r.listId, r.taskId, { fields: patch, props: changed.map((k) => PROP_OF[k] ?? k) }, { inApp: true });
    }
    if (one(f, 'step').trim()) addChecklistItem(core.store, r, { displayName: one(f, 'step').trim() });
  },
  'add-step': (core, f) => void addChecklistItem(core.store, ref(f), { displayName: one(f, 'displayName').trim() || 'Step' }),
  'toggle-step': (core, f) => {
    const item = getTask(core.store, one(f, 'user'), one(f, 'list'), one(f, 'task')).checklistItems.find((i) => i.id === one(f, 'step'));
    if (item) updateChecklistItem(core.store, ref(f), item.id, { isChecked: !item.isChecked });
  },
  'rename-step': (core, f) => void updateChecklistItem(core.store, ref(f), one(f, 'step'), { displayName: one(f, 'displayName') }),
  'delete-step': (core, f) => void deleteChecklistItem(core.store, ref(f), one(f, 'step')),
  'delete-task': (core, f) => void deleteTask(core.store, one(f, 'user'), one(f, 'list'), one(f, 'task')),
  'move-task': (core, f) => {
    moveTask(core.store, one(f, 'user'), one(f, 'list'), one(f, 'task'), one(f, 'toList'));
    return one(f, 'toList');
  },
};
