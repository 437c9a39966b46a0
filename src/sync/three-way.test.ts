import { describe, expect, it } from 'vitest';
import { planTaskSync, type PlanTaskSyncInput, type TaskSyncPlan } from './three-way';
import { taskFieldsWith } from './field-mapping';
import { type TaskFields } from './types';

const NOW = '2026-03-12T12:00:00.000Z';
const EARLY = '2026-03-10T09:00:00.000Z';
const LATE = '2026-03-11T09:00:00.000Z';
const B: TaskFields = taskFieldsWith({ title: 'Buy milk', due_date: '2026-03-10' });

const local = (change: Partial<TaskFields> = {}, modifiedAt = EARLY) => ({ fields: { ...B, ...change }, modifiedAt });
const remote = (change: Partial<TaskFields> = {}, modifiedAt = EARLY, etag: string | null = 'W/"2"') => ({ fields: { ...B, ...change }, modifiedAt, etag });
const plan = (input: Partial<PlanTaskSyncInput>) => planTaskSync({ base: B, baseEtag: 'W/"1"', local: local(), remote: remote(), now: NOW, ...input });

describe('existence (docs/graph-facts.md §9.3 decision table)', () => {
  it.each<[string, Partial<PlanTaskSyncInput>, Partial<TaskSyncPlan>]>([
    ['never synced, nowhere', { base: null, local: null, remote: null }, { kind: 'nothing', reason: 'absent', nextBase: null }],
    ['new in Planner', { base: null, remote: null }, { kind: 'create-remote', reason: 'new', fields: B }],
    ['new in To Do', { base: null, local: null }, { kind: 'create-local', reason: 'new', fields: B }],
    ['deleted in To Do, untouched in Planner', { remote: null }, { kind: 'delete-local', nextBase: null }],
    ['deleted in To Do, edited in Planner: edit beats delete', { remote: null, local: local({ title: 'Edited' }) }, { kind: 'create-remote', reason: 'edit-beats-delete', fields: { ...B, title: 'Edited' } }],
    ['deleted in Planner, untouched in To Do', { local: null }, { kind: 'delete-remote', nextBase: null }],
    ['deleted in Planner, edited in To Do: edit beats delete', { local: null, remote: remote({ priority: 'high' }) }, { kind: 'create-local', reason: 'edit-beats-delete', fields: { ...B, priority: 'high' } }],
    ['deleted in Planner, To Do echo of our own write (same etag)', { local: null, baseEtag: 'W/"2"', remote: remote({ priority: 'high' }) }, { kind: 'delete-remote' }],
    ['deleted on both sides', { local: null, remote: null }, { kind: 'forget', nextBase: null }],
    ['whitespace-only "edit" in Planner does not beat a delete', { remote: null, local: local({ title: ' Buy milk ' }) }, { kind: 'delete-local' }],
  ])('%s', (_label, input, expected) => {
    expect(plan(input)).toMatchObject(expected);
  });

  it('a task completed in To Do and new to Planner gets a completion time', () => {
    const p = plan({ base: null, local: null, remote: remote({ completed: true, completed_at: null }) });
    expect(p).toMatchObject({ kind: 'create-local', fields: { completed: true, completed_at: NOW } });
  });
});

describe('fields (both present)', () => {
  it.each<[string, Partial<PlanTaskSyncInput>, Partial<TaskSyncPlan>]>([
    ['nothing changed', {}, { kind: 'nothing', reason: 'unchanged', nextBase: B }],
    ['echo by etag: remote fields ignored', { baseEtag: 'W/"2"', remote: remote({ title: 'stale read' }) }, { kind: 'nothing', reason: 'unchanged' }],
    ['echo by hash: CRLF and spaces only', { remote: remote({ title: 'Buy milk  ', notes: '\r\n' }) }, { kind: 'nothing', reason: 'unchanged' }],
    ['Planner title edit → push', { local: local({ title: 'Buy oat milk' }) }, { kind: 'update', push: { title: 'Buy oat milk' }, apply: {}, conflicts: [] }],
    ['To Do due-date edit → apply', { remote: remote({ due_date: '2026-03-20' }) }, { kind: 'update', push: {}, apply: { due_date: '2026-03-20' }, conflicts: [] }],
    ['due date cleared in To Do → apply null', { remote: remote({ due_date: null }) }, { kind: 'update', apply: { due_date: null } }],
    [
      'different fields on each side merge',
      { local: local({ title: 'Buy oat milk' }), remote: remote({ priority: 'high' }) },
      { kind: 'update', push: { title: 'Buy oat milk' }, apply: { priority: 'high' }, conflicts: [], nextBase: { ...B, title: 'Buy oat milk', priority: 'high' } },
    ],
    ['same edit on both sides → converged, snapshot moves', { local: local({ notes: 'x' }), remote: remote({ notes: 'x' }) }, { kind: 'nothing', reason: 'converged', nextBase: { ...B, notes: 'x' } }],
    [
      'completed in To Do → apply completion with its time',
      { remote: remote({ completed: true, completed_at: '2026-03-11T00:00:00.000Z' }) },
      { kind: 'update', apply: { completed: true, completed_at: '2026-03-11T00:00:00.000Z' } },
    ],
    ['completed in To Do without a time → now', { remote: remote({ completed: true, completed_at: null }) }, { kind: 'update', apply: { completed: true, completed_at: NOW } }],
    [
      'completed in Planner → push completion with its time',
      { local: local({ completed: true, completed_at: '2026-03-11T10:00:00.000Z' }) },
      { kind: 'update', push: { completed: true, completed_at: '2026-03-11T10:00:00.000Z' }, apply: {} },
    ],
    ['completion time alone never syncs', { remote: remote({ completed_at: '2026-03-11T00:00:00.000Z' }) }, { kind: 'nothing' }],
  ])('%s', (_label, input, expected) => {
    expect(plan(input)).toMatchObject(expected);
  });
});

describe('conflicts (same field changed on both sides)', () => {
  it.each<[string, string, string, 'local' | 'remote']>([
    ['To Do edited later', EARLY, LATE, 'remote'],
    ['Planner edited later', LATE, EARLY, 'local'],
    ['same instant: Planner wins the tie', LATE, LATE, 'local'],
  ])('%s → %s wins', (_label, localAt, remoteAt, winner) => {
    const p = plan({ local: local({ title: 'Planner title', priority: 'low' }, localAt), remote: remote({ title: 'To Do title', notes: 'n' }, remoteAt) });
    expect(p.kind).toBe('update');
    if (p.kind !== 'update') return;
    expect(p.conflicts).toEqual([{ field: 'title', base: 'Buy milk', localValue: 'Planner title', remoteValue: 'To Do title', winner }]);
    const title = winner === 'local' ? 'Planner title' : 'To Do title';
    expect(p.nextBase).toMatchObject({ title, priority: 'low', notes: 'n' });
    expect(winner === 'local' ? p.push.title : p.apply.title).toBe(title);
    expect(p.push.priority).toBe('low');
    expect(p.apply.notes).toBe('n');
  });

  it('never synced but present on both sides: every differing field is a conflict', () => {
    const p = plan({ base: null, local: local({ title: 'A' }, LATE), remote: remote({ title: 'B', due_date: null }, EARLY) });
    expect(p).toMatchObject({
      kind: 'update',
      push: { title: 'A', due_date: '2026-03-10' },
      conflicts: [
        { field: 'title', base: null, winner: 'local' },
        { field: 'due_date', base: null, winner: 'local' },
      ],
    });
  });

  it('un-completing in Planner while To Do edits the title merges both', () => {
    const doneBase = { ...B, completed: true, completed_at: '2026-03-09T00:00:00.000Z' };
    const p = planTaskSync({
      base: doneBase,
      local: { fields: { ...doneBase, completed: false, completed_at: null }, modifiedAt: LATE },
      remote: { fields: { ...doneBase, title: 'Renamed' }, modifiedAt: EARLY },
      now: NOW,
    });
    expect(p).toMatchObject({ kind: 'update', push: { completed: false, completed_at: null }, apply: { title: 'Renamed' }, conflicts: [] });
  });
});
