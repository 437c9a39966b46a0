import { describe, expect, it } from 'vitest';
import { checkMassDelete, type MassDeleteGuardInput } from './mass-delete-guard';

describe('checkMassDelete', () => {
  it.each<[string, MassDeleteGuardInput, 'allow' | 'list-empty' | 'reset-mass-delete']>([
    ['no deletions', { mode: 'incremental', mappedTaskCount: 40, deletionCount: 0, remainingTaskCount: 0 }, 'allow'],
    ['one task deleted in Outlook', { mode: 'incremental', mappedTaskCount: 40, deletionCount: 1, remainingTaskCount: 39 }, 'allow'],
    ['list suddenly empty', { mode: 'incremental', mappedTaskCount: 40, deletionCount: 40, remainingTaskCount: 0 }, 'list-empty'],
    ['list empty on a reset', { mode: 'reset', mappedTaskCount: 3, deletionCount: 3, remainingTaskCount: 0 }, 'list-empty'],
    ['last two tasks deleted (below the empty threshold)', { mode: 'incremental', mappedTaskCount: 2, deletionCount: 2, remainingTaskCount: 0 }, 'allow'],
    ['reset deleting 60% of 10', { mode: 'reset', mappedTaskCount: 10, deletionCount: 6, remainingTaskCount: 4 }, 'reset-mass-delete'],
    ['reset deleting exactly 50%', { mode: 'reset', mappedTaskCount: 10, deletionCount: 5, remainingTaskCount: 5 }, 'allow'],
    ['reset deleting 4 of 6 (below the minimum count)', { mode: 'reset', mappedTaskCount: 6, deletionCount: 4, remainingTaskCount: 2 }, 'allow'],
    ['incremental deleting 60% (a user bulk delete)', { mode: 'incremental', mappedTaskCount: 10, deletionCount: 6, remainingTaskCount: 4 }, 'allow'],
    ['forced after confirmation', { mode: 'reset', mappedTaskCount: 40, deletionCount: 40, remainingTaskCount: 0, force: true }, 'allow'],
  ])('%s → %s', (_label, input, expected) => {
    const decision = checkMassDelete(input);
    expect(decision.kind === 'allow' ? 'allow' : decision.reason).toBe(expected);
    if (decision.kind === 'pause') expect(decision.message).toMatch(/nothing was deleted/);
  });

  it('honours configured thresholds', () => {
    const input: MassDeleteGuardInput = { mode: 'reset', mappedTaskCount: 10, deletionCount: 3, remainingTaskCount: 7 };
    expect(checkMassDelete(input).kind).toBe('allow');
    expect(checkMassDelete(input, { emptyListMinMapped: 1, resetMaxDeleteFraction: 0.2, resetMinDeletions: 2 })).toMatchObject({ kind: 'pause', reason: 'reset-mass-delete' });
  });
});
