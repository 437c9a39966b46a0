/**
 * What happens to a list and the tasks in it when the list goes away: deleted in
 * Outlook (lists delta @removed, or its task delta answering 404), or deleted by
 * Planner because its project was deleted (the project_delete job). Renames are
 * ../list-metasync.ts; a project's status change is ../project-lifecycle.ts.
 */
import { decide, product, type Decision, type Row } from './decision-table';

export interface ListGoneFacts {
  /** The connection's default list (the Inbox's). */
  isDefault: boolean;
  /** The mapped project takes changes (open). */
  projectOpen: boolean;
}

export type ListGoneAction =
  /** Make the list again (or reuse one of that name), forget the old copies, push the project's open tasks into it. */
  | 'reprovision'
  /** Forget the old copies and deactivate the mapping: a closed project has no list. */
  | 'archive';

export const LIST_GONE_TABLE: readonly Row<ListGoneFacts, ListGoneAction>[] = [
  {
    id: 'list-gone.default',
    rule: 'The Inbox\'s list deleted in Outlook is made again and the Inbox\'s open tasks pushed into it: a list deletion never deletes Planner tasks.',
    when: (f) => f.isDefault,
    then: 'reprovision',
  },
  {
    id: 'list-gone.open-project',
    rule: 'An open project\'s list deleted in Outlook is made again and its open tasks pushed into it: nothing is lost.',
    when: (f) => !f.isDefault && f.projectOpen,
    then: 'reprovision',
  },
  {
    id: 'list-gone.closed-project',
    rule: 'A closed project\'s list deleted in Outlook: the mapping is archived (closed projects have no list).',
    when: (f) => !f.isDefault && !f.projectOpen,
    then: 'archive',
  },
];

export function decideListGone(facts: ListGoneFacts): Decision<ListGoneAction> {
  return decide(LIST_GONE_TABLE, facts);
}

export function listGoneFactSpace(): ListGoneFacts[] {
  return product({ isDefault: [true, false], projectOpen: [true, false] } as const);
}

/** A task met in the list of a project Planner deleted (the project_delete job). */
export interface DoomedListTaskFacts {
  /**
   * 'live-elsewhere': a live Planner task of another project (or the Inbox) whose copy
   * was moved into this list in Outlook; 'gone': a sync state whose task went with the
   * project (or a copy left behind by a move into the project that never ran).
   */
  task: 'live-elsewhere' | 'gone' | 'unseen-in-todo';
}

export type DoomedListTaskAction =
  /** Forget its copy here and create it again in its own project's list. */
  | 'rescue'
  /** Make it a Planner task in the Inbox, and push it to the Inbox's list. */
  | 'rescue-to-inbox'
  /** Delete the copy (and any pending-create copy), forget the state. */
  | 'delete-copy';

export const DOOMED_LIST_TASK_TABLE: readonly Row<DoomedListTaskFacts, DoomedListTaskAction>[] = [
  {
    id: 'project-delete.rescue',
    rule: 'A task of another project moved into a deleted project\'s list in Outlook survives the list: it is created again where Planner has it (a move beats a delete).',
    when: (f) => f.task === 'live-elsewhere',
    then: 'rescue',
  },
  {
    id: 'project-delete.unseen-in-todo',
    rule: 'A task created in To Do in a deleted project\'s list, never seen by Planner, is rescued to the Inbox: a person made it and never saw it deleted.',
    when: (f) => f.task === 'unseen-in-todo',
    then: 'rescue-to-inbox',
  },
  {
    id: 'project-delete.orphan-copy',
    rule: 'A copy whose Planner task went with its project is deleted, wherever it is.',
    when: (f) => f.task === 'gone',
    then: 'delete-copy',
  },
];

export function decideDoomedListTask(facts: DoomedListTaskFacts): Decision<DoomedListTaskAction> {
  return decide(DOOMED_LIST_TASK_TABLE, facts);
}
