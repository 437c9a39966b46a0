/**
 * The vdirsyncer-style plan for one task (decision 0018): compare Planner and To Do against
 * the last-synced snapshot ("base") field by field, and say what to do. Pure: no I/O, and
 * time comes in as `now`.
 *
 * Existence (docs/graph-facts.md §9.3):
 *   base   local  remote   → action
 *   none   —      —        → nothing (absent)
 *   none   L      —        → create-remote (new)
 *   none   —      R        → create-local (new)
 *   none   L      R        → update (every differing field is a conflict: later edit wins)
 *   B      L      R        → update (per field, below) or nothing
 *   B      L      —        → L changed since B ? create-remote (edit beats delete) : delete-local
 *   B      —      R        → R changed since B ? create-local (edit beats delete) : delete-remote
 *   B      —      —        → forget (drop the sync state)
 * Fields: changed on one side → copied to the other; changed on both to the same value →
 * nothing; changed on both to different values → conflict, the later edit wins (a tie goes
 * to Planner), recorded as {field, base, localValue, remoteValue, winner}.
 * Echo: a remote whose etag equals the base etag is unchanged whatever its fields say.
 */
import { changedFields, hashTaskFields, sameField } from './normalise';
import { COMPARED_FIELDS, type ComparedField, type TaskFields } from './types';

export interface LocalSide {
  fields: TaskFields;
  /** When Planner last changed the task (tasks.updated_at), ISO-8601. */
  modifiedAt: string;
}

export interface RemoteSide {
  fields: TaskFields;
  /** Graph lastModifiedDateTime, ISO-8601. */
  modifiedAt: string;
  /** @odata.etag of this version, when known. */
  etag?: string | null;
}

export interface PlanTaskSyncInput {
  /** Last-synced snapshot (task_sync_state.snapshot); null when never synced. */
  base: TaskFields | null;
  /** etag stored with the base (task_sync_state.graph_etag). */
  baseEtag?: string | null;
  /** The Planner task; null when deleted in Planner (or never existed). */
  local: LocalSide | null;
  /** The To Do task; null only when PROVABLY gone (@removed, 404), never merely unseen. */
  remote: RemoteSide | null;
  /** Current time, ISO-8601: completion time for a remote completion that lacks one. */
  now: string;
}

export interface FieldConflict {
  field: ComparedField;
  base: TaskFields[ComparedField] | null;
  localValue: TaskFields[ComparedField];
  remoteValue: TaskFields[ComparedField];
  winner: 'local' | 'remote';
}

export type CreateReason = 'new' | 'edit-beats-delete';

/** One action per task. `nextBase` is the snapshot to store once the action succeeded. */
export type TaskSyncPlan =
  | { kind: 'nothing'; reason: 'absent' | 'unchanged' | 'converged'; nextBase: TaskFields | null }
  | { kind: 'create-remote'; reason: CreateReason; fields: TaskFields; nextBase: TaskFields }
  | { kind: 'create-local'; reason: CreateReason; fields: TaskFields; nextBase: TaskFields }
  | { kind: 'delete-remote'; nextBase: null }
  | { kind: 'delete-local'; nextBase: null }
  | { kind: 'forget'; nextBase: null }
  | {
      kind: 'update';
      /** Fields to PATCH to To Do (feed to toGraphPatch). */
      push: Partial<TaskFields>;
      /** Fields to write to the Planner task. */
      apply: Partial<TaskFields>;
      conflicts: FieldConflict[];
      nextBase: TaskFields;
    };

export type TaskSyncPlanKind = TaskSyncPlan['kind'];

/** Decide what one task needs; see the table at the top of this file. */
export function planTaskSync(input: PlanTaskSyncInput): TaskSyncPlan {
  const { base, local } = input;
  const remote = effectiveRemote(input);
  if (local && remote) return planBothPresent(input, local, remote);
  if (local) {
    if (base && !changedSince(base, local.fields)) return { kind: 'delete-local', nextBase: null };
    return { kind: 'create-remote', reason: base ? 'edit-beats-delete' : 'new', fields: local.fields, nextBase: local.fields };
  }
  if (remote) {
    if (base && !changedSince(base, remote.fields)) return { kind: 'delete-remote', nextBase: null };
    const fields = withCompletionTime(remote.fields, input.now);
    return { kind: 'create-local', reason: base ? 'edit-beats-delete' : 'new', fields, nextBase: fields };
  }
  return base ? { kind: 'forget', nextBase: null } : { kind: 'nothing', reason: 'absent', nextBase: null };
}

/** True when the plan leaves both sides as they are (only the snapshot may move). */
export function isNoop(plan: TaskSyncPlan): boolean {
  return plan.kind === 'nothing';
}

function effectiveRemote(input: PlanTaskSyncInput): RemoteSide | null {
  const { remote, base, baseEtag } = input;
  if (!remote || !base || !baseEtag || remote.etag !== baseEtag) return remote;
  return { ...remote, fields: base };
}

function changedSince(base: TaskFields, fields: TaskFields): boolean {
  return hashTaskFields(base) !== hashTaskFields(fields);
}

function planBothPresent(input: PlanTaskSyncInput, local: LocalSide, remote: RemoteSide): TaskSyncPlan {
  const base = input.base;
  const localChanged = new Set(base ? changedFields(base, local.fields) : COMPARED_FIELDS);
  const remoteChanged = new Set(base ? changedFields(base, remote.fields) : COMPARED_FIELDS);
  const localWinsTies = Date.parse(local.modifiedAt) >= Date.parse(remote.modifiedAt) || Number.isNaN(Date.parse(remote.modifiedAt));
  const push: Partial<TaskFields> = {};
  const apply: Partial<TaskFields> = {};
  const conflicts: FieldConflict[] = [];
  for (const field of COMPARED_FIELDS) {
    const side = pickSide(field, localChanged.has(field), remoteChanged.has(field), local.fields, remote.fields);
    if (side === 'conflict') {
      const winner = localWinsTies ? 'local' : 'remote';
      conflicts.push({ field, base: base ? base[field] : null, localValue: local.fields[field], remoteValue: remote.fields[field], winner });
      copyField(field, winner === 'local' ? push : apply, winner === 'local' ? local.fields : remote.fields);
    } else if (side === 'local') {
      copyField(field, push, local.fields);
    } else if (side === 'remote') {
      copyField(field, apply, remote.fields);
    }
  }
  return finishUpdate(input, local.fields, remote.fields, push, apply, conflicts);
}

/** Which side's value a field takes: 'same' when nothing needs copying. */
function pickSide(
  field: ComparedField,
  localChanged: boolean,
  remoteChanged: boolean,
  local: TaskFields,
  remote: TaskFields,
): 'same' | 'local' | 'remote' | 'conflict' {
  if (sameField(field, local, remote)) return 'same';
  if (localChanged && remoteChanged) return 'conflict';
  if (localChanged) return 'local';
  if (remoteChanged) return 'remote';
  return 'same';
}

function copyField(field: ComparedField, target: Partial<TaskFields>, source: TaskFields): void {
  (target as Record<string, unknown>)[field] = source[field];
  if (field === 'completed') target.completed_at = source.completed_at;
}

function finishUpdate(
  input: PlanTaskSyncInput,
  local: TaskFields,
  remote: TaskFields,
  push: Partial<TaskFields>,
  apply: Partial<TaskFields>,
  conflicts: FieldConflict[],
): TaskSyncPlan {
  if (apply.completed !== undefined) apply.completed_at = completionTime(apply.completed, apply.completed_at ?? null, input.now);
  const nextBase: TaskFields = { ...local, ...apply };
  if (Object.keys(push).length === 0 && Object.keys(apply).length === 0) {
    const unchanged = input.base !== null && !changedSince(input.base, local) && !changedSince(input.base, remote);
    return { kind: 'nothing', reason: unchanged ? 'unchanged' : 'converged', nextBase: unchanged ? input.base : nextBase };
  }
  return { kind: 'update', push, apply, conflicts, nextBase };
}

function withCompletionTime(fields: TaskFields, now: string): TaskFields {
  return { ...fields, completed_at: completionTime(fields.completed, fields.completed_at, now) };
}

function completionTime(completed: boolean, at: string | null, now: string): string | null {
  return completed ? (at ?? now) : null;
}
