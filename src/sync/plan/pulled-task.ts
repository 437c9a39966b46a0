/**
 * What a pull does with one To Do task it read: present in a list, or gone (`@removed`,
 * or missing from a complete round and confirmed by a 404). The facts come from the
 * Planner row, its task_sync_state and the three-way plan (../three-way.ts); the rows
 * below are the conflict policy's pull rules (docs/decisions/0044-conflict-policy.md).
 * src/server/pull/pull-apply-task.ts and pull-apply-removed.ts carry the action out.
 */
import { decide, product, type Decision, type Row } from './decision-table';


/** The three-way plan's verdict (../three-way.ts), as far as the pull needs it. */
export type PresentThreeWay = 'create-local' | 'delete-remote' | 'update' | 'nothing';
export type RemovedThreeWay = 'delete-local' | 'create-remote' | 'forget' | 'nothing';

export interface PulledTaskFacts {
  remote: 'present' | 'removed';
  /**
   * 'linked': the item is tied to a Planner task, by its Graph id in task_sync_state or
   * (present items) by our linkedResource externalId, which survives a move between lists.
   * 'stale': no state maps it, but an update job is to delete it (a copy another one
   * replaced: the task moved, or came back beside the copy a push made in its place).
   */
  link: 'none' | 'linked' | 'stale';
  /** The linked Planner row: gone from the table, live, or soft-deleted. */
  task: 'missing' | 'live' | 'deleted';
  /**
   * Planner takes changes here: for a live task, its project, unless To Do moved it (then,
   * as for a task deleted in Planner or an unlinked item, the project of the list the item
   * is in: a move out of a project Planner closed beats the close, and the deleted task's
   * own project no longer decides where it could come back). Closed projects take none.
   */
  projectOpen: boolean;
  /** The task's sync state: none, mapping this very item, or mapping another copy. */
  state: 'none' | 'this-copy' | 'other-copy';
  /**
   * A push's POST went through but was never recorded (the pending-create marker): for a
   * present item, the marker names this item's list; for a removed one, any marker.
   */
  interruptedPush: boolean;
  threeWay: PresentThreeWay | RemovedThreeWay;
  /** Without a sync state, for a task deleted in Planner: the copy was modified after that deletion. */
  editedAfterDelete: boolean;
  /** The state maps a copy in another list and no push of ours made this one: the task was moved in To Do. */
  movedInTodo: boolean;
  /**
   * The state maps another copy in this same list, which this round does not show gone,
   * and no push of ours made this one: To Do copied the task (completing a repeating
   * task leaves a completed copy carrying our link; a due date written on one splits it).
   * Also a completed occurrence in another list than the mapped copy (a Planner move
   * left that list after To Do made the occurrence there), while the mapped copy lives.
   */
  copiedInTodo: boolean;
}

export type PulledTaskAction =
  /** A new Planner task from To Do, in the project its list maps to. */
  | 'create-local'
  /** Write what To Do changed to the row, log conflicts, save the new base; queue a push for Planner's side (the merge plan says which). */
  | 'merge-fields'
  /** Deleted in Planner, edited in To Do: the task comes back with To Do's fields and steps (edit beats delete). */
  | 'restore-in-planner'
  /** Deleted in Planner, unchanged in To Do: the delete job removes the copy (queue one if none is). */
  | 'delete-remote'
  /** Deleted in To Do, unchanged in Planner: soft-delete it in Planner, drop its jobs. */
  | 'delete-local'
  /** Deleted in To Do, edited in Planner: forget the copy and create it again (edit beats delete). */
  | 'recreate'
  /** The push that made or moved this copy was interrupted: let it finish (adopt by externalId, delete the old copy). */
  | 'finish-push'
  /** Drop the sync state: nothing is left to sync on either side. */
  | 'forget'
  | 'skip';

type F = PulledTaskFacts;
const present = (f: F) => f.remote === 'present';
const removed = (f: F) => f.remote === 'removed';
const linkedRow = (f: F) => f.link === 'linked' && f.task !== 'missing';
/** Past the guards every linked item goes through: the three-way plan decides. */
const threeWayDecides = (f: F) =>
  linkedRow(f) &&
  f.projectOpen &&
  (present(f)
    ? !(f.task === 'deleted' && f.state === 'none') && !(f.state === 'other-copy' && f.interruptedPush) && !f.copiedInTodo
    : !(f.task === 'live' && f.interruptedPush));

export const PULLED_TASK_TABLE: readonly Row<F, PulledTaskAction>[] = [
  {
    id: 'pull.new',
    rule: 'A task created in To Do, in a list of an open project (or the Inbox list), becomes a Planner task there.',
    when: (f) => present(f) && f.link === 'none' && f.projectOpen,
    then: 'create-local',
  },
  {
    id: 'pull.new-in-closed-project',
    rule: 'A task created in the list of a closed project is not taken in (closed projects take no changes).',
    when: (f) => present(f) && f.link === 'none' && !f.projectOpen,
    then: 'skip',
  },
  {
    id: 'pull.stale-copy',
    rule: 'A copy another one replaced, which an update job is about to delete (the task moved, or came back beside the copy a push made in its place), is not a new task.',
    when: (f) => present(f) && f.link === 'stale',
    then: 'skip',
  },
  {
    id: 'pull.removed-unknown',
    rule: 'A removal of a copy Planner never recorded changes nothing.',
    when: (f) => removed(f) && f.link !== 'linked',
    then: 'skip',
  },
  {
    id: 'pull.task-row-gone',
    rule: 'A copy whose Planner task no longer exists (it went with its deleted project) is deleted; its state is kept until the delete job has done so, so nothing forgets the copy first.',
    when: (f) => present(f) && f.link === 'linked' && f.task === 'missing',
    then: 'delete-remote',
  },
  {
    id: 'pull.removed.task-row-gone',
    rule: 'Gone on both sides (the Planner task went with its project, the copy from To Do): the state is forgotten.',
    when: (f) => removed(f) && f.link === 'linked' && f.task === 'missing',
    then: 'forget',
  },
  {
    id: 'pull.closed-project',
    rule: 'A change to a task of a closed project is ignored; reopening the project pushes its open tasks again.',
    when: (f) => linkedRow(f) && !f.projectOpen,
    then: 'skip',
  },
  {
    id: 'pull.unrecorded-copy.edited-after-delete',
    rule: 'A copy no sync state records (an interrupted create), of a task deleted in Planner, edited after that deletion: the edit beats the delete, the task comes back.',
    when: (f) => present(f) && linkedRow(f) && f.projectOpen && f.task === 'deleted' && f.state === 'none' && f.editedAfterDelete,
    then: 'restore-in-planner',
  },
  {
    id: 'pull.unrecorded-copy.of-deleted-task',
    rule: 'A copy no sync state records, of a task deleted in Planner, not edited since: the delete goes through.',
    when: (f) => present(f) && linkedRow(f) && f.projectOpen && f.task === 'deleted' && f.state === 'none' && !f.editedAfterDelete,
    then: 'delete-remote',
  },
  {
    id: 'pull.interrupted-push.copy',
    rule: 'The copy a create or move POSTed into this list before its worker died, while the state still maps the old copy: the push finishes (adopt, delete the old), never two copies.',
    when: (f) => present(f) && linkedRow(f) && f.projectOpen && f.task === 'live' && f.state === 'other-copy' && f.interruptedPush,
    then: 'finish-push',
  },
  {
    id: 'pull.interrupted-push.copy-of-deleted-task',
    rule: 'The same, for a task deleted in Planner since, the copy unchanged against the base: the copy is deleted, by the pending delete job or one queued for it (a disconnect drops queued jobs; hostile soak seed 88114477).',
    when: (f) => present(f) && linkedRow(f) && f.projectOpen && f.task === 'deleted' && f.state === 'other-copy' && f.interruptedPush && f.threeWay === 'delete-remote',
    then: 'delete-remote',
  },
  {
    id: 'pull.interrupted-push.edited-copy-of-deleted-task',
    rule: 'The same, the copy changed against the base (edited in To Do, or carrying what Planner changed before it was deleted): an edit beats a delete, the task comes back with the copy\'s fields.',
    when: (f) => present(f) && linkedRow(f) && f.projectOpen && f.task === 'deleted' && f.state === 'other-copy' && f.interruptedPush && f.threeWay === 'create-local',
    then: 'restore-in-planner',
  },
  {
    id: 'pull.removed.interrupted-move',
    rule: 'The old copy of a task whose Planner move was interrupted after its POST is gone (the move\'s DELETE, or the user): the task lives on in its new list (a move beats a delete).',
    when: (f) => removed(f) && linkedRow(f) && f.projectOpen && f.task === 'live' && f.interruptedPush,
    then: 'finish-push',
  },
  {
    id: 'pull.copied-in-todo',
    rule: 'A second copy of a task in the same list, beside the one the state maps (To Do copied it: the completed occurrence of a repeating task, or a split series), is a task of its own: a new Planner task, its link rewritten to it.',
    when: (f) => present(f) && linkedRow(f) && f.projectOpen && f.state === 'other-copy' && f.copiedInTodo,
    then: 'create-local',
  },
  {
    id: 'pull.move-beats-delete.planner-deleted',
    rule: 'Deleted in Planner, moved to another list in To Do since the last sync: a move is an edit, so the task comes back, in the project of the list it was moved to.',
    when: (f) => present(f) && threeWayDecides(f) && f.task === 'deleted' && f.movedInTodo,
    then: 'restore-in-planner',
  },
  {
    id: 'pull.edit-beats-delete.planner-deleted',
    rule: 'Deleted in Planner, edited in To Do since the last sync: the task comes back in Planner with To Do\'s fields and steps.',
    when: (f) => present(f) && threeWayDecides(f) && !(f.task === 'deleted' && f.movedInTodo) && f.threeWay === 'create-local',
    then: 'restore-in-planner',
  },
  {
    id: 'pull.delete.planner-deleted',
    rule: 'Deleted in Planner, unchanged (and not moved) in To Do: the copy is deleted.',
    when: (f) => present(f) && threeWayDecides(f) && !(f.task === 'deleted' && f.movedInTodo) && f.threeWay === 'delete-remote',
    then: 'delete-remote',
  },
  {
    id: 'pull.merge',
    rule: 'Present on both sides: fields merge one by one against the base; a field changed on both goes to the later edit, logged as a conflict; a move follows the side that moved (both: the later).',
    when: (f) => present(f) && threeWayDecides(f) && (f.threeWay === 'update' || f.threeWay === 'nothing'),
    then: 'merge-fields',
  },
  {
    id: 'pull.removed.unchanged-in-planner',
    rule: 'Deleted in To Do, unchanged in Planner since the last sync: deleted in Planner.',
    when: (f) => removed(f) && threeWayDecides(f) && f.threeWay === 'delete-local',
    then: 'delete-local',
  },
  {
    id: 'pull.edit-beats-delete.todo-deleted',
    rule: 'Deleted in To Do, edited (or moved) in Planner since the last sync: the copy is created again.',
    when: (f) => removed(f) && threeWayDecides(f) && f.threeWay === 'create-remote',
    then: 'recreate',
  },
  {
    id: 'pull.removed.deleted-both',
    rule: 'Deleted on both sides: the sync state is forgotten.',
    when: (f) => removed(f) && threeWayDecides(f) && f.threeWay === 'forget',
    then: 'forget',
  },
  {
    id: 'pull.removed.never-synced',
    rule: 'Removed in To Do with no base and nothing in Planner to keep: nothing to do.',
    when: (f) => removed(f) && threeWayDecides(f) && f.threeWay === 'nothing',
    then: 'skip',
  },
];

export function decidePulledTask(facts: PulledTaskFacts): Decision<PulledTaskAction> {
  return decide(PULLED_TASK_TABLE, facts);
}

/** The verdicts the three-way plan can give (../three-way.ts): local null for a task deleted in Planner, remote null for a removal. */
function threeWayVerdicts(remote: PulledTaskFacts['remote'], task: PulledTaskFacts['task']): PulledTaskFacts['threeWay'][] {
  if (task === 'missing') return ['nothing'];
  if (remote === 'present') return task === 'live' ? ['update', 'nothing'] : ['create-local', 'delete-remote'];
  return task === 'live' ? ['delete-local', 'create-remote'] : ['forget', 'nothing'];
}

/**
 * Every consistent combination of facts: what the executors can observe. An unlinked
 * item has no task or state; a removal is found through its sync state; the time test
 * of an unrecorded copy applies only to a present copy of a deleted task without state.
 */
export function pulledTaskFactSpace(): PulledTaskFacts[] {
  const out: PulledTaskFacts[] = [];
  const none = { task: 'missing', state: 'none', interruptedPush: false, threeWay: 'nothing', editedAfterDelete: false, movedInTodo: false, copiedInTodo: false } as const;
  for (const remote of ['present', 'removed'] as const) {
    for (const projectOpen of [true, false]) {
      out.push({ remote, link: 'none', projectOpen, ...none });
      if (remote === 'present') out.push({ remote, link: 'stale', projectOpen, ...none });
      for (const task of ['missing', 'live', 'deleted'] as const) {
        const states = remote === 'removed' ? (['this-copy'] as const) : (['none', 'this-copy', 'other-copy'] as const);
        for (const state of states) {
          for (const interruptedPush of [true, false]) {
            for (const threeWay of threeWayVerdicts(remote, task)) {
              const timeTest = remote === 'present' && task === 'deleted' && state === 'none';
              for (const editedAfterDelete of timeTest ? [true, false] : [false]) {
                // Another copy of ours, not made by our push: moved from another list, copied in this one, or neither (it replaced the old one here).
                const otherCopy = remote === 'present' && state === 'other-copy' && !interruptedPush;
                const origins = otherCopy ? ([[true, false], [false, true], [false, false]] as const) : ([[false, false]] as const);
                for (const [movedInTodo, copiedInTodo] of origins) {
                  out.push({ remote, link: 'linked', task, projectOpen, state, interruptedPush, threeWay, editedAfterDelete, movedInTodo, copiedInTodo });
                }
              }
            }
          }
        }
      }
    }
  }
  return out;
}

/**
 * What another copy of ours is (a present item carrying our link while the state maps a
 * different Graph id, no push of ours having made it): To Do moved the task here, copied
 * it, a person brought it back beside the copy we made in its place, or it replaced the
 * task in its list. The verdict becomes the pull table's facts `movedInTodo` /
 * `copiedInTodo`. The facts:
 *  - sameList: the mapped copy's list is this item's list;
 *  - repeats / completed: the item's recurrence and status (completing an occurrence of a
 *    repeating task leaves a completed copy while the task itself rolls on with its id; a
 *    due date written through Graph splits a series into a second repeating task);
 *  - mappedCopyGone: this round reported the mapped copy removed.
 */
export interface OtherCopyFacts {
  sameList: boolean;
  repeats: boolean;
  completed: boolean;
  mappedCopyGone: boolean;
}

export type OtherCopyVerdict =
  /** To Do made a copy: a task of its own in Planner (row pull.copied-in-todo). */
  | 'copied'
  /** The task moved in To Do: this copy is the task; the mapped one, if it still answers, is stale. */
  | 'moved'
  /**
   * The task came back beside the copy a push made in its place (it had left the synced
   * lists, Planner edited it, edit beat delete): this copy is the task, merged with no
   * base (what differs is a logged conflict), and the stand-in goes.
   */
  | 'returned'
  /** The mapped copy is gone from this list and this one took its place: the task. */
  | 'replaced';

const occurrence = (f: OtherCopyFacts) => f.repeats && f.completed;

export const OTHER_COPY_TABLE: readonly Row<OtherCopyFacts, OtherCopyVerdict>[] = [
  {
    id: 'other-copy.occurrence-beside',
    rule: 'A completed occurrence beside the mapped copy is a copy, even when the mapped copy is gone this round: To Do never gives the task itself a new id in its own list, and the mapped copy may have moved to a list this round reads later.',
    when: (f) => f.sameList && occurrence(f),
    then: 'copied',
  },
  {
    id: 'other-copy.split-beside',
    rule: 'An open repeating copy beside the mapped one, which lives on: Graph split the series (a due date written on a repeating task); a copy.',
    when: (f) => f.sameList && f.repeats && !f.completed && !f.mappedCopyGone,
    then: 'copied',
  },
  {
    id: 'other-copy.returned-beside',
    rule: 'A copy that does not repeat, beside the mapped one, which lives on: To Do makes no such copy, so the task came back (moved out of the synced lists, recreated by an edit in Planner, moved back): it is the task, and the stand-in copy goes.',
    when: (f) => f.sameList && !f.repeats && !f.mappedCopyGone,
    then: 'returned',
  },
  {
    id: 'other-copy.replaced-in-list',
    rule: 'Another copy in the same list while the mapped one is gone: it replaced the task there, and is the task.',
    when: (f) => f.sameList && !occurrence(f) && f.mappedCopyGone,
    then: 'replaced',
  },
  {
    id: 'other-copy.occurrence-left-behind',
    rule: 'A completed occurrence in another list while the mapped copy lives: To Do made it in the list a Planner move has since left; a copy.',
    when: (f) => !f.sameList && occurrence(f) && !f.mappedCopyGone,
    then: 'copied',
  },
  {
    id: 'other-copy.moved',
    rule: 'Another copy in another list, not an occurrence left behind: the task was moved in To Do (a mapped copy still answering is stale and goes).',
    when: (f) => !f.sameList && !(occurrence(f) && !f.mappedCopyGone),
    then: 'moved',
  },
];

export function decideOtherCopy(facts: OtherCopyFacts): Decision<OtherCopyVerdict> {
  return decide(OTHER_COPY_TABLE, facts);
}

export function otherCopyFactSpace(): OtherCopyFacts[] {
  return product({ sameList: [true, false], repeats: [true, false], completed: [true, false], mappedCopyGone: [true, false] } as const);
}

/** What a merge writes (the 'merge-fields' action), from the three-way and location plans. */
export interface MergeFacts {
  /** The three-way plan has To Do fields to write to the row. */
  fieldsToApply: boolean;
  /** It has Planner fields to push to To Do. */
  fieldsToPush: boolean;
  location: 'stay' | 'move-local' | 'move-remote';
  /** The item is the copy the sync state maps (not one found by externalId). */
  sameCopy: boolean;
  /** The three-way plan found nothing changed against the stored base (not merely equal values). */
  baseUnchanged: boolean;
}

export type MergeAction =
  /** Nothing to write: at most the stored etag moves to this item's. */
  | 'keep'
  /** Write what the merge plan says, in one transaction. */
  | 'write';

export const MERGE_TABLE: readonly Row<MergeFacts, MergeAction>[] = [
  {
    id: 'merge.echo',
    rule: 'Nothing changed on either side against the base (an echo of our own write, or a replayed delta item): nothing is written, no job, no ping-pong.',
    when: (m) => !m.fieldsToApply && !m.fieldsToPush && m.location === 'stay' && m.sameCopy && m.baseUnchanged,
    then: 'keep',
  },
  {
    id: 'merge.write',
    rule: 'Otherwise: To Do\'s changes go to the row; Planner\'s changes (or a Planner move) go back by an update job; the base becomes what To Do holds when something is pushed back, else the merged fields.',
    when: (m) => !(!m.fieldsToApply && !m.fieldsToPush && m.location === 'stay' && m.sameCopy && m.baseUnchanged),
    then: 'write',
  },
];

export function decideMerge(facts: MergeFacts): Decision<MergeAction> & { writeRow: boolean; pushBack: boolean } {
  const decision = decide(MERGE_TABLE, facts);
  return {
    ...decision,
    writeRow: facts.fieldsToApply || facts.location === 'move-local',
    pushBack: facts.fieldsToPush || facts.location === 'move-remote',
  };
}

export function mergeFactSpace(): MergeFacts[] {
  return product({
    fieldsToApply: [true, false],
    fieldsToPush: [true, false],
    location: ['stay', 'move-local', 'move-remote'],
    sameCopy: [true, false],
    baseUnchanged: [true, false],
  } as const);
}
