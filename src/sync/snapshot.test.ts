import { describe, expect, it } from 'vitest';
import { hashTaskFields } from './normalise';
import { parseTaskSnapshot, snapshotColumns } from './snapshot';
import { type TaskFields } from './types';

const F: TaskFields = { title: 'Buy milk', notes: '', due_date: '2026-03-10', priority: 'normal', completed: false, completed_at: null };

describe('parseTaskSnapshot', () => {
  it.each<[string, unknown, TaskFields | null]>([
    ['an object', F, F],
    ['JSON text', JSON.stringify(F), F],
    ['missing completed_at', { ...F, completed_at: undefined }, F],
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
