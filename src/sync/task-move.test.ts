import { describe, expect, it } from 'vitest';
import { planTaskLocation, type TaskLocationInput, type TaskLocationPlan } from './task-move';

const EARLY = '2026-03-10T09:00:00Z';
const LATE = '2026-03-11T09:00:00Z';
const at = (base: string | null, local: string | null, remote: string | null, localModifiedAt = EARLY, remoteModifiedAt = EARLY): TaskLocationInput => ({
  baseProjectId: base,
  localProjectId: local,
  remoteProjectId: remote,
  localModifiedAt,
  remoteModifiedAt,
});

describe('planTaskLocation', () => {
  it.each<[string, TaskLocationInput, TaskLocationPlan]>([
    ['nowhere moved', at('p1', 'p1', 'p1'), { kind: 'stay' }],
    ['moved in Planner', at('p1', 'p2', 'p1'), { kind: 'move-remote', projectId: 'p2' }],
    ['moved to the Inbox in Planner', at('p1', null, 'p1'), { kind: 'move-remote', projectId: null }],
    ['moved between lists in To Do', at('p1', 'p1', 'p3'), { kind: 'move-local', projectId: 'p3' }],
    ['moved out of the Inbox in To Do', at(null, null, 'p3'), { kind: 'move-local', projectId: 'p3' }],
    ['moved to the same place on both sides', at('p1', 'p2', 'p2'), { kind: 'stay' }],
    ['moved on both sides, To Do later', at('p1', 'p2', 'p3', EARLY, LATE), { kind: 'move-local', projectId: 'p3' }],
    ['moved on both sides, Planner later', at('p1', 'p2', 'p3', LATE, EARLY), { kind: 'move-remote', projectId: 'p2' }],
    ['moved on both sides at the same time: Planner wins', at('p1', 'p2', 'p3', LATE, LATE), { kind: 'move-remote', projectId: 'p2' }],
  ])('%s', (_label, input, expected) => {
    expect(planTaskLocation(input)).toEqual(expected);
  });
});
