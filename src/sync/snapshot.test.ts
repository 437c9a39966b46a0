import { describe, expect, it } from 'vitest';
import { hashTaskFields } from './normalise';
import { parseTaskSnapshot, snapshotColumns } from './snapshot';
import { taskFieldsWith } from './field-mapping';
import { type TaskFields } from './types';

const F: TaskFields = taskFieldsWith({ title: 'Buy milk', due_date: '2026-03-10' });

describe('parseTaskSnapshot', () => {
  it.each<[string, unknown, TaskFields | null]>([
    ['an object', F, F],
    ['JSON text', JSON.stringify(F), F],
    ['missing completed_at', { ...F, completed_at: undefined }, F],
    [
      'a base stored before issue 16 (no status, start date, tags, reminder or repeat)',
      { title: F.title, notes: F.notes, due_date: F.due_date, priority: F.priority, completed: F.completed, completed_at: null },
      F,
    ],
    ['a repeat stored in Graph\'s shape', { ...F, recurrence: { pattern: { type: 'daily', interval: 2, month: 0 }, range: { type: 'noEnd', startDate: '2026-03-10' } } }, { ...F, recurrence: { pattern: { type: 'daily', interval: 2 }, range: { type: 'noEnd', startDate: '2026-03-10' } } }],
    ['bad status', { ...F, status: 'done' }, null],
    ['null', null, null],
    ['bad JSON', '{', null],
    ['bad priority', { ...F, priority: 'urgent' }, null],
    ['bad date', { ...F, due_date: '10/03/2026' }, null],
    ['missing title', { ...F, title: undefined }, null],
  ])('%s', (_label, value, expected) => {
    expect(parseTaskSnapshot(value)).toEqual(expected);
  });
});

describe('snapshotColumns', () => {
  it('keeps only the synced fields and hashes them', () => {
    const extra = { ...F, id: 'x', version: 3 } as TaskFields;
    expect(snapshotColumns(extra)).toEqual({ snapshot: F, snapshot_hash: hashTaskFields(F) });
  });
});
