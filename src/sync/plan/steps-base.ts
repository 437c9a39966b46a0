/**
 * Which steps base a pulled To Do item is merged against (issue 16 §1, decision 0057).
 * Steps are paired through the base by their checklistItem ids, which belong to one copy:
 * a copy moved in To Do (a new task, new step ids) is paired by title instead. A copy
 * relinked after a disconnect (decision 0035: the state is detached, its base kept) is the
 * same To Do task with the same step ids, so its base still applies — without it a step
 * renamed in To Do while disconnected came back as a second step.
 */
import { decide, product, type Decision, type Row } from './decision-table';

export interface StepsBaseFacts {
  /** The item is the copy the state maps (same Graph task id). */
  sameCopy: boolean;
  /** The state is detached by a disconnect (no Graph task id) and still holds a steps base. */
  detached: boolean;
  /** Some step id of the stored base is among the item's steps (the same copy's steps). */
  baseIdsInItem: boolean;
}

export type StepsBaseAction = 'stored-base' | 'pair-by-title';

export const STEPS_BASE_TABLE: readonly Row<StepsBaseFacts, StepsBaseAction>[] = [
  {
    id: 'steps-base.same-copy',
    rule: 'The copy the state maps: its steps merge against the stored base.',
    when: (f) => f.sameCopy,
    then: 'stored-base',
  },
  {
    id: 'steps-base.relinked-after-disconnect',
    rule: 'A copy relinked after a disconnect that still holds steps of the stored base: the same steps, merged against it.',
    when: (f) => !f.sameCopy && f.detached && f.baseIdsInItem,
    then: 'stored-base',
  },
  {
    id: 'steps-base.other-copy',
    rule: 'Another copy (moved in To Do, or none of the base\'s steps left in it): paired by title, never by old step ids (the stored pairs found again by the title they were synced with, rekeyBaseByTitle).',
    when: (f) => !f.sameCopy && !(f.detached && f.baseIdsInItem),
    then: 'pair-by-title',
  },
];

export function decideStepsBase(facts: StepsBaseFacts): Decision<StepsBaseAction> {
  return decide(STEPS_BASE_TABLE, facts);
}

export function stepsBaseFactSpace(): StepsBaseFacts[] {
  return product({ sameCopy: [true, false], detached: [true, false], baseIdsInItem: [true, false] } as const);
}
