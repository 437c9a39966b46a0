/**
 * The commands of the convergence state machine, as plain data (printable, and what
 * fast-check shrinks). Targets are indexes taken modulo what exists when the command
 * runs, so every sequence is valid whatever came before it.
 */
import fc from 'fast-check';

export type Priority = 'low' | 'normal' | 'high';
export type EditableField = 'title' | 'notes' | 'due' | 'priority';
export type FaultKind = '429' | '503' | '500' | 'timeout';

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
  | { side: 'fault'; op: 'truncateLists'; on: boolean };

const index = fc.nat({ max: 7 });
const value = fc.nat({ max: 5 });
const due = fc.constantFrom(null, '2026-03-09', '2026-03-29', '2026-10-25', '2026-12-31');
const priority = fc.constantFrom<Priority>('low', 'normal', 'high');
const field = fc.constantFrom<EditableField>('title', 'notes', 'due', 'priority');

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

/** Which commands a run may use: `side.op` keys to leave out, e.g. 'outlook.moveTask', 'connection.*'. */
export interface CommandMix {
  exclude: string[];
}

export const FULL_MIX: CommandMix = { exclude: [] };

export function isExcluded(mix: CommandMix, command: Command): boolean {
  return mix.exclude.some((key) => key === `${command.side}.${command.op}` || key === `${command.side}.*`);
}

export function commandsArbitrary(mix: CommandMix = FULL_MIX, maxLength = 30): fc.Arbitrary<Command[]> {
  const any = fc.oneof(
    { weight: 8, arbitrary: plannerCommand },
    { weight: 8, arbitrary: outlookCommand },
    { weight: 8, arbitrary: systemCommand },
    { weight: 3, arbitrary: faultCommand },
    { weight: 1, arbitrary: connectionCommand },
  );
  return fc.array(any.filter((c) => !isExcluded(mix, c)), { minLength: 1, maxLength, size: 'max' });
}

/** One line per command, for failure reports. */
export function describeCommands(commands: Command[]): string {
  return commands.map((c, i) => `${String(i + 1).padStart(3)}. ${JSON.stringify(c)}`).join('\n');
}
