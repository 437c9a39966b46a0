/** Server-rendered HTML of the Outlook-side page. */
import { escapeHtml as h, htmlDocument } from '../html';
import type { ListRecord, TaskRecord, UserRecord } from '../store/types';
import { localDate, REPEAT_DAYS, repeatOf, repeatSummary } from './form-fields';
import { OUTLOOK_CSS } from './styles';

export interface OutlookView {
  users: UserRecord[];
  user: UserRecord;
  lists: ListRecord[];
  list: ListRecord;
  error: string | null;
  /** Mailbox change sequence when rendered; the page reloads itself when it moves. */
  seq: number;
  /** The browser's locale (Accept-Language), for due dates: the numeric date its date inputs show. */
  locale?: string;
  /** The zone dates are shown and typed in (`?tz=`, default UTC), as the To Do app uses the device's. */
  timeZone?: string;
  /** A task whose edit panel stays open (after a step edit). */
  openTask?: string | null;
}

const ICONS: Record<string, string> = { defaultList: '⌂', flaggedEmails: '⚑', none: '☰' };
const STATUS_LABELS: Record<string, string> = {
  notStarted: 'Not started', inProgress: 'In progress', completed: 'Completed', waitingOnOthers: 'Waiting on others', deferred: 'Deferred',
};
const SHORT_DAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const ZONES = ['UTC', 'Europe/London', 'Europe/Berlin', 'America/New_York', 'America/Los_Angeles', 'Asia/Tokyo', 'Australia/Sydney'];
const zoneOf = (view: OutlookView) => view.timeZone ?? 'UTC';
const dateOf = (view: OutlookView, ms: number | null) => localDate(ms, zoneOf(view)).date;

/** A date as people read it in their locale: 15/12/2026 (en-GB), 12/15/2026 (en-US), in the page's zone. */
function shownDate(view: OutlookView, ms: number): string {
  return new Intl.DateTimeFormat(view.locale ?? 'en-US', { day: '2-digit', month: '2-digit', year: 'numeric', timeZone: zoneOf(view) }).format(ms);
}

/** The first language of an Accept-Language header that Intl knows, if any. */
export function localeFromHeader(header: string | undefined): string | undefined {
  const first = header?.split(',')[0]?.split(';')[0]?.trim();
  if (!first) return undefined;
  try {
    return Intl.DateTimeFormat.supportedLocalesOf([first])[0];
  } catch {
    return undefined;
  }
}

function hidden(view: OutlookView, extra: Record<string, string> = {}): string {
  const fields = { user: view.user.id, list: view.list.id, tz: zoneOf(view), ...extra };
  return Object.entries(fields).map(([k, v]) => `<input type="hidden" name="${k}" value="${h(v)}">`).join('');
}

function topBar(view: OutlookView): string {
  const options = view.users.map((u) => `<option value="${h(u.id)}"${u.id === view.user.id ? ' selected' : ''}>${h(u.displayName)} — ${h(u.email)}</option>`).join('');
  return `<header class="top"><span class="app">To Do</span><span class="sandbox-badge">Sandbox · Outlook side</span>
<form method="get" action="/outlook"><label for="user" style="font-size:13px">Account</label><select id="user" name="user">${options}</select>
<select name="tz" aria-label="Time zone" title="Dates on this page are in this time zone">${zoneOptions(view)}</select><button class="btn" type="submit">Switch</button></form></header>`;
}

function zoneOptions(view: OutlookView): string {
  const zones = ZONES.includes(zoneOf(view)) ? ZONES : [zoneOf(view), ...ZONES];
  return zones.map((z) => `<option value="${h(z)}"${z === zoneOf(view) ? ' selected' : ''}>${h(z)}</option>`).join('');
}

function sideBar(view: OutlookView): string {
  const link = (l: ListRecord) => {
    const open = Object.values(l.tasks).filter((t) => t.status !== 'completed').length;
    return `<a class="list${l.id === view.list.id ? ' active' : ''}" href="/outlook?user=${encodeURIComponent(view.user.id)}&list=${encodeURIComponent(l.id)}&tz=${encodeURIComponent(zoneOf(view))}">` +
      `<span class="icon">${ICONS[l.wellknownListName] ?? '☰'}</span>${h(l.displayName)}<span class="count">${open || ''}</span></a>`;
  };
  const builtIn = view.lists.filter((l) => l.wellknownListName !== 'none').map(link).join('');
  const own = view.lists.filter((l) => l.wellknownListName === 'none').map(link).join('');
  return `<nav class="side">${builtIn}<hr>${own}
<form method="post" action="/outlook/actions/add-list">${hidden(view)}<input type="text" name="displayName" placeholder="New list" required><button class="btn" type="submit">Add</button></form></nav>`;
}

function listHeader(view: OutlookView): string {
  const builtIn = view.list.wellknownListName !== 'none';
  const manage = builtIn ? '' : `<details><summary>List options ▾</summary>
<form method="post" action="/outlook/actions/rename-list" style="display:flex;gap:6px;margin:6px 0">${hidden(view)}<input type="text" name="displayName" value="${h(view.list.displayName)}" required><button class="btn" type="submit">Rename</button></form>
<form method="post" action="/outlook/actions/delete-list">${hidden(view)}<button class="btn btn-danger" type="submit">Delete list</button></form></details>`;
  return `<div class="list-head"><h1>${h(view.list.displayName)}</h1>${manage}</div>
<p class="hint">Changes you make here reach Planner within seconds, and Planner's show up here by themselves.</p>`;
}

function taskRow(view: OutlookView, task: TaskRecord): string {
  const done = task.status === 'completed';
  const reminder = localDate(task.reminderMs, zoneOf(view));
  const meta = [
    task.dueMs !== null ? `Due ${shownDate(view, task.dueMs)}` : '',
    task.startMs !== null ? `Starts ${shownDate(view, task.startMs)}` : '',
    task.reminderMs !== null && task.isReminderOn ? `Reminder ${shownDate(view, task.reminderMs)} ${reminder.time}` : '',
    task.checklistItems.length ? `${task.checklistItems.filter((i) => i.isChecked).length} of ${task.checklistItems.length} steps` : '',
    task.recurrence ? `↻ ${repeatSummary(task.recurrence)}` : '',
    !done && task.status !== 'notStarted' ? STATUS_LABELS[task.status] : '',
    task.categories.join(', '),
    task.body.content ? 'Note' : '',
  ].filter(Boolean).join(' · ');
  return `<div class="task${done ? ' completed' : ''}" data-task="${h(task.id)}"><div class="row">
<form method="post" action="/outlook/actions/toggle-task">${hidden(view, { task: task.id })}<button class="check${done ? ' done' : ''}" type="submit" title="${done ? 'Mark as not completed' : 'Mark as completed'}" aria-label="toggle"></button></form>
<div class="title"><span>${h(task.title || '(untitled)')}</span>${meta ? `<div class="meta">${h(meta)}</div>` : ''}</div>
${task.importance === 'high' ? '<span class="star" title="Important">★</span>' : ''}</div>
${steps(view, task)}
<details${view.openTask === task.id ? ' open' : ''}><summary>Edit</summary>${editForm(view, task)}${stepsEditor(view, task)}</details></div>`;
}

function steps(view: OutlookView, task: TaskRecord): string {
  if (!task.checklistItems.length) return '';
  const items = task.checklistItems.map((i) => `<li><form method="post" action="/outlook/actions/toggle-step" style="display:inline">${hidden(view, { task: task.id, step: i.id })}` +
    `<button class="btn" style="padding:0 6px" type="submit" aria-label="${i.isChecked ? 'Uncheck' : 'Check'} ${h(i.displayName)}">${i.isChecked ? '☑' : '☐'}</button></form> ` +
    `<span class="${i.isChecked ? 'done' : ''}">${h(i.displayName)}</span></li>`).join('');
  return `<ul class="steps">${items}</ul>`;
}

/** Per step: check, rename, delete; and a new step. Separate forms (a form cannot hold another). */
function stepsEditor(view: OutlookView, task: TaskRecord): string {
  const keep = { task: task.id, keepOpen: '1' };
  const rows = task.checklistItems.map((i) => `<li class="step-row">
<form method="post" action="/outlook/actions/toggle-step">${hidden(view, { ...keep, step: i.id })}<button class="btn" type="submit" aria-label="${i.isChecked ? 'Uncheck' : 'Check'} step">${i.isChecked ? '☑' : '☐'}</button></form>
<form method="post" action="/outlook/actions/rename-step" class="grow">${hidden(view, { ...keep, step: i.id })}<input type="text" name="displayName" value="${h(i.displayName)}" aria-label="Step name" required><button class="btn" type="submit">Rename</button></form>
<form method="post" action="/outlook/actions/delete-step">${hidden(view, { ...keep, step: i.id })}<button class="btn btn-danger" type="submit" aria-label="Delete step ${h(i.displayName)}">Delete</button></form></li>`).join('');
  return `<div class="steps-editor"><h3>Steps</h3><ul>${rows}</ul>
<form method="post" action="/outlook/actions/add-step" class="step-row">${hidden(view, keep)}<input type="text" name="displayName" placeholder="Add a step" aria-label="Add a step" required><button class="btn" type="submit">Add step</button></form></div>`;
}

function repeatFields(task: TaskRecord): string {
  const repeat = repeatOf(task.recurrence);
  const kinds: [string, string][] = [['none', 'Never'], ['daily', 'Daily'], ['weekly', 'Weekly'], ['monthly', 'Monthly'], ['yearly', 'Yearly']];
  const days = REPEAT_DAYS.map((d, i) => `<label class="day"><input type="checkbox" name="repeatDays" value="${d}"${repeat.days.includes(d) ? ' checked' : ''}>${SHORT_DAYS[i]}</label>`).join('');
  const summary = task.recurrence ? `<span class="hint-inline">${h(repeatSummary(task.recurrence))}</span>` : '';
  return `<label>Repeat</label><div class="pair"><select name="repeat" aria-label="Repeat">${kinds.map(([v, l]) => `<option value="${v}"${v === repeat.kind ? ' selected' : ''}>${l}</option>`).join('')}</select>
<label class="inline">every <input type="number" name="repeatEvery" min="1" max="99" value="${repeat.interval}" aria-label="Repeat every"></label>${summary}</div>
<label>On days</label><div class="days">${days}</div>
<label>Repeat until</label><input type="date" name="repeatUntil" value="${h(repeat.until)}" aria-label="Repeat until">`;
}

function editForm(view: OutlookView, task: TaskRecord): string {
  const moveOptions = view.lists.filter((l) => l.id !== view.list.id).map((l) => `<option value="${h(l.id)}">${h(l.displayName)}</option>`).join('');
  const opt = (value: string, current: string, label = value) => `<option value="${value}"${value === current ? ' selected' : ''}>${label}</option>`;
  const reminder = localDate(task.isReminderOn ? task.reminderMs : null, zoneOf(view));
  return `<form class="edit" method="post" action="/outlook/actions/update-task">${hidden(view, { task: task.id })}
<label>Title</label><input type="text" name="title" value="${h(task.title)}">
<label>Due date</label><input type="date" name="due" value="${dateOf(view, task.dueMs)}" aria-label="Due date">
<label>Start date</label><input type="date" name="start" value="${dateOf(view, task.startMs)}" aria-label="Start date">
<label>Remind me</label><div class="pair"><input type="date" name="reminderDate" value="${reminder.date}" aria-label="Reminder date"><input type="time" name="reminderTime" value="${reminder.time}" aria-label="Reminder time"></div>
${repeatFields(task)}
<label>Importance</label><select name="importance">${opt('normal', task.importance, 'Normal')}${opt('high', task.importance, 'High ★')}${opt('low', task.importance, 'Low')}</select>
<label>Status</label><select name="status">${Object.entries(STATUS_LABELS).map(([value, label]) => opt(value, task.status, label)).join('')}</select>
<label>Categories</label><input type="text" name="categories" value="${h(task.categories.join(', '))}" placeholder="Red category, Bills" aria-label="Categories">
<label>Note</label><textarea name="note" rows="2">${h(task.body.content)}</textarea>
<div class="actions"><button class="btn btn-primary" type="submit">Save</button>
<button class="btn btn-danger" type="submit" formaction="/outlook/actions/delete-task">Delete task</button>
${moveOptions ? `<select name="toList" aria-label="Move to">${moveOptions}</select><button class="btn" type="submit" formaction="/outlook/actions/move-task">Move</button>` : ''}</div></form>`;
}

export function renderOutlookPage(view: OutlookView): string {
  const tasks = Object.values(view.list.tasks);
  const open = tasks.filter((t) => t.status !== 'completed').map((t) => taskRow(view, t)).join('');
  const done = tasks.filter((t) => t.status === 'completed').map((t) => taskRow(view, t)).join('');
  const main = `<main class="main">${view.error ? `<div class="banner">${h(view.error)}</div>` : ''}${listHeader(view)}
<form class="add" method="post" action="/outlook/actions/add-task">${hidden(view)}<span class="plus">+</span><input type="text" name="title" placeholder="Add a task" required aria-label="Add a task"><input type="date" name="due" aria-label="Due date"><button class="btn btn-primary" type="submit">Add</button></form>
${open || (done ? '' : '<p class="empty">No tasks yet. Add one above: it shows in Planner within seconds.</p>')}
${done ? `<h2 class="section">Completed ${tasks.filter((t) => t.status === 'completed').length}</h2>${done}` : ''}</main>`;
  return htmlDocument(`${view.list.displayName} — To Do (sandbox)`, OUTLOOK_CSS, `${topBar(view)}<div class="layout">${sideBar(view)}${main}</div>${liveReload(view)}`);
}

/** Reloads when the mailbox changes (e.g. Planner synced), unless the person is editing. */
function liveReload(view: OutlookView): string {
  return `<script>(function(){var seq=${view.seq};setInterval(function(){
var a=document.activeElement;if(a&&/INPUT|TEXTAREA|SELECT/.test(a.tagName))return;if(document.querySelector('details[open]'))return;
fetch('/outlook/version?user=${encodeURIComponent(view.user.id)}').then(function(r){return r.json()}).then(function(v){if(v.seq!==seq)location.reload()}).catch(function(){});
},2000)})();</script>`;
}
