/**
 * Validates a todoTask JSON body (POST or PATCH) the way Graph's OData layer does:
 * unknown properties and bad enum values are 400s, dateTimeTimeZone values are
 * converted to UTC, `checklistItems` is refused inside a PATCH (docs/graph-facts.md §1).
 */
import { badRequest, GraphHttpError } from '../errors';
import { parseRecurrence } from './recurrence';
import { TimeZoneError, toUtcMs } from './time-zones';
import type { ChecklistItemRecord, LinkedResourceRecord, TaskFields } from './types';

const IMPORTANCE = ['low', 'normal', 'high'];
const STATUS = ['notStarted', 'inProgress', 'completed', 'waitingOnOthers', 'deferred'];
const DATE_FIELDS = { dueDateTime: 'dueMs', startDateTime: 'startMs', reminderDateTime: 'reminderMs', completedDateTime: 'completedMs' } as const;
const IGNORED = new Set(['id', 'createdDateTime', 'lastModifiedDateTime', 'bodyLastModifiedDateTime', 'hasAttachments']);

export interface TaskPatch {
  fields: Partial<TaskFields>;
  /** Graph property names present in the body. */
  props: string[];
  checklistItems?: Omit<ChecklistItemRecord, 'id' | 'createdMs'>[];
  linkedResources?: Omit<LinkedResourceRecord, 'id'>[];
}

const unknownProperty = (name: string, type: string) =>
  new GraphHttpError(400, 'BadRequest', `The property '${name}' does not exist on type 'microsoft.graph.${type}'.`);

export function assertObject(body: unknown): Record<string, unknown> {
  if (!body || typeof body !== 'object' || Array.isArray(body)) throw badRequest('Empty Payload. JSON content expected.', 'BadRequest');
  return body as Record<string, unknown>;
}

export function parseTaskBody(raw: unknown, mode: 'create' | 'update'): TaskPatch {
  const body = assertObject(raw);
  const patch: TaskPatch = { fields: {}, props: [] };
  for (const [key, value] of Object.entries(body)) {
    if (key.startsWith('@odata.') || IGNORED.has(key)) continue;
    applyTaskProperty(patch, key, value, mode);
    patch.props.push(key);
  }
  // recurrenceTimeZone defaults to the zone the due date was written in (docs/graph-facts.md §9.2).
  if (body.recurrence !== undefined && body.recurrence !== null) patch.fields.recurrence = parseRecurrence(body.recurrence, zoneOf(body.dueDateTime));
  return patch;
}

function applyTaskProperty(patch: TaskPatch, key: string, value: unknown, mode: 'create' | 'update'): void {
  const f = patch.fields;
  if (key === 'title') f.title = stringOrEmpty(value, key);
  else if (key === 'body') f.body = parseItemBody(value);
  else if (key === 'importance') f.importance = enumValue(value, IMPORTANCE, key) as TaskFields['importance'];
  else if (key === 'status') f.status = enumValue(value, STATUS, key) as TaskFields['status'];
  else if (key === 'isReminderOn') f.isReminderOn = booleanValue(value, key);
  else if (key === 'categories') f.categories = stringArray(value, key);
  else if (key === 'recurrence') f.recurrence = null; // parsed once the whole body is read
  else if (key in DATE_FIELDS) f[DATE_FIELDS[key as keyof typeof DATE_FIELDS]] = parseDateTimeTimeZone(value, key);
  else if (key === 'checklistItems') patch.checklistItems = parseInlineChecklist(value, mode);
  else if (key === 'linkedResources') patch.linkedResources = parseInlineLinkedResources(value, mode);
  else throw unknownProperty(key, 'todoTask');
}

function stringOrEmpty(value: unknown, key: string): string {
  if (value === null) return '';
  if (typeof value !== 'string') throw badRequest(`Invalid value for property '${key}': a string is expected.`, 'BadRequest');
  return value;
}

function booleanValue(value: unknown, key: string): boolean {
  if (typeof value !== 'boolean') throw badRequest(`Invalid value for property '${key}': a boolean is expected.`, 'BadRequest');
  return value;
}

function enumValue(value: unknown, allowed: string[], key: string): string {
  if (typeof value !== 'string' || !allowed.includes(value)) {
    throw badRequest(`Requested value '${String(value)}' was not found for property '${key}'.`, 'BadRequest');
  }
  return value;
}

function stringArray(value: unknown, key: string): string[] {
  if (!Array.isArray(value) || value.some((v) => typeof v !== 'string')) {
    throw badRequest(`Invalid value for property '${key}': an array of strings is expected.`, 'BadRequest');
  }
  return [...(value as string[])];
}

export function parseItemBody(value: unknown): TaskFields['body'] {
  if (value === null) return { content: '', contentType: 'text' };
  const obj = assertObject(value);
  const contentType = obj.contentType === undefined ? 'text' : String(obj.contentType).toLowerCase();
  if (contentType !== 'text' && contentType !== 'html') throw badRequest(`Requested value '${String(obj.contentType)}' was not found for property 'contentType'.`, 'BadRequest');
  for (const k of Object.keys(obj)) if (k !== 'content' && k !== 'contentType') throw unknownProperty(k, 'itemBody');
  return { content: obj.content == null ? '' : String(obj.content), contentType };
}

export function parseDateTimeTimeZone(value: unknown, key: string): number | null {
  if (value === null) return null;
  const obj = assertObject(value);
  if (typeof obj.dateTime !== 'string') throw badRequest(`Property '${key}' needs a dateTime.`, 'BadRequest');
  const zone = typeof obj.timeZone === 'string' && obj.timeZone !== '' ? obj.timeZone : 'UTC';
  try {
    return toUtcMs(obj.dateTime, zone);
  } catch (e) {
    if (e instanceof TimeZoneError) throw badRequest(e.message, 'BadRequest');
    throw e;
  }
}

function zoneOf(value: unknown): string {
  const zone = value && typeof value === 'object' ? (value as Record<string, unknown>).timeZone : undefined;
  return typeof zone === 'string' && zone.trim() !== '' ? zone : 'UTC';
}

function parseInlineChecklist(value: unknown, mode: 'create' | 'update'): TaskPatch['checklistItems'] {
  if (mode === 'update') {
    throw badRequest("Updating the navigation property 'checklistItems' through the task is not supported; use the checklistItems collection.", 'invalidRequest');
  }
  if (!Array.isArray(value)) throw badRequest("Property 'checklistItems' must be an array.", 'BadRequest');
  return value.map((item) => parseChecklistItem(item, 'create') as Omit<ChecklistItemRecord, 'id' | 'createdMs'>);
}

function parseInlineLinkedResources(value: unknown, mode: 'create' | 'update'): TaskPatch['linkedResources'] {
  if (mode === 'update') {
    throw badRequest("Updating the navigation property 'linkedResources' through the task is not supported; use the linkedResources collection.", 'invalidRequest');
  }
  if (!Array.isArray(value)) throw badRequest("Property 'linkedResources' must be an array.", 'BadRequest');
  return value.map((item) => parseLinkedResource(item) as Omit<LinkedResourceRecord, 'id'>);
}

export function parseChecklistItem(raw: unknown, mode: 'create' | 'update'): Partial<Omit<ChecklistItemRecord, 'id' | 'createdMs'>> {
  const obj = assertObject(raw);
  const out: Partial<Omit<ChecklistItemRecord, 'id' | 'createdMs'>> = {};
  for (const [key, value] of Object.entries(obj)) {
    if (key.startsWith('@odata.') || key === 'id' || key === 'createdDateTime') continue;
    if (key === 'displayName') out.displayName = stringOrEmpty(value, key);
    else if (key === 'isChecked') out.isChecked = booleanValue(value, key);
    else if (key === 'checkedDateTime') out.checkedMs = value === null ? null : dateTimeOffset(value, key);
    else throw unknownProperty(key, 'checklistItem');
  }
  if (mode === 'create') {
    if (out.displayName === undefined) throw badRequest("Property 'displayName' is required.", 'BadRequest');
    out.isChecked ??= false;
    out.checkedMs ??= null;
  }
  return out;
}

/** An Edm.DateTimeOffset such as `2026-03-01T09:30:00Z` (an offset or Z is required). */
function dateTimeOffset(value: unknown, key: string): number {
  const ms = typeof value === 'string' && /(Z|[+-]\d{2}:\d{2})$/i.test(value) ? Date.parse(value) : NaN;
  if (Number.isNaN(ms)) throw badRequest(`Cannot convert the literal '${String(value)}' to the expected type 'Edm.DateTimeOffset' of property '${key}'.`, 'BadRequest');
  return ms;
}

export function parseLinkedResource(raw: unknown): Partial<Omit<LinkedResourceRecord, 'id'>> {
  const obj = assertObject(raw);
  const out: Partial<Omit<LinkedResourceRecord, 'id'>> = {};
  for (const [key, value] of Object.entries(obj)) {
    if (key.startsWith('@odata.') || key === 'id') continue;
    if (key === 'webUrl' || key === 'applicationName' || key === 'displayName' || key === 'externalId') {
      out[key] = value === null ? null : String(value);
    } else throw unknownProperty(key, 'linkedResource');
  }
  return out;
}
