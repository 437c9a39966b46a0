/**
 * What happens to a list and the tasks in it when a list appears in To Do (NEW_LIST_TABLE)
 * or goes away: deleted in Outlook (lists delta @removed, or its task delta answering
 * 404), or deleted by Planner because its project was deleted (the project_delete job).
 * Renames are ../list-metasync.ts; a project's status change is ../project-lifecycle.ts.
 * Decision 0060 (lists ↔ projects).
 */
import { decide, product, type Decision, type Row } from './decision-table';

export interface ListGoneFacts {
  /** The connection's default list (the Inbox's). */
  isDefault: boolean;
  /** The mapped project takes changes (open). */
  projectOpen: boolean;
  /** Where the project was made: in Planner, or from a list someone created in To Do. */
  origin: 'planner' | 'todo';
}

export type ListGoneAction =
  /** Make the list again (or reuse one of that name), forget the old copies, push the project's open tasks into it. */
  | 'reprovision'
  /** Forget the old copies and deactivate the mapping: a closed project has no list. */
  | 'archive'
  /** Archive as above and close the project: it came from this list, and follows it. */
  | 'close-project';

export const LIST_GONE_TABLE: readonly Row<ListGoneFacts, ListGoneAction>[] = [
  {
    id: 'list-gone.default',
    rule: 'The Inbox\'s list deleted in Outlook is made again and the Inbox\'s open tasks pushed into it: a list deletion never deletes Planner tasks.',
    when: (f) => f.isDefault,
    then: 'reprovision',
  },
  {
    id: 'list-gone.open-project',
    rule: 'An open project made in Planner whose list is deleted in Outlook gets its list made again, with its open tasks: a list deletion never deletes a plan.',
    when: (f) => !f.isDefault && f.projectOpen && f.origin === 'planner',
    then: 'reprovision',
  },
  {
    id: 'list-gone.todo-project',
    rule: 'An open project that came from a To Do list follows its list: the list deleted in To Do closes the project (Cancelled), every task kept in Planner; reopening it makes the list again.',
    when: (f) => !f.isDefault && f.projectOpen && f.origin === 'todo',
    then: 'close-project',
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
  return product({ isDefault: [true, false], projectOpen: [true, false], origin: ['planner', 'todo'] } as const);
}

/** A list the lists delta reports that no mapping holds (decision 0060). */
export interface NewListFacts {
  /** Planner knows the list: mapped (active or archived), or left out before. */
  known: boolean;
  /** To Do's wellknownListName: 'none' for a list a person made; the built-in "Tasks", "Flagged Emails" and any future one otherwise. */
  builtIn: boolean;
  /** The user's setting "Lists made in To Do become projects". */
  listsBecomeProjects: boolean;
  /** A Planner project (or the Inbox's list) already has that name: the list may be the one Planner is making for it right now. */
  nameTaken: boolean;
}

export type NewListAction =
  /** Make a project of it (origin 'todo'), map the list to it and pull its tasks. */
  | 'adopt-as-project'
  /** Record it as left out: a personal list Planner never syncs. */
  | 'leave-out'
  /** Nothing to do. */
  | 'skip';

export const NEW_LIST_TABLE: readonly Row<NewListFacts, NewListAction>[] = [
  { id: 'list-new.known', rule: 'A list Planner maps or left out before is not new.', when: (f) => f.known, then: 'skip' },
  {
    id: 'list-new.built-in',
    rule: 'To Do\'s built-in lists ("Tasks", "Flagged Emails") never become projects; "Tasks" is synced only when chosen as the Inbox\'s list.',
    when: (f) => !f.known && f.builtIn,
    then: 'skip',
  },
  {
    id: 'list-new.setting-off',
    rule: 'With "Lists made in To Do become projects" off, a new list stays personal, also after the setting is turned on again.',
    when: (f) => !f.known && !f.builtIn && !f.listsBecomeProjects,
    then: 'leave-out',
  },
  {
    id: 'list-new.name-taken',
    rule: 'A new list named like a Planner project or the Inbox\'s list stays personal: it may be the list Planner is making for that project, and two projects of one name would confuse.',
    when: (f) => !f.known && !f.builtIn && f.listsBecomeProjects && f.nameTaken,
    then: 'leave-out',
  },
  {
    id: 'list-new.adopt',
    rule: 'A list someone creates in To Do becomes a Planner project of its name, with its tasks.',
    when: (f) => !f.known && !f.builtIn && f.listsBecomeProjects && !f.nameTaken,
    then: 'adopt-as-project',
  },
];

export function decideNewList(facts: NewListFacts): Decision<NewListAction> {
  return decide(NEW_LIST_TABLE, facts);
}

export function newListFactSpace(): NewListFacts[] {
  return product({ known: [true, false], builtIn: [true, false], listsBecomeProjects: [true, false], nameTaken: [true, false] } as const);
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
