/** Graph JSON of To Do records (todotask.md, todotasklist.md, checklistitem.md, linkedresource.md). */
import { fromUtcMs } from './time-zones';
import type { ChecklistItemRecord, LinkedResourceRecord, ListRecord, TaskRecord } from './types';

export interface RenderOptions {
  /** Prefer: outlook.timezone; UTC when absent. */
  timeZone?: string;
  expand?: Set<string>;
  /** $select; null = all. */
  select?: Set<string> | null;
}

const NAVIGATION = new Set(['checklistItems', 'linkedResources']);
const iso = (ms: number) => new Date(ms).toISOString().replace(/\.(\d{3})Z$/, '.$1' + '0000Z');

export function checklistItemJson(item: ChecklistItemRecord) {
  return {
    displayName: item.displayName,
    createdDateTime: iso(item.createdMs),
    checkedDateTime: item.checkedMs === null ? null : iso(item.checkedMs),
    isChecked: item.isChecked,
    id: item.id,
  };
}

export function linkedResourceJson(item: LinkedResourceRecord) {
  return {
    id: item.id,
    webUrl: item.webUrl,
    applicationName: item.applicationName,
    displayName: item.displayName,
    externalId: item.externalId,
  };
}

export function taskJson(task: TaskRecord, options: RenderOptions = {}): Record<string, unknown> {
  const zone = options.timeZone ?? 'UTC';
  const out: Record<string, unknown> = {
    '@odata.etag': task.etag,
    importance: task.importance,
    isReminderOn: task.isReminderOn,
    status: task.status,
    title: task.title,
    createdDateTime: iso(task.createdMs),
    lastModifiedDateTime: iso(task.lastModifiedMs),
    hasAttachments: task.hasAttachments,
    categories: [...task.categories],
    id: task.id,
    body: { ...task.body },
    bodyLastModifiedDateTime: iso(task.bodyLastModifiedMs),
  };
  if (task.completedMs !== null) out.completedDateTime = fromUtcMs(task.completedMs, 'UTC');
  if (task.dueMs !== null) out.dueDateTime = fromUtcMs(task.dueMs, zone);
  if (task.startMs !== null) out.startDateTime = fromUtcMs(task.startMs, zone);
  if (task.reminderMs !== null) out.reminderDateTime = fromUtcMs(task.reminderMs, zone);
  if (task.recurrence) out.recurrence = structuredClone(task.recurrence);
  if (options.expand?.has('checklistItems')) out.checklistItems = task.checklistItems.map(checklistItemJson);
  if (options.expand?.has('linkedResources')) out.linkedResources = task.linkedResources.map(linkedResourceJson);
  return applySelect(out, options.select ?? null, options.expand);
}

export function listJson(list: ListRecord, select: Set<string> | null = null): Record<string, unknown> {
  const out = {
    '@odata.etag': list.etag,
    displayName: list.displayName,
    isOwner: list.isOwner,
    isShared: list.isShared,
    wellknownListName: list.wellknownListName,
    id: list.id,
  };
  return applySelect(out, select);
}

export function applySelect(out: Record<string, unknown>, select: Set<string> | null, expand?: Set<string>) {
  if (!select) return out;
  const picked: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(out)) {
    if (key === 'id' || key.startsWith('@odata.') || select.has(key) || expand?.has(key)) picked[key] = value;
  }
  return picked;
}

/**
 * Only `id`, the etag and the properties changed since `sinceSeq` (docs/graph-facts.md §2 partial
 * updates). A changed property that has no value now (a cleared due date) is sent as
 * `null`: a partial update that left it out would say "unchanged".
 */
export function partialTaskJson(task: TaskRecord, sinceSeq: number, options: RenderOptions): Record<string, unknown> {
  const full = taskJson(task, options);
  const out: Record<string, unknown> = { '@odata.etag': full['@odata.etag'], id: task.id };
  const selected = (prop: string) => !options.select || options.select.has(prop) || Boolean(options.expand?.has(prop));
  for (const [prop, seq] of Object.entries(task.fieldSeq)) {
    if (seq <= sinceSeq || !selected(prop)) continue;
    // A changed step or linked resource shows only when the round asked to $expand it.
    if (NAVIGATION.has(prop) && !options.expand?.has(prop)) continue;
    out[prop] = prop in full ? full[prop] : null;
  }
  if ('lastModifiedDateTime' in full) out.lastModifiedDateTime = full.lastModifiedDateTime;
  return out;
}
