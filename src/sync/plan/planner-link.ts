/**
 * The link from a To Do task back to its Planner task (our linkedResource, whose
 * externalId is the Planner task id) when the pull makes a new Planner task of it:
 * exactly one link, naming the task that now holds it. Identity after a reconnect or a
 * move in To Do rests on this link (relink by externalId), so a stale one must never
 * stay first (hostile soak seed 7310452: a task moved in To Do out of a project Planner
 * then deleted kept its link to the deleted task; a second link was added beside it,
 * and the reconnect's relink read the stale one and made a duplicate).
 */
import { decide, product, type Decision, type Row } from './decision-table';

export interface PlannerLinkFacts {
  /** Our links the To Do task carries now. */
  existing: 'none' | 'to-this-task' | 'to-another-task';
}

export type PlannerLinkAction = 'add-link' | 'keep-link' | 'rewrite-link';

export const PLANNER_LINK_TABLE: readonly Row<PlannerLinkFacts, PlannerLinkAction>[] = [
  { id: 'link.none', rule: 'A To Do task without our link gets one, naming the Planner task made of it.', when: (f) => f.existing === 'none', then: 'add-link' },
  { id: 'link.ours', rule: 'A link that already names the task stays as it is.', when: (f) => f.existing === 'to-this-task', then: 'keep-link' },
  {
    id: 'link.stale',
    rule: 'A link naming another Planner task (one that is gone) is rewritten to name this one, never joined by a second link.',
    when: (f) => f.existing === 'to-another-task',
    then: 'rewrite-link',
  },
];

export function decidePlannerLink(facts: PlannerLinkFacts): Decision<PlannerLinkAction> {
  return decide(PLANNER_LINK_TABLE, facts);
}

export function plannerLinkFactSpace(): PlannerLinkFacts[] {
  return product({ existing: ['none', 'to-this-task', 'to-another-task'] as const });
}
