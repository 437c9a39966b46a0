/**
 * The commands of the convergence state machine, as plain data (printable, and what
 * fast-check shrinks). Targets are indexes taken modulo what exists when the command
 * runs, so every sequence is valid whatever came before it.
 */
import fc from 'fast-check';

export type Priority = 'low' | 'normal' | 'high';
export type EditableField = 'title' | 'notes' | 'due' | 'priority';
export type FaultKind = '429' | '503' | '500' | 'timeout';
/** To Do's open statuses (completion is its own command). */
export type OpenStatus = 'notStarted' | 'inProgress' | 'waitingOnOthers' | 'deferred';

export type Command =
  // Planner, through its services (each change enqueues its job in the same transaction)
  | { side: 'planner'; op: 'createTask'; project: number; due: string | null; priority: Priority }
  | { side: 'planner'; op: 'editTask'; task: number; field: EditableField; value: number }
  | { side: 'planner'; op: 'completeTask'; task: number; completed: boolean }
  | { side: 'planner'; op: 'moveTask'; task: number; project: number }
  | { side: 'planner'; op: 'deleteTask'; task: number }
  | { side: 'planner'; op: 'createProject' }
  | { side: 'planner'; op: 'renameProject'; project: number; value: number }
  | { side: 'planner'; op: 'deleteProject'; project: number }
  | { side: 'planner'; op: 'closeProject'; project: number; status: 'Completed' | 'Cancelled' }
  | { side: 'planner'; op: 'reopenProject'; project: number }
  // Planner, issue 16's fields: `value` indexes the tables of apply-command.ts (START_DATES, TAG_SETS, REMINDERS, REPEATS; 0 clears)
  | { side: 'planner'; op: 'setStatus'; task: number; status: OpenStatus }
  | { side: 'planner'; op: 'setStartDate'; task: number; value: number }
  | { side: 'planner'; op: 'setTags'; task: number; value: number }
  | { side: 'planner'; op: 'setReminder'; task: number; value: number }
  | { side: 'planner'; op: 'setRecurrence'; task: number; value: number }
  | { side: 'planner'; op: 'completeOccurrence'; task: number }
  | { side: 'planner'; op: 'addStep'; task: number; checked: boolean }
  | { side: 'planner'; op: 'checkStep'; task: number; step: number; checked: boolean }
  | { side: 'planner'; op: 'renameStep'; task: number; step: number; value: number }
  | { side: 'planner'; op: 'reorderStep'; task: number; step: number }
  | { side: 'planner'; op: 'deleteStep'; task: number; step: number }
  // Outlook, as the user, through the emulator's control API
  | { side: 'outlook'; op: 'createTask'; list: number; due: string | null; priority: Priority }
  | { side: 'outlook'; op: 'editTask'; task: number; field: EditableField; value: number }
  | { side: 'outlook'; op: 'clearDue'; task: number }
  | { side: 'outlook'; op: 'completeTask'; task: number; completed: boolean }
  | { side: 'outlook'; op: 'moveTask'; task: number; list: number }
  | { side: 'outlook'; op: 'deleteTask'; task: number }
  | { side: 'outlook'; op: 'createList' }
  | { side: 'outlook'; op: 'renameList'; list: number; value: number }
  | { side: 'outlook'; op: 'deleteList'; list: number }
  // Outlook, issue 16's fields, as a person in To Do sets them (wall times in the user's zone)
  | { side: 'outlook'; op: 'setStatus'; task: number; status: OpenStatus }
  | { side: 'outlook'; op: 'setStartDate'; task: number; value: number }
  | { side: 'outlook'; op: 'setTags'; task: number; value: number }
  | { side: 'outlook'; op: 'setReminder'; task: number; value: number }
  | { side: 'outlook'; op: 'setRecurrence'; task: number; value: number }
  | { side: 'outlook'; op: 'completeOccurrence'; task: number }
  | { side: 'outlook'; op: 'addStep'; task: number; checked: boolean }
  | { side: 'outlook'; op: 'checkStep'; task: number; step: number; checked: boolean }
  | { side: 'outlook'; op: 'renameStep'; task: number; step: number; value: number }
  | { side: 'outlook'; op: 'deleteStep'; task: number; step: number }
  // the connection
  | { side: 'connection'; op: 'disconnect' }
  | { side: 'connection'; op: 'reconnect' }
  // the system: worker steps, crashes, syncs, cron, notifications
  | { side: 'system'; op: 'work'; jobs: number }
  | { side: 'system'; op: 'crash'; afterRequests: number }
  | { side: 'system'; op: 'fullSync' }
  | { side: 'system'; op: 'cron' }
  | { side: 'system'; op: 'notifications'; fate: 'deliver' | 'lose' | 'duplicate' | 'delay' }
  // injected faults
  | { side: 'fault'; op: 'graph'; kind: FaultKind; route: 'write' | 'read' | 'delta' | 'batch'; count: number }
  | { side: 'fault'; op: 'expireDeltaLinks' }
  | { side: 'fault'; op: 'truncateLists'; on: boolean }
  // Graph's documented variability, switched on for the rest of the run: 'hostile' = all, or quirk names (emulator HOSTILE_QUIRKS)
  | { side: 'fault'; op: 'quirks'; quirks: string[] }
  // a second Planner user on the same database, worker and emulator (issue 14 §6): joins, then acts
  | { side: 'peer'; op: 'join' }
  | { side: 'peer'; op: 'act'; command: PeerCommand };

/** What the second user can do: the first user's Planner, Outlook, connection and system commands. */
export type PeerCommand = Extract<Command, { side: 'planner' | 'outlook' | 'connection' | 'system' }>;

const index = fc.nat({ max: 7 });
const value = fc.nat({ max: 5 });
const due = fc.constantFrom(null, '2026-03-09', '2026-03-29', '2026-10-25', '2026-12-31');
const priority = fc.constantFrom<Priority>('low', 'normal', 'high');
const field = fc.constantFrom<EditableField>('title', 'notes', 'due', 'priority');
const openStatus = fc.constantFrom<OpenStatus>('notStarted', 'inProgress', 'waitingOnOthers', 'deferred');

/** Issue 16's commands of one side, each at weight 1 (the older commands keep most of the mix). */
function detailCommands<S extends 'planner' | 'outlook'>(side: S): fc.WeightedArbitrary<Command>[] {
  const s = fc.constant(side);
  const one = (arbitrary: fc.Arbitrary<unknown>) => ({ weight: 1, arbitrary: arbitrary as fc.Arbitrary<Command> });
  const commands = [
    one(fc.record({ side: s, op: fc.constant('setStatus'), task: index, status: openStatus })),
    one(fc.record({ side: s, op: fc.constant('setStartDate'), task: index, value })),
    one(fc.record({ side: s, op: fc.constant('setTags'), task: index, value })),
    one(fc.record({ side: s, op: fc.constant('setReminder'), task: index, value })),
    one(fc.record({ side: s, op: fc.constant('setRecurrence'), task: index, value })),
    one(fc.record({ side: s, op: fc.constant('completeOccurrence'), task: index })),
    one(fc.record({ side: s, op: fc.constant('addStep'), task: index, checked: fc.boolean() })),
    one(fc.record({ side: s, op: fc.constant('checkStep'), task: index, step: index, checked: fc.boolean() })),
    one(fc.record({ side: s, op: fc.constant('renameStep'), task: index, step: index, value })),
    one(fc.record({ side: s, op: fc.constant('deleteStep'), task: index, step: index })),
  ];
  if (side === 'planner') commands.push(one(fc.record({ side: s, op: fc.constant('reorderStep'), task: index, step: index })));
  return commands;
}

const plannerCommand: fc.Arbitrary<Command> = fc.oneof(
  { weight: 5, arbitrary: fc.record({ side: fc.constant('planner' as const), op: fc.constant('createTask' as const), project: index, due, priority }) },
  { weight: 5, arbitrary: fc.record({ side: fc.constant('planner' as const), op: fc.constant('editTask' as const), task: index, field, value }) },
  { weight: 2, arbitrary: fc.record({ side: fc.constant('planner' as const), op: fc.constant('completeTask' as const), task: index, completed: fc.boolean() }) },
  { weight: 2, arbitrary: fc.record({ side: fc.constant('planner' as const), op: fc.constant('moveTask' as const), task: index, project: index }) },
  { weight: 2, arbitrary: fc.record({ side: fc.constant('planner' as const), op: fc.constant('deleteTask' as const), task: index }) },
  { weight: 2, arbitrary: fc.record({ side: fc.constant('planner' as const), op: fc.constant('createProject' as const) }) },
  { weight: 1, arbitrary: fc.record({ side: fc.constant('planner' as const), op: fc.constant('renameProject' as const), project: index, value }) },
  { weight: 1, arbitrary: fc.record({ side: fc.constant('planner' as const), op: fc.constant('deleteProject' as const), project: index }) },
  {
    weight: 1,
    arbitrary: fc.record({
      side: fc.constant('planner' as const),
      op: fc.constant('closeProject' as const),
      project: index,
      status: fc.constantFrom<'Completed' | 'Cancelled'>('Completed', 'Cancelled'),
    }),
  },
  { weight: 1, arbitrary: fc.record({ side: fc.constant('planner' as const), op: fc.constant('reopenProject' as const), project: index }) },
  ...detailCommands('planner'),
);

const outlookCommand: fc.Arbitrary<Command> = fc.oneof(
  { weight: 5, arbitrary: fc.record({ side: fc.constant('outlook' as const), op: fc.constant('createTask' as const), list: index, due, priority }) },
  { weight: 5, arbitrary: fc.record({ side: fc.constant('outlook' as const), op: fc.constant('editTask' as const), task: index, field, value }) },
  { weight: 1, arbitrary: fc.record({ side: fc.constant('outlook' as const), op: fc.constant('clearDue' as const), task: index }) },
  { weight: 2, arbitrary: fc.record({ side: fc.constant('outlook' as const), op: fc.constant('completeTask' as const), task: index, completed: fc.boolean() }) },
  { weight: 2, arbitrary: fc.record({ side: fc.constant('outlook' as const), op: fc.constant('moveTask' as const), task: index, list: index }) },
  { weight: 2, arbitrary: fc.record({ side: fc.constant('outlook' as const), op: fc.constant('deleteTask' as const), task: index }) },
  { weight: 1, arbitrary: fc.record({ side: fc.constant('outlook' as const), op: fc.constant('createList' as const) }) },
  { weight: 1, arbitrary: fc.record({ side: fc.constant('outlook' as const), op: fc.constant('renameList' as const), list: index, value }) },
  { weight: 1, arbitrary: fc.record({ side: fc.constant('outlook' as const), op: fc.constant('deleteList' as const), list: index }) },
  ...detailCommands('outlook'),
);

const connectionCommand: fc.Arbitrary<Command> = fc.oneof(
  fc.constant<Command>({ side: 'connection', op: 'disconnect' }),
  fc.constant<Command>({ side: 'connection', op: 'reconnect' }),
);

const systemCommand: fc.Arbitrary<Command> = fc.oneof(
  { weight: 6, arbitrary: fc.record({ side: fc.constant('system' as const), op: fc.constant('work' as const), jobs: fc.integer({ min: 1, max: 6 }) }) },
  { weight: 2, arbitrary: fc.record({ side: fc.constant('system' as const), op: fc.constant('crash' as const), afterRequests: fc.nat({ max: 3 }) }) },
  { weight: 2, arbitrary: fc.constant<Command>({ side: 'system', op: 'fullSync' }) },
  { weight: 1, arbitrary: fc.constant<Command>({ side: 'system', op: 'cron' }) },
  {
    weight: 3,
    arbitrary: fc.record({
      side: fc.constant('system' as const),
      op: fc.constant('notifications' as const),
      fate: fc.constantFrom<'deliver' | 'lose' | 'duplicate' | 'delay'>('deliver', 'deliver', 'lose', 'duplicate', 'delay'),
    }),
  },
);

const faultCommand: fc.Arbitrary<Command> = fc.oneof(
  {
    weight: 4,
    arbitrary: fc.record({
      side: fc.constant('fault' as const),
      op: fc.constant('graph' as const),
      kind: fc.constantFrom<FaultKind>('429', '503', '500', 'timeout'),
      route: fc.constantFrom<'write' | 'read' | 'delta' | 'batch'>('write', 'read', 'delta', 'batch'),
      count: fc.integer({ min: 1, max: 3 }),
    }),
  },
  { weight: 1, arbitrary: fc.constant<Command>({ side: 'fault', op: 'expireDeltaLinks' }) },
  { weight: 1, arbitrary: fc.record({ side: fc.constant('fault' as const), op: fc.constant('truncateLists' as const), on: fc.boolean() }) },
);

/**
 * Which commands a run may use: `side.op` keys to leave out, e.g. 'outlook.moveTask',
 * 'connection.*'. `hostileShare` (0..1): the share of sequences that start by switching
 * every hostile quirk on. `peer: false` leaves the second user out, which is also the
 * generator of the soaks before issue 14 (their seeds replay the same sequences).
 */
export interface CommandMix {
  exclude: string[];
  hostileShare?: number;
  peer?: boolean;
}

export const FULL_MIX: CommandMix = { exclude: [] };

export function isExcluded(mix: CommandMix, command: Command): boolean {
  return mix.exclude.some((key) => key === `${command.side}.${command.op}` || key === `${command.side}.*`);
}

const peerCommand: fc.Arbitrary<Command> = fc.oneof(
  { weight: 1, arbitrary: fc.constant<Command>({ side: 'peer', op: 'join' }) },
  {
    weight: 4,
    arbitrary: fc
      .oneof(
        { weight: 4, arbitrary: plannerCommand },
        { weight: 4, arbitrary: outlookCommand },
        { weight: 2, arbitrary: systemCommand },
        { weight: 1, arbitrary: connectionCommand },
      )
      .map((command): Command => ({ side: 'peer', op: 'act', command: command as PeerCommand })),
  },
);

/** Every `side.op` the generator makes (CI checks its sample has each). */
export const COMMAND_KINDS = [
  'planner.createTask', 'planner.editTask', 'planner.completeTask', 'planner.moveTask', 'planner.deleteTask', 'planner.createProject',
  'planner.renameProject', 'planner.deleteProject', 'planner.closeProject', 'planner.reopenProject',
  'outlook.createTask', 'outlook.editTask', 'outlook.clearDue', 'outlook.completeTask', 'outlook.moveTask', 'outlook.deleteTask',
  'outlook.createList', 'outlook.renameList', 'outlook.deleteList',
  'planner.setStatus', 'planner.setStartDate', 'planner.setTags', 'planner.setReminder', 'planner.setRecurrence', 'planner.completeOccurrence',
  'planner.addStep', 'planner.checkStep', 'planner.renameStep', 'planner.reorderStep', 'planner.deleteStep',
  'outlook.setStatus', 'outlook.setStartDate', 'outlook.setTags', 'outlook.setReminder', 'outlook.setRecurrence', 'outlook.completeOccurrence',
  'outlook.addStep', 'outlook.checkStep', 'outlook.renameStep', 'outlook.deleteStep',
  'connection.disconnect', 'connection.reconnect',
  'system.work', 'system.crash', 'system.fullSync', 'system.cron', 'system.notifications',
  'fault.graph', 'fault.expireDeltaLinks', 'fault.truncateLists', 'fault.quirks',
  'peer.join', 'peer.act',
] as const;

export const HOSTILE: Command = { side: 'fault', op: 'quirks', quirks: ['hostile'] };

export function commandsArbitrary(mix: CommandMix = FULL_MIX, maxLength = 30): fc.Arbitrary<Command[]> {
  const kinds = [
    { weight: 8, arbitrary: plannerCommand },
    { weight: 8, arbitrary: outlookCommand },
    { weight: 8, arbitrary: systemCommand },
    { weight: 3, arbitrary: faultCommand },
    { weight: 1, arbitrary: connectionCommand },
  ];
  if (mix.peer !== false) kinds.push({ weight: 3, arbitrary: peerCommand });
  const any = fc.oneof(...kinds);
  const allowed = (c: Command) => !isExcluded(mix, c) && !(c.side === 'peer' && c.op === 'act' && isExcluded(mix, c.command));
  const sequence = fc.array(any.filter(allowed), { minLength: 1, maxLength, size: 'max' });
  const share = mix.hostileShare ?? 0;
  if (share <= 0) return sequence;
  // Out of 100 sequences, `share * 100` start hostile; shrinking the roll towards 0 drops the switch (then the quirks were not needed).
  return fc
    .tuple(fc.integer({ min: 0, max: 99 }), sequence)
    .map(([roll, commands]) => (roll >= 100 - share * 100 ? [HOSTILE, ...commands] : commands));
}

/** `side.op` of a command; a second user's command counts as its inner command, prefixed `peer.` */
export function commandKind(command: Command): string {
  if (command.side === 'peer' && command.op === 'act') return `peer.${commandKind(command.command)}`;
  return `${command.side}.${command.op}`;
}

/** One line per command, for failure reports. */
export function describeCommands(commands: Command[]): string {
  return commands.map((c, i) => `${String(i + 1).padStart(3)}. ${JSON.stringify(c)}`).join('\n');
}
