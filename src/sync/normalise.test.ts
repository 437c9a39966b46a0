import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { changedFields, hashTaskFields, normaliseTaskFields, sameField } from './normalise';
import { type TaskFields } from './types';

const A: TaskFields = { title: 'Buy milk', notes: 'Two litres', due_date: '2026-03-10', priority: 'normal', completed: false, completed_at: null };

describe('normaliseTaskFields', () => {
  it('tidies title and notes, drops completed_at', () => {
    expect(normaliseTaskFields({ ...A, title: '  Buy milk ', notes: 'Two litres  \r\n\r\n\r\n\r\n', completed_at: 'x' } as TaskFields)).toEqual({
      title: 'Buy milk',
      notes: 'Two litres',
      due_date: '2026-03-10',
      priority: 'normal',
      completed: false,
    });
  });
});

describe('hashTaskFields', () => {
  it.each<[string, Partial<TaskFields>, boolean]>([
    ['whitespace around the title', { title: ' Buy milk  ' }, true],
    ['CRLF notes', { notes: 'Two litres\r\n' }, true],
    ['completion time alone', { completed_at: '2026-03-11T00:00:00Z' }, true],
    ['title', { title: 'Buy bread' }, false],
    ['notes', { notes: 'One litre' }, false],
    ['due date', { due_date: '2026-03-11' }, false],
    ['due date cleared', { due_date: null }, false],
    ['priority', { priority: 'high' }, false],
    ['completion', { completed: true }, false],
  ])('%s → same hash: %s', (_label, change, same) => {
    expect(hashTaskFields({ ...A, ...change }) === hashTaskFields(A)).toBe(same);
  });

  it('is stable and versioned', () => {
    expect(hashTaskFields(A)).toMatch(/^v1:[0-9a-f]{64}$/);
    expect(hashTaskFields({ ...A })).toBe(hashTaskFields(A));
  });

  it('does not depend on key order', () => {
    const reordered = { completed: A.completed, priority: A.priority, due_date: A.due_date, notes: A.notes, title: A.title, completed_at: null };
    expect(hashTaskFields(reordered)).toBe(hashTaskFields(A));
  });

  it('equal hashes ⇔ equal normalised projections', () => {
    const arb = fc.record({
      title: fc.constantFrom('a', ' a', 'b'),
      notes: fc.constantFrom('', 'x', 'x\r\n', 'y'),
      due_date: fc.constantFrom(null, '2026-01-01', '2026-01-02'),
      priority: fc.constantFrom('low' as const, 'normal' as const, 'high' as const),
      completed: fc.boolean(),
      completed_at: fc.constant(null),
    });
    fc.assert(
      fc.property(arb, arb, (x, y) => {
        const equal = JSON.stringify(normaliseTaskFields(x)) === JSON.stringify(normaliseTaskFields(y));
        expect(hashTaskFields(x) === hashTaskFields(y)).toBe(equal);
        expect(changedFields(x, y).length === 0).toBe(equal);
      }),
    );
  });
});

describe('changedFields / sameField', () => {
  it('lists exactly the fields that differ after normalising', () => {
    expect(changedFields(A, { ...A, title: ' Buy milk', priority: 'high', completed: true })).toEqual(['priority', 'completed']);
    expect(sameField('title', A, { ...A, title: 'Buy milk  ' })).toBe(true);
    expect(sameField('notes', A, { ...A, notes: 'x' })).toBe(false);
  });
});
