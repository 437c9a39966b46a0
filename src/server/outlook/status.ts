/**
 * The Outlook connection status of one user (guide §5 `status`): connected or
 * not, the account, linked lists, this user's queue counts, last successful
 * sync, last error and whether a reconnect is needed. Never a token.
 */
import type { Executor } from '../../db/client';
import { findConnection } from '../../db/connections-repository';
import { listLinkedLists } from '../../db/list-mappings-repository';
import type { JobStatus } from '../../db/schema';
import { countUserJobsByStatus, findLastCompletedJobAt, findLastFailedJob } from '../../db/user-sync-data-repository';

export interface LinkedListStatus {
  listName: string;
  projectId: string | null;
  projectName: string | null;
  projectStatus: string | null;
  isDefault: boolean;
  isActive: boolean;
  paused: boolean;
}

export type QueueCounts = Record<Exclude<JobStatus, never>, number>;

export interface OutlookStatus {
  connected: boolean;
  /** Microsoft is the bundled emulator on this server. */
  sandbox: boolean;
  account: { email: string | null; displayName: string | null; isSandbox: boolean; connectedAt: string } | null;
  needsReconnect: boolean;
  needsReconnectReason: string | null;
  lists: LinkedListStatus[];
  queue: QueueCounts;
  lastSyncAt: string | null;
  lastError: { message: string; at: string | null } | null;
}

const EMPTY_QUEUE: QueueCounts = { pending: 0, processing: 0, completed: 0, failed: 0, skipped: 0 };

export async function getOutlookStatus(db: Executor, userId: string, options: { sandbox: boolean }): Promise<OutlookStatus> {
  const connection = await findConnection(db, userId);
  const queue = await readQueueCounts(db, userId);
  if (!connection) {
    return { connected: false, sandbox: options.sandbox, account: null, needsReconnect: false, needsReconnectReason: null, lists: [], queue, lastSyncAt: null, lastError: null };
  }
  const [lists, lastJob, lastFailure] = await Promise.all([readLists(db, userId), findLastCompletedJobAt(db, userId), findLastFailedJob(db, userId)]);
  return {
    connected: true,
    sandbox: options.sandbox,
    account: {
      email: connection.email,
      displayName: connection.display_name,
      isSandbox: connection.is_sandbox,
      connectedAt: iso(connection.created_at)!,
    },
    needsReconnect: connection.needs_reconnect,
    needsReconnectReason: connection.needs_reconnect_reason,
    lists,
    queue,
    lastSyncAt: latest(iso(connection.last_sync_at), iso(connection.last_full_sync_at), iso(lastJob)),
    lastError: pickLastError(connection, lastFailure),
  };
}

async function readQueueCounts(db: Executor, userId: string): Promise<QueueCounts> {
  const counts = { ...EMPTY_QUEUE };
  for (const r of await countUserJobsByStatus(db, userId)) counts[r.status] = r.count;
  return counts;
}

async function readLists(db: Executor, userId: string): Promise<LinkedListStatus[]> {
  const rows = await listLinkedLists(db, userId);
  return rows.map((r) => ({
    listName: r.graph_list_name,
    projectId: r.project_id,
    projectName: r.project_name,
    projectStatus: r.project_status,
    isDefault: r.is_default,
    isActive: r.is_active,
    paused: r.sync_paused_at !== null,
  }));
}

function pickLastError(
  connection: { last_error: string | null; last_error_at: Date | null },
  failed: { last_error: string | null; updated_at: Date } | undefined,
): OutlookStatus['lastError'] {
  const candidates = [
    connection.last_error ? { message: connection.last_error, at: iso(connection.last_error_at) } : null,
    failed?.last_error ? { message: failed.last_error, at: iso(failed.updated_at) } : null,
  ].filter((c): c is { message: string; at: string | null } => c !== null);
  candidates.sort((a, b) => (b.at ?? '').localeCompare(a.at ?? ''));
  return candidates[0] ?? null;
}

function iso(value: Date | string | null | undefined): string | null {
  if (!value) return null;
  return new Date(value).toISOString();
}

function latest(...values: (string | null)[]): string | null {
  const present = values.filter((v): v is string => Boolean(v)).sort();
  return present.at(-1) ?? null;
}
