import { describe, expect, it } from 'vitest';
import { acceptsIncomingChanges, isProjectClosed, mayProvisionList, planProjectLifecycle, type ProjectLifecycleInput, taskJobOutcome } from './project-lifecycle';
import { type ProjectStatus } from './types';

describe('planProjectLifecycle', () => {
  it.each<[ProjectLifecycleInput, string[]]>([
    [{ previousStatus: 'Active', status: 'Completed', hasActiveList: true }, ['archive-list']],
    [{ previousStatus: 'Active', status: 'Cancelled', hasActiveList: true }, ['archive-list']],
    [{ previousStatus: 'Active', status: 'Completed', hasActiveList: false }, []],
    [{ previousStatus: 'Completed', status: 'Active', hasActiveList: false }, ['provision-list', 'push-open-tasks']],
    [{ previousStatus: 'Cancelled', status: 'Active', hasActiveList: false }, ['provision-list', 'push-open-tasks']],
    [{ previousStatus: 'Completed', status: 'Cancelled', hasActiveList: true }, ['archive-list']],
    [{ previousStatus: 'Completed', status: 'Completed', hasActiveList: true }, ['archive-list']],
    [{ previousStatus: 'Completed', status: 'Completed', hasActiveList: false }, []],
    [{ previousStatus: 'Active', status: 'Active', hasActiveList: false }, []],
    [{ previousStatus: 'Active', status: 'Active', hasActiveList: true }, []],
  ])('%j → %j', (input, kinds) => {
    expect(planProjectLifecycle(input).map((a) => a.kind)).toEqual(kinds);
  });
});

describe('closed-project rules', () => {
  it.each<[ProjectStatus, boolean]>([
    ['Active', false],
    ['Completed', true],
    ['Cancelled', true],
  ])('%s closed: %s', (status, closed) => {
    expect(isProjectClosed(status)).toBe(closed);
    expect(mayProvisionList(status)).toBe(!closed);
    expect(acceptsIncomingChanges(status)).toBe(!closed);
    expect(taskJobOutcome(status)).toBe(closed ? 'skip' : 'run');
  });
});
