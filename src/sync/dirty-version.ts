/**
 * tasks.org's dirty versioning (docs/graph-facts.md §9.1, decision 0019). Every local edit bumps
 * `tasks.version`; a push captures the version it read *before* sending, and success records
 * `synced_version = max(synced_version, captured)`. An edit made while the push was in flight
 * has a higher version, so the task stays dirty and is pushed again. Clocks play no part.
 */

export interface VersionState {
  /** tasks.version */
  version: number;
  /** task_sync_state.synced_version */
  syncedVersion: number;
}

/** Dirty iff Planner holds an edit no successful push has carried yet. */
export function isTaskDirty(state: VersionState): boolean {
  return state.version > state.syncedVersion;
}

/** The version a push carries: read it with the fields, before calling Graph. */
export function capturePushVersion(task: { version: number }): number {
  return task.version;
}

/** synced_version after a successful push of `capturedVersion` (never moves backwards). */
export function syncedVersionAfterPush(syncedVersion: number, capturedVersion: number): number {
  return Math.max(syncedVersion, capturedVersion);
}

/**
 * synced_version after the pull wrote a remote change to the task, bumping its version from
 * `versionBefore` to `versionAfterWrite`. That write is not a local edit: a clean task stays
 * clean; a dirty one keeps its pending edits pending.
 */
export function syncedVersionAfterRemoteWrite(state: VersionState, versionAfterWrite: number): number {
  return isTaskDirty(state) ? state.syncedVersion : Math.max(state.syncedVersion, versionAfterWrite);
}
