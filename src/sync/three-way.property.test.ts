/**
 * Convergence and no ping-pong (vdirsyncer's SyncMachine idea, for one task): for any
 * base/local/remote state, executing the plan on both sides leaves them equal field by field,
 * and planning again yields 'nothing'.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fromGraphTask, pickPatch, toGraphPatch, toGraphTask } from './field-mapping';
import { normaliseTaskFields } from './normalise';
import type { Recurrence } from './recurrence';
import { planTaskSync, type TaskSyncPlan } from './three-way';
import { COMPARED_FIELDS, type ComparedField, type GraphTaskPayload, type GraphTodoTask, type TaskFields } from './types';

const NOW = '2026-03-12T12:00:00.000Z';

const arbFields: fc.Arbitrary<TaskFields> = fc
  .record({
    title: fc.constantFrom('Buy milk', 'Buy milk ', 'Call Bob', 'Plan trip'),
    notes: fc.constantFrom('', 'two litres', 'line one\nline two', 'a & b < c'),
    due_date: fc.constantFrom(null, '2026-03-08', '2026-03-29', '2026-10-25', '2026-04-05'),
    priority: fc.constantFrom('low' as const, 'normal' as const, 'high' as const),
    completed: fc.boolean(),
    status: fc.constantFrom('notStarted' as const, 'inProgress' as const, 'waitingOnOthers' as const, 'deferred' as const),
    start_date: fc.constantFrom(null, '2026-03-08', '2026-10-25'),
    categories: fc.constantFrom<string[]>([], ['Red'], ['Red', 'Blue'], ['Blue', 'Red'], ['Green']),
    // Minutes around both 2026 European DST changes (01:30 UTC on 29 March; the repeated hour of 25 October).
    reminder_at: fc.constantFrom(null, '2026-03-29T00:30:00.000Z', '2026-03-29T01:30:00.000Z', '2026-10-25T00:30:00.000Z', '2026-10-25T01:30:00.000Z'),
    recurrence: fc.constantFrom<Recurrence | null>(
      null,
      { pattern: { type: 'weekly', interval: 2, daysOfWeek: ['monday', 'thursday'], firstDayOfWeek: 'sunday' }, range: { type: 'noEnd', startDate: '2026-03-02' } },
      { pattern: { type: 'relativeMonthly', interval: 1, daysOfWeek: ['friday'], index: 'last' }, range: { type: 'numbered', startDate: '2026-01-30', numberOfOccurrences: 6 } },
    ),
  })
  .map((f) => ({ ...f, completed_at: f.completed ? '2026-03-11T10:15:00.000Z' : null }));

const arbInstant = fc.constantFrom('2026-03-10T09:00:00.000Z', '2026-03-11T09:00:00.000Z', '2026-03-11T09:00:00.000Z', 'garbage');

function applyPlan(plan: TaskSyncPlan, local: TaskFields | null, remote: TaskFields | null): [TaskFields | null, TaskFields | null] {
  switch (plan.kind) {
    case 'nothing':
    case 'forget':
      return [local, remote];
    case 'create-remote':
      return [local, plan.fields];
    case 'create-local':
      return [plan.fields, remote];
    case 'delete-remote':
      return [local, null];
    case 'delete-local':
      return [null, remote];
    case 'update':
      return [{ ...local!, ...plan.apply }, { ...remote!, ...plan.push }];
  }
}

const norm = (f: TaskFields | null) => (f ? normaliseTaskFields(f) : null);

describe('planTaskSync convergence', () => {
  it('both sides end equal, one-sided edits survive, and a second plan does nothing', () => {
    fc.assert(
      fc.property(fc.option(arbFields), fc.option(arbFields), fc.option(arbFields), arbInstant, arbInstant, (base, local, remote, localAt, remoteAt) => {
        const plan = planTaskSync({
          base,
          local: local && { fields: local, modifiedAt: localAt },
          remote: remote && { fields: remote, modifiedAt: remoteAt },
          now: NOW,
        });
        const [local2, remote2] = applyPlan(plan, local, remote);
        expect(norm(local2)).toEqual(norm(remote2));
        expect(norm(plan.nextBase)).toEqual(norm(local2));
        if (base && local && remote) {
          for (const field of COMPARED_FIELDS) {
            const localEdited = norm(local)![field] !== norm(base)![field];
            const remoteEdited = norm(remote)![field] !== norm(base)![field];
            if (localEdited && !remoteEdited) expect(norm(local2)![field]).toBe(norm(local)![field]);
            if (remoteEdited && !localEdited) expect(norm(local2)![field]).toBe(norm(remote)![field]);
          }
        }
        const again = planTaskSync({
          base: plan.nextBase,
          local: local2 && { fields: local2, modifiedAt: localAt },
          remote: remote2 && { fields: remote2, modifiedAt: remoteAt },
          now: NOW,
        });
        expect(again.kind).toBe('nothing');
      }),
      { numRuns: 2000 },
    );
  }, 60_000);
});

/**
 * Graph as the quirks in docs/graph-facts.md §1 describe it: due and start dates stored as
 * UTC-shifted instants, reminders returned in UTC, completion at UTC midnight, every
 * member of a recurrence returned (defaults included), bodies maybe turned into HTML.
 */
function graphStore(task: GraphTodoTask, payload: GraphTaskPayload, htmlBodies: boolean): GraphTodoTask {
  const next: GraphTodoTask = { ...task, ...payload };
  if (payload.dueDateTime) next.dueDateTime = { dateTime: utcOfLocalMidnight(payload.dueDateTime.dateTime.slice(0, 10), payload.dueDateTime.timeZone), timeZone: 'UTC' };
  if (payload.startDateTime) next.startDateTime = { dateTime: utcOfLocalMidnight(payload.startDateTime.dateTime.slice(0, 10), payload.startDateTime.timeZone), timeZone: 'UTC' };
  if (payload.reminderDateTime) next.reminderDateTime = { dateTime: new Date(`${payload.reminderDateTime.dateTime.slice(0, 19)}Z`).toISOString().replace('Z', '0000'), timeZone: 'UTC' };
  if (payload.recurrence) {
    const r = payload.recurrence as { pattern: object; range: object };
    next.recurrence = {
      pattern: { month: 0, dayOfMonth: 0, daysOfWeek: [], firstDayOfWeek: 'sunday', index: 'first', ...r.pattern },
      range: { endDate: '0001-01-01', numberOfOccurrences: 0, recurrenceTimeZone: 'UTC', ...r.range },
    };
  }
  if (payload.completedDateTime) next.completedDateTime = { dateTime: `${payload.completedDateTime.dateTime.slice(0, 10)}T00:00:00.0000000`, timeZone: 'UTC' };
  if (payload.status && payload.status !== 'completed') next.completedDateTime = null;
  if (payload.body && htmlBodies && payload.body.contentType === 'text') {
    const html = payload.body.content.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').split('\n').map((l) => `<p>${l}</p>`).join('');
    next.body = { content: `<html><body>${html}</body></html>`, contentType: 'html' };
  }
  return next;
}

function utcOfLocalMidnight(date: string, timeZone: string): string {
  const fmt = new Intl.DateTimeFormat('sv-SE', { timeZone, dateStyle: 'short', timeStyle: 'medium', hourCycle: 'h23' });
  for (let t = Date.parse(`${date}T00:00:00Z`) - 15 * 3600_000; ; t += 15 * 60_000) {
    if (fmt.format(new Date(t)) >= `${date} 00:00:00`) return new Date(t).toISOString().replace('Z', '0000');
  }
}

describe('planTaskSync through the Graph mapping', () => {
  it('converges and stays quiet when To Do is read back through fromGraphTask (UTC-shifted dates, HTML bodies)', () => {
    const zones = fc.constantFrom('UTC', 'Pacific/Auckland', 'America/Los_Angeles', 'Europe/London', 'Europe/Berlin');
    fc.assert(
      fc.property(fc.option(arbFields), fc.option(arbFields), fc.option(arbFields), arbInstant, arbInstant, zones, fc.boolean(), (base, local, remoteEdit, localAt, remoteAt, timeZone, htmlBodies) => {
        // The remote task as Graph holds it, starting from what it last had (or a fresh To Do task).
        const otherApp = [{ applicationName: 'Other app', externalId: 'x-1' }];
        let graph: GraphTodoTask | null = remoteEdit ? graphStore({ id: 'g1', createdDateTime: NOW, linkedResources: otherApp, hasAttachments: true }, toGraphTask(remoteEdit, { timeZone }), htmlBodies) : null;
        // As the pull reads it: a completed task's open status is not in Graph, so it is the one known (base, else Planner's).
        const read = (known: TaskFields | null) => (graph ? fromGraphTask(graph, { timeZone, fallback: known ?? undefined }) : null);
        const sync = (b: TaskFields | null, l: TaskFields | null) =>
          planTaskSync({ base: b, local: l && { fields: l, modifiedAt: localAt }, remote: graph && { fields: read(b ?? l)!, modifiedAt: remoteAt }, now: NOW });

        const plan = sync(base, local);
        let local2 = local;
        if (plan.kind === 'create-remote') graph = graphStore({ id: 'g2', createdDateTime: NOW }, toGraphTask(plan.fields, { timeZone }), htmlBodies);
        if (plan.kind === 'delete-remote') graph = null;
        if (plan.kind === 'create-local') local2 = plan.fields;
        if (plan.kind === 'delete-local') local2 = null;
        if (plan.kind === 'update') local2 = { ...local2!, ...plan.apply };
        // The push job PATCHes what the plan pushes, with what rides along (pickPatch), from the row as it now is.
        const pushed = plan.kind === 'update' ? (Object.keys(plan.push).filter((k) => (COMPARED_FIELDS as readonly string[]).includes(k)) as ComparedField[]) : [];
        if (pushed.length > 0) graph = graphStore(graph!, toGraphPatch(pickPatch(local2!, pushed), { timeZone }), htmlBodies);

        expect(norm(read(plan.nextBase ?? local2))).toEqual(norm(local2));
        expect(sync(plan.nextBase, local2).kind).toBe('nothing');
        // What Planner does not model stays as the person left it.
        if (graph && remoteEdit) {
          expect(graph.linkedResources).toEqual(otherApp);
          expect(graph.hasAttachments).toBe(true);
        }
      }),
      { numRuns: 1000 },
    );
  }, 60_000);
});
