import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { changedFields, hashTaskFields, normaliseTaskFields, sameField } from './normalise';
import { taskFieldsWith } from './field-mapping';
import { type TaskFields } from './types';

const A: TaskFields = taskFieldsWith({ title: 'Buy milk', notes: 'Two litres', due_date: '2026-03-10' });

describe('normaliseTaskFields', () => {
  it('tidies title and notes, drops completed_at', () => {
    expect(normaliseTaskFields({ ...A, title: '  Buy milk ', notes: 'Two litres  \r\n\r\n\r\n\r\n', completed_at: 'x' } as TaskFields)).toEqual({
      title: 'Buy milk',
      notes: 'Two litres',
      due_date: '2026-03-10',
      priority: 'normal',
      completed: false,
      status: 'notStarted',
      start_date: null,
      categories: '[]',
      reminder_at: null,
      recurrence: null,
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
    ['status', { status: 'inProgress' }, false],
    ['start date', { start_date: '2026-03-01' }, false],
    ['a tag', { categories: ['Red'] }, false],
    ['tags in another order, or repeated', { categories: [] }, true],
    ['a reminder', { reminder_at: '2026-03-10T08:00:00.000Z' }, false],
    ['a repeat', { recurrence: { pattern: { type: 'daily', interval: 1 }, range: { type: 'noEnd', startDate: '2026-03-10' } } }, false],
  ])('%s → same hash: %s', (_label, change, same) => {
    expect(hashTaskFields({ ...A, ...change }) === hashTaskFields(A)).toBe(same);
  });

  it('compares tags as a set and reminders to the minute', () => {
    const tagged = { ...A, categories: ['Red', 'Blue'] };
    expect(hashTaskFields({ ...tagged, categories: ['Blue', ' Red', 'Red'] })).toBe(hashTaskFields(tagged));
    const reminded = { ...A, reminder_at: '2026-03-10T08:00:00.000Z' };
    expect(hashTaskFields({ ...reminded, reminder_at: '2026-03-10T08:00:42.123Z' })).toBe(hashTaskFields(reminded));
    expect(hashTaskFields({ ...reminded, reminder_at: '2026-03-10T09:00:00+01:00' })).toBe(hashTaskFields(reminded));
  });

  it('is stable and versioned', () => {
    expect(hashTaskFields(A)).toMatch(/^v2:[0-9a-f]{64}$/);
    expect(hashTaskFields({ ...A })).toBe(hashTaskFields(A));
  });

  it('does not depend on key order', () => {
    const reordered: TaskFields = {
      recurrence: null,
      reminder_at: null,
      categories: [],
      start_date: null,
      status: 'notStarted',
      completed: A.completed,
      priority: A.priority,
      due_date: A.due_date,
      notes: A.notes,
      title: A.title,
      completed_at: null,
    };
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
      status: fc.constantFrom('notStarted' as const, 'inProgress' as const),
      start_date: fc.constantFrom(null, '2026-01-01'),
      categories: fc.constantFrom<string[]>([], ['a'], ['a', 'b'], ['b', 'a'], [' a', 'a']),
      reminder_at: fc.constantFrom(null, '2026-01-01T09:00:00.000Z', '2026-01-01T09:00:30.000Z', '2026-01-01T09:01:00.000Z'),
      recurrence: fc.constantFrom(null, { pattern: { type: 'daily' as const, interval: 1 }, range: { type: 'noEnd' as const, startDate: '2026-01-01' } }),
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
