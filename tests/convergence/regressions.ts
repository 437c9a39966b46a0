/**
 * Shortest sequences the state machine found not to converge, kept as fixed cases once
 * fixed (each failed before its fix; convergence.test.ts replays them on every CI run).
 * Add one with the `did not converge after N commands` list `npm run soak` prints.
 * LIVENESS_REGRESSIONS are replayed by liveness.test.ts with settle: 'live'.
 */
import type { Command } from './commands';

export interface Regression {
  name: string;
  commands: Command[];
}

export const REGRESSIONS: Regression[] = [
  {
    name: 'a Planner move crashed after its POST, the task then deleted in Planner, disconnect (its delete job dropped), the old copy deleted in Outlook, reconnect: the moved copy stayed in To Do, since the pull left it to a delete job that no longer existed (hostile soak seed 88114477, plain Graph too); row pull.interrupted-push.copy-of-deleted-task now deletes it',
    commands: [
      { side: 'fault', op: 'graph', kind: '429', route: 'write', count: 1 },
      { side: 'planner', op: 'moveTask', task: 4, project: 0 },
      { side: 'system', op: 'crash', afterRequests: 2 },
      { side: 'system', op: 'work', jobs: 1 },
      { side: 'planner', op: 'deleteTask', task: 4 },
      { side: 'outlook', op: 'createTask', list: 6, due: null, priority: 'low' },
      { side: 'connection', op: 'disconnect' },
      { side: 'outlook', op: 'deleteTask', task: 3 },
      { side: 'outlook', op: 'createTask', list: 0, due: null, priority: 'low' },
    ],
  },
  {
    name: 'moved in Outlook out of a project Planner then deleted, disconnect, delta links expired, reconnect: the pull had made a new Planner task for the moved copy and added a second Planner link beside the stale one (to the task deleted with its project), so the reconnect relinked by the stale link, missed it and made a second task and a second copy (hostile soak seed 7310452, plain Graph too); the stale link is now rewritten, and a lookup tries every link',
    commands: [
      { side: 'outlook', op: 'moveTask', task: 4, list: 0 },
      { side: 'planner', op: 'editTask', task: 3, field: 'title', value: 0 },
      { side: 'outlook', op: 'clearDue', task: 6 },
      { side: 'planner', op: 'deleteProject', project: 0 },
      { side: 'system', op: 'work', jobs: 3 },
      { side: 'connection', op: 'disconnect' },
      { side: 'fault', op: 'expireDeltaLinks' },
    ],
  },
  {
    name: 'a Planner move whose DELETE of the old copy got a 429, then disconnect and reconnect: the disconnect cleared the pending-create marker and the pull relinked both copies in turn, leaving two (hostile soak seed 1969199120; plain Graph too); the marker now survives a disconnect',
    commands: [
      { side: 'planner', op: 'moveTask', task: 0, project: 0 },
      { side: 'fault', op: 'graph', kind: '429', route: 'write', count: 1 },
      { side: 'planner', op: 'createTask', project: 0, due: null, priority: 'low' },
      { side: 'system', op: 'work', jobs: 2 },
      { side: 'connection', op: 'disconnect' },
      { side: 'system', op: 'crash', afterRequests: 0 },
    ],
  },
  {
    name: 'deleted in Planner, then moved in Outlook before the delete ran (no disconnect): the moved copy was no live Planner task (CI seed 20251107 run 43); the move now beats the delete (row pull.move-beats-delete.planner-deleted)',
    commands: [
      { side: 'planner', op: 'closeProject', project: 0, status: 'Completed' },
      { side: 'planner', op: 'deleteTask', task: 3 },
      { side: 'outlook', op: 'moveTask', task: 6, list: 0 },
      { side: 'outlook', op: 'createList' },
    ],
  },
  {
    name: 'issue 14 run 33: deleted in Planner, moved in Outlook before the delete ran, project closed, disconnect, reconnect: the moved copy is no live Planner task (soak seed 5550123); a deleted task is judged by the list its copy is in, not its closed project (projectOpen of src/sync/plan/pulled-task.ts)',
    commands: [
      { side: 'planner', op: 'deleteTask', task: 6 },
      { side: 'outlook', op: 'moveTask', task: 5, list: 0 },
      { side: 'planner', op: 'closeProject', project: 0, status: 'Completed' },
      { side: 'connection', op: 'disconnect' },
      { side: 'planner', op: 'editTask', task: 0, field: 'title', value: 0 },
    ],
  },
  {
    name: 'issue 14 run 71: created in Outlook in a project\'s list, disconnect, the project deleted in Planner, reconnect: the task was lost; now rescued to the Inbox (soak seed 424242, quirks; row project-delete.unseen-in-todo)',
    commands: [
      { side: 'fault', op: 'quirks', quirks: ['partialDeltaUpdates', 'deletedListAcceptsTaskPosts', 'deletedListDeltaEmpty'] },
      { side: 'outlook', op: 'createTask', list: 2, due: null, priority: 'low' },
      { side: 'connection', op: 'disconnect' },
      { side: 'planner', op: 'deleteProject', project: 1 },
      { side: 'system', op: 'cron' },
    ],
  },
  {
    name: 'disconnect, reconnect, then a Planner delete: the delete job ran before the reconnect pull relinked the copy, forgot it, and the copy stayed in To Do (liveness probe, 2026-12-03)',
    commands: [
      { side: 'connection', op: 'disconnect' },
      { side: 'connection', op: 'reconnect' },
      { side: 'planner', op: 'deleteTask', task: 0 },
    ],
  },
  {
    name: 'Outlook creates a task in P2\'s list; disconnect; Planner deletes P2; reconnect: the task is rescued to the Inbox, not lost (issue 14, soak seed 424242 run 71)',
    commands: [
      { side: 'outlook', op: 'createTask', list: 2, due: null, priority: 'normal' },
      { side: 'connection', op: 'disconnect' },
      { side: 'planner', op: 'deleteProject', project: 1 },
      { side: 'system', op: 'cron' },
      { side: 'connection', op: 'reconnect' },
    ],
  },
  {
    name: 'a list renamed in Outlook, then disconnect + reconnect: the project relinks its old list (decision 0035; soak seed 9001)',
    commands: [
      { side: 'outlook', op: 'createTask', list: 0, due: null, priority: 'low' },
      { side: 'outlook', op: 'renameList', list: 0, value: 0 },
      { side: 'connection', op: 'disconnect' },
      { side: 'planner', op: 'createTask', project: 0, due: null, priority: 'low' },
    ],
  },
  {
    name: 'a Planner move whose POST went through but whose worker died, pulled before the retry: one copy, in the new list (soak seed 9001)',
    commands: [
      { side: 'fault', op: 'graph', kind: 'timeout', route: 'write', count: 1 },
      { side: 'planner', op: 'moveTask', task: 0, project: 0 },
      { side: 'system', op: 'fullSync' },
      { side: 'system', op: 'crash', afterRequests: 1 },
      { side: 'system', op: 'work', jobs: 2 },
    ],
  },
  {
    name: 'a task moved in Outlook into the list of a project then closed in Planner: a pull before that list is archived does not delete it (soak seed 9001)',
    commands: [
      { side: 'outlook', op: 'moveTask', task: 0, list: 2 },
      { side: 'planner', op: 'closeProject', project: 0, status: 'Completed' },
      { side: 'planner', op: 'closeProject', project: 7, status: 'Completed' },
    ],
  },
  {
    name: 'a task moved in Outlook into the list of a project then deleted in Planner: the pull does not delete it, the project removal rescues it (soak seed 31337)',
    commands: [
      { side: 'planner', op: 'closeProject', project: 0, status: 'Completed' },
      { side: 'outlook', op: 'moveTask', task: 0, list: 2 },
      { side: 'planner', op: 'deleteProject', project: 3 },
      { side: 'system', op: 'notifications', fate: 'deliver' },
    ],
  },
  {
    name: 'a task moved in Outlook, then moved to another project in Planner: the push finds the moved copy before copying it again (soak seed 2718)',
    commands: [
      { side: 'outlook', op: 'moveTask', task: 5, list: 0 },
      { side: 'planner', op: 'deleteTask', task: 0 },
      { side: 'planner', op: 'moveTask', task: 5, project: 1 },
      { side: 'planner', op: 'reopenProject', project: 0 },
    ],
  },
  {
    name: 'a Planner move whose worker died after its POST, then the old copy deleted in Outlook: the move beats the delete, one copy in the new list (soak seed 2718)',
    commands: [
      { side: 'planner', op: 'moveTask', task: 0, project: 0 },
      { side: 'system', op: 'crash', afterRequests: 2 },
      { side: 'outlook', op: 'deleteTask', task: 0 },
    ],
  },
  {
    name: 'a Planner move whose worker died after deleting the old copy: the pull does not take that DELETE for the user\'s (soak seed 2718)',
    commands: [
      { side: 'planner', op: 'moveTask', task: 0, project: 0 },
      { side: 'system', op: 'crash', afterRequests: 3 },
      { side: 'outlook', op: 'deleteTask', task: 0 },
    ],
  },
  {
    name: 'moved in Planner, then a repeat set and an occurrence completed in To Do (To Do makes the completed copy, carrying our link, and rolls the original on), then moved in Planner again before any pull: the move deleted the rolled-on original, the pull then took the completed copy for the task itself, and To Do ends with two copies while Planner holds the completed one\'s fields (hostile soak seed 1796666504 run 199, shrunk by ddmin; plain Graph too); a completed occurrence of a repeating task in another list than the mapped copy, which this round does not show gone, is now a copy (row pull.copied-in-todo), not a move',
    commands: [
      { side: 'planner', op: 'moveTask', task: 0, project: 6 },
      { side: 'system', op: 'work', jobs: 3 },
      { side: 'outlook', op: 'setRecurrence', task: 5, value: 2 },
      { side: 'outlook', op: 'completeOccurrence', task: 6 },
      { side: 'planner', op: 'moveTask', task: 7, project: 2 },
    ],
  },
  {
    name: 'a repeat set in Planner whose push crashed after its first request, an occurrence completed in To Do, then the rolled-on task moved to another list in To Do: the pull read the completed occurrence first, with the mapped copy gone that round, and took it for the task; the moved task then became the task and the occurrence stayed in To Do, linked to nothing Planner shows (hostile soak seed 1796668286 run 313, shrunk by ddmin to 4 commands); a completed occurrence beside the mapped copy is now a copy whether or not the mapped copy is gone (row other-copy.occurrence-beside)',
    commands: [
      { side: 'planner', op: 'setRecurrence', task: 1, value: 2 },
      { side: 'system', op: 'crash', afterRequests: 1 },
      { side: 'outlook', op: 'completeOccurrence', task: 7 },
      { side: 'outlook', op: 'moveTask', task: 0, list: 4 },
    ],
  },
  {
    name: 'a task moved in Outlook out of the synced lists (to "Tasks") while Planner edited it: the push found its copy gone and made it again (edit beats delete); moved back into the Planner Inbox, it sat beside the copy made in its place and was taken for a copy To Do made, so each side held the task twice (hostile soak seed 1796665942 run 74; plain Graph too); a copy that does not repeat beside a live mapped one is the task come back: merged with no base, the stand-in deleted by the next update job (rows other-copy.returned-beside, pull.stale-copy)',
    commands: [
      { side: 'planner', op: 'deleteProject', project: 5 },
      { side: 'system', op: 'work', jobs: 3 },
      { side: 'planner', op: 'deleteProject', project: 5 },
      { side: 'outlook', op: 'moveTask', task: 2, list: 4 },
      { side: 'planner', op: 'setStatus', task: 6, status: 'waitingOnOthers' },
      { side: 'system', op: 'work', jobs: 5 },
      { side: 'outlook', op: 'moveTask', task: 0, list: 1 },
    ],
  },
  {
    name: 'a step renamed in Planner, the task deleted in Planner, a repeat set in To Do: edit beats delete restored the task, but the partial delta item carried no steps, so Planner kept its renamed step and To Do its old one (hostile soak seed 1796674849 run 161, shrunk by ddmin from 35 commands to 5); a restore from an item without steps now queues the push that brings To Do\'s copy in step',
    commands: [
      { side: 'fault', op: 'quirks', quirks: ['hostile'] },
      { side: 'outlook', op: 'createTask', list: 6, due: null, priority: 'low' },
      { side: 'planner', op: 'renameStep', task: 6, step: 1, value: 3 },
      { side: 'planner', op: 'deleteTask', task: 0 },
      { side: 'outlook', op: 'setRecurrence', task: 2, value: 1 },
    ],
  },
  {
    name: 'a move in Planner whose push made the copy and its steps, then failed (500s on writes); a step renamed in Planner before the retry: the retry adopted the copy and paired its steps by title only, so the renamed step was added beside the old one (hostile soak seed 1796675385 run 301, shrunk by ddmin from 58 commands to 8; plain Graph); an adopted copy\'s steps pair by title, then in order (pairAdoptedSteps)',
    commands: [
      { side: 'planner', op: 'createProject' },
      { side: 'planner', op: 'createProject' },
      { side: 'planner', op: 'moveTask', task: 0, project: 7 },
      { side: 'planner', op: 'createTask', project: 2, due: '2026-10-25', priority: 'high' },
      { side: 'fault', op: 'graph', kind: '500', route: 'write', count: 2 },
      { side: 'planner', op: 'createTask', project: 4, due: '2026-03-29', priority: 'normal' },
      { side: 'system', op: 'work', jobs: 5 },
      { side: 'planner', op: 'renameStep', task: 2, step: 0, value: 5 },
    ],
  },
  {
    name: 'a task moved in Outlook out of a project\'s list into the Planner Inbox while Planner cancelled the project: the pull judged the move by the closed project and skipped it, so the copy in the Inbox list was no Planner task and the task stayed in the closed project (hostile soak seed 1796675867 run 160, shrunk by ddmin from 42 commands to 6); a copy moved in To Do is judged by the list it went to: the move beats the close',
    commands: [
      { side: 'outlook', op: 'clearDue', task: 6 },
      { side: 'outlook', op: 'moveTask', task: 4, list: 0 },
      { side: 'fault', op: 'graph', kind: '500', route: 'read', count: 1 },
      { side: 'planner', op: 'closeProject', project: 6, status: 'Cancelled' },
      { side: 'planner', op: 'setTags', task: 3, value: 2 },
      { side: 'system', op: 'work', jobs: 5 },
    ],
  },
  {
    name: 'a step renamed in Planner while To Do deleted it: the push made it again (edit beats delete), last in To Do, while Planner kept it first, so the two apps showed the steps in different orders (hostile soak seed 1796676247 run 893, shrunk by ddmin from 58 commands to 4; plain Graph); a step made again goes last in Planner too (placeStepsLast), where To Do puts it',
    commands: [
      { side: 'planner', op: 'deleteTask', task: 5 },
      { side: 'planner', op: 'setRecurrence', task: 1, value: 2 },
      { side: 'planner', op: 'renameStep', task: 4, step: 2, value: 0 },
      { side: 'outlook', op: 'deleteStep', task: 0, step: 4 },
    ],
  },
  {
    name: 'a repeat set and an occurrence completed in To Do, the task deleted in Planner, another occurrence completed: the delete job ran before any pull had seen To Do\'s edits and deleted the series, and the completed copies then brought one task back for two copies (liveness soak seed 1896677155 run 267, shrunk by ddmin from 57 commands to 6); the delete job reads the copy first and, when its etag moved, pulls its list so the pull table decides (row delete.edited-in-todo: edit beats delete)',
    commands: [
      { side: 'planner', op: 'createProject' },
      { side: 'outlook', op: 'deleteTask', task: 4 },
      { side: 'outlook', op: 'setRecurrence', task: 7, value: 5 },
      { side: 'outlook', op: 'completeOccurrence', task: 0 },
      { side: 'planner', op: 'deleteTask', task: 7 },
      { side: 'outlook', op: 'completeOccurrence', task: 6 },
    ],
  },
  {
    name: 'a step deleted in Planner, then the task deleted in Planner, then tags set in To Do: edit beats delete restored the task from a partial delta item without its steps, and nothing pushed Planner\'s step deletion, since the restore queued its push only for a task with steps (hostile soak seed 1796678669 run 148, shrunk by ddmin from 30 commands to 8); the push is queued when Planner\'s steps differ from the synced base',
    commands: [
      { side: 'fault', op: 'quirks', quirks: ['hostile'] },
      { side: 'planner', op: 'deleteStep', task: 5, step: 6 },
      { side: 'planner', op: 'addStep', task: 1, checked: true },
      { side: 'planner', op: 'deleteTask', task: 4 },
      { side: 'planner', op: 'setStartDate', task: 0, value: 2 },
      { side: 'outlook', op: 'createTask', list: 7, due: '2026-10-25', priority: 'low' },
      { side: 'outlook', op: 'moveTask', task: 7, list: 6 },
      { side: 'outlook', op: 'setTags', task: 4, value: 1 },
    ],
  },
  {
    name: 'moved in Planner, then moved in To Do and a step deleted there: the moved copy\'s steps were paired by title and the deleted step\'s pair dropped, so the step counted as new in Planner and the push put it back in To Do, last (liveness soak seed 1896678669 run 80, shrunk by ddmin from 43 commands to 8); a pair the moved copy does not hold reads as deleted in To Do (rekeyBaseByTitle)',
    commands: [
      { side: 'outlook', op: 'createTask', list: 1, due: '2026-03-29', priority: 'high' },
      { side: 'peer', op: 'join' },
      { side: 'planner', op: 'moveTask', task: 0, project: 6 },
      { side: 'planner', op: 'deleteTask', task: 6 },
      { side: 'peer', op: 'act', command: { side: 'system', op: 'work', jobs: 6 } },
      { side: 'outlook', op: 'deleteTask', task: 3 },
      { side: 'outlook', op: 'moveTask', task: 4, list: 2 },
      { side: 'outlook', op: 'deleteStep', task: 7, step: 6 },
    ],
  },
  {
    name: 'a step deleted in To Do and checked in Planner: edit beats delete made it again in To Do, last, while Planner kept it first (liveness soak seed 1896679729 run 126, shrunk by ddmin from 31 commands to 3); a step kept over To Do\'s delete goes last in Planner too (planSteps)',
    commands: [
      { side: 'planner', op: 'closeProject', project: 4, status: 'Cancelled' },
      { side: 'outlook', op: 'deleteStep', task: 2, step: 2 },
      { side: 'planner', op: 'checkStep', task: 0, step: 2, checked: true },
    ],
  },
  {
    name: 'disconnected, a step deleted in To Do and renamed in Planner: at reconnect the step came back last in To Do and first in Planner (hostile soak seed 1796679729 run 97, shrunk by ddmin from 43 commands to 3); as above',
    commands: [
      { side: 'connection', op: 'disconnect' },
      { side: 'outlook', op: 'deleteStep', task: 6, step: 0 },
      { side: 'planner', op: 'renameStep', task: 0, step: 0, value: 4 },
    ],
  },
];


/**
 * Replayed with settle: 'live' (live.ts, the stricter check: no forced full_sync after the
 * last command): the sequences the liveness property once failed on, and later
 * counterexamples that hold under it too.
 */
export const LIVENESS_REGRESSIONS: Regression[] = [
  {
    name: 'created in Outlook in a project\'s list, disconnect, the project closed in Planner, reconnect: the task is lost, not rescued (soak seed 1703184104, hostile)',
    commands: [
      { side: 'fault', op: 'quirks', quirks: ['hostile'] },
      { side: 'planner', op: 'createProject' },
      { side: 'system', op: 'work', jobs: 1 },
      { side: 'outlook', op: 'createTask', list: 5, due: null, priority: 'low' },
      { side: 'connection', op: 'disconnect' },
      { side: 'planner', op: 'closeProject', project: 0, status: 'Completed' },
      { side: 'system', op: 'work', jobs: 1 },
    ],
  },
  {
    name: 'disconnect, reconnect, the first delta read times out: a backfill create runs before the relinking full_sync and the task ends up twice on both sides (soak seed 690660469; plain Graph)',
    commands: [
      { side: 'connection', op: 'disconnect' },
      { side: 'connection', op: 'reconnect' },
      { side: 'fault', op: 'graph', kind: 'timeout', route: 'delta', count: 1 },
      { side: 'system', op: 'work', jobs: 1 },
      { side: 'system', op: 'work', jobs: 1 },
    ],
  },
  {
    name: 'disconnect, a 429 on a read, reconnect, a 429 on a write, work, disconnect again: a task has two copies in To Do (soak seed 1231703255; fails on plain Graph too)',
    commands: [
      { side: 'connection', op: 'disconnect' },
      { side: 'fault', op: 'graph', kind: '429', route: 'read', count: 1 },
      { side: 'connection', op: 'reconnect' },
      { side: 'fault', op: 'graph', kind: '429', route: 'write', count: 1 },
      { side: 'system', op: 'work', jobs: 4 },
      { side: 'connection', op: 'disconnect' },
    ],
  },
  {
    name: 'moved in Planner, edited in Outlook, the projects closed/deleted: with partial delta items the task becomes "Untitled task" in Planner; on plain Graph the copy is no live Planner task (hostile soak seed 1026728261)',
    commands: [
      { side: 'fault', op: 'quirks', quirks: ['hostile'] },
      { side: 'planner', op: 'moveTask', task: 0, project: 4 },
      { side: 'outlook', op: 'completeTask', task: 1, completed: false },
      { side: 'planner', op: 'closeProject', project: 0, status: 'Completed' },
      { side: 'planner', op: 'deleteProject', project: 3 },
      { side: 'system', op: 'work', jobs: 1 },
    ],
  },
  {
    name: 'Outlook moves a task, Planner deletes it, and the delete job runs beside the pull that finds the moved copy: the copy is deleted, not left in To Do (hostile soak seed 1854082339; plain Graph too)',
    commands: [
      { side: 'outlook', op: 'deleteList', list: 4 },
      { side: 'outlook', op: 'moveTask', task: 4, list: 0 },
      { side: 'planner', op: 'deleteTask', task: 3 },
      { side: 'outlook', op: 'createTask', list: 0, due: null, priority: 'low' },
    ],
  },
  {
    name: 'a step added in To Do and another in Planner before either synced: Planner put To Do\'s after its own, To Do has them in creation order, so the two apps showed them in opposite orders (soak seed 1796662286, plain Graph); a step new from To Do now goes where To Do has it',
    commands: [
      { side: 'outlook', op: 'addStep', task: 0, checked: false },
      { side: 'planner', op: 'deleteTask', task: 0 },
      { side: 'planner', op: 'addStep', task: 0, checked: false },
      { side: 'planner', op: 'editTask', task: 0, field: 'title', value: 0 },
    ],
  },
  {
    name: 'a step unchecked in Planner while another step of the task is deleted in To Do: the push PATCHed the step (steps carry no If-Match), read the copy back and stored its etag as the echo of its own write, though it also held To Do\'s delete; the pull then skipped the item as our echo, and the deleted step stayed in Planner for good (soak seed 1796662772, plain Graph); the read-back now carries the steps, and an etag is stored only when the copy holds just our steps (holdsOnlyOurSteps)',
    commands: [
      { side: 'planner', op: 'checkStep', task: 0, step: 3, checked: false },
      { side: 'outlook', op: 'deleteStep', task: 0, step: 0 },
    ],
  },
  {
    name: 'a step renamed in To Do while disconnected: the reconnect relinked the copy but paired its steps by title (no base for a copy the state does not map), so the renamed step and the old one were both kept, on both sides (soak seed 1796663515, plain Graph); a relinked copy now merges against the kept steps base (row steps-base.relinked-after-disconnect)',
    commands: [
      { side: 'connection', op: 'disconnect' },
      { side: 'outlook', op: 'renameStep', task: 0, step: 0, value: 0 },
      { side: 'planner', op: 'createTask', project: 0, due: null, priority: 'low' },
    ],
  },
  {
    name: 'a step deleted in Planner, the task moved in Outlook, then deleted in Planner: the move beat the delete and the task came back with To Do\'s fields but Planner\'s steps, while its copy kept the step, and nothing pushed the difference (CI seed 20251107 after issue 16\'s commands); a restored task now takes To Do\'s steps with its fields (adoptRemoteSteps, rows pull.*-beats-delete)',
    commands: [
      { side: 'planner', op: 'deleteStep', task: 0, step: 0 },
      { side: 'outlook', op: 'moveTask', task: 1, list: 1 },
      { side: 'planner', op: 'deleteTask', task: 0 },
      { side: 'system', op: 'fullSync' },
    ],
  },
  {
    name: 'a task deleted in Planner after To Do edited it, then a step added in To Do: the pull restored the task (edit beats delete) with To Do\'s fields but not its steps, and stored the copy\'s etag, so the step never reached Planner (hostile soak seed 1796663859, plain Graph too); a restored task now comes back with To Do\'s steps (adoptRemoteSteps)',
    commands: [
      { side: 'outlook', op: 'moveTask', task: 2, list: 6 },
      { side: 'outlook', op: 'setStartDate', task: 2, value: 4 },
      { side: 'outlook', op: 'deleteList', list: 5 },
      { side: 'planner', op: 'createProject' },
      { side: 'planner', op: 'reorderStep', task: 2, step: 1 },
      { side: 'outlook', op: 'createTask', list: 5, due: '2026-10-25', priority: 'low' },
      { side: 'planner', op: 'createTask', project: 2, due: '2026-12-31', priority: 'normal' },
      { side: 'planner', op: 'createTask', project: 4, due: '2026-03-09', priority: 'high' },
      { side: 'planner', op: 'closeProject', project: 0, status: 'Completed' },
      { side: 'planner', op: 'deleteTask', task: 0 },
      { side: 'system', op: 'work', jobs: 4 },
      { side: 'outlook', op: 'moveTask', task: 2, list: 2 },
      { side: 'outlook', op: 'addStep', task: 2, checked: false },
    ],
  },
  {
    name: 'completed in Planner while To Do made the task repeat, the push crashed: the retried push completes a task that repeats in To Do, which rolls the series on and leaves a completed copy, on both sides, as decision 0056 says (hostile soak seed 1796665701, plain Graph too); the model, not the sync, was wrong: a completion counts towards a repeating token\'s copies even when issued before the repeat reached its side',
    commands: [
      { side: 'fault', op: 'quirks', quirks: ['hostile'] },
      { side: 'outlook', op: 'deleteList', list: 0 },
      { side: 'planner', op: 'completeTask', task: 6, completed: true },
      { side: 'outlook', op: 'setRecurrence', task: 4, value: 1 },
      { side: 'system', op: 'crash', afterRequests: 0 },
    ],
  },
  {
    name: 'a step renamed in To Do while Planner deleted another: the step push left the copy\'s etag unknown (the read-back held To Do\'s rename), so the next field PATCH (a reminder) went without If-Match and its answer\'s etag was stored as our echo, and the pull skipped the rename for good (hostile soak seed 1796665565, plain Graph too); an etag from a PATCH without If-Match is no longer taken as ours',
    commands: [
      { side: 'planner', op: 'reorderStep', task: 0, step: 7 },
      { side: 'outlook', op: 'renameStep', task: 0, step: 0, value: 0 },
      { side: 'planner', op: 'deleteStep', task: 0, step: 0 },
      { side: 'system', op: 'work', jobs: 1 },
      { side: 'planner', op: 'setReminder', task: 0, value: 1 },
      { side: 'system', op: 'work', jobs: 1 },
    ],
  },
  {
    name: 'a step renamed in Planner while To Do moved the task to another list: the moved copy has new step ids, so its steps were paired by title only; the renamed step and its old title both survived, in different orders on the two sides (soak seed 1796666732, plain Graph); the stored pairs are now found again by the title they were synced with (rekeyBaseByTitle), so the rename is a rename',
    commands: [
      { side: 'planner', op: 'createProject' },
      { side: 'peer', op: 'join' },
      { side: 'planner', op: 'deleteTask', task: 4 },
      { side: 'planner', op: 'renameStep', task: 5, step: 2, value: 2 },
      { side: 'system', op: 'work', jobs: 2 },
      { side: 'outlook', op: 'moveTask', task: 1, list: 7 },
    ],
  },
];

/**
 * Found and shrunk but NOT fixed yet, so not replayed (CI would fail): kept here with what
 * is known, for the next session. Replay one with `npm run soak -- --commands FILE`.
 */
export const OPEN_DIVERGENCES: Regression[] = [
  {
    name: 'liveness only (converges with the forced full_syncs): tasks deleted in To Do while other tasks moved both ways stay in Planner, and the runner finds nothing left to do 250 ms (emulated) after the last command (liveness soak seed 1896682373 run 286, found with hostile quirks; shrunk by `ddmin.ts --live` from 54 commands to 8, it fails on plain Graph too); replay with `npm run soak -- --commands FILE --live`',
    commands: [
      { side: 'planner', op: 'moveTask', task: 4, project: 6 },
      { side: 'outlook', op: 'deleteTask', task: 7 },
      { side: 'system', op: 'work', jobs: 3 },
      { side: 'planner', op: 'deleteTask', task: 2 },
      { side: 'outlook', op: 'moveTask', task: 1, list: 4 },
      { side: 'outlook', op: 'moveTask', task: 4, list: 6 },
      { side: 'system', op: 'work', jobs: 3 },
      { side: 'outlook', op: 'deleteTask', task: 6 },
    ],
  },
];
