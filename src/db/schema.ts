/** Kysely table types, kept by hand in step with supabase/migrations (checked by tests/db/schema-types.test.ts). */
import type { ColumnType, Generated, Insertable, Selectable, Updateable } from 'kysely';

type Timestamp = ColumnType<Date, Date | string, Date | string>;
type CreatedAt = ColumnType<Date, Date | string | undefined, never>;
type UpdatedAt = ColumnType<Date, Date | string | undefined, Date | string>;
type Json = ColumnType<unknown, string | unknown, string | unknown>;

export type ProjectStatus = 'Active' | 'Completed' | 'Cancelled';
export type ProjectOrigin = 'planner' | 'todo';
export type LeftOutReason = 'existed-at-connect' | 'setting-off' | 'name-taken' | 'former-inbox' | 'project-deleted';
export type Priority = 'low' | 'normal' | 'high';
/** To Do's open statuses (tasks.status); `completed` is the done flag. */
export type TaskStatus = 'notStarted' | 'inProgress' | 'waitingOnOthers' | 'deferred';
/** One subtask (To Do step) in tasks.steps. */
export interface TaskStep {
  id: string;
  title: string;
  checked: boolean;
  checked_at: string | null;
}
/** One synced step pair in task_sync_state.steps_base. */
export interface StepBaseRow {
  id: string;
  graphId: string;
  title: string;
  checked: boolean;
}
export type JobAction = 'create' | 'update' | 'delete' | 'full_sync' | 'project_sync' | 'project_delete';
export type JobStatus = 'pending' | 'processing' | 'completed' | 'failed' | 'skipped';

export interface ProjectsTable {
  id: Generated<string>;
  user_id: string;
  name: string;
  status: Generated<ProjectStatus>;
  position: Generated<number>;
  /** Where the project was made: in Planner, or from a list someone created in To Do (decision 0060). */
  origin: Generated<ProjectOrigin>;
  created_at: CreatedAt;
  updated_at: UpdatedAt;
}

export interface TasksTable {
  id: Generated<string>;
  user_id: string;
  project_id: string | null;
  title: string;
  notes: Generated<string>;
  /** 'YYYY-MM-DD' (date-only; pg type parser returns it as a string). */
  due_date: string | null;
  priority: Generated<Priority>;
  completed: Generated<boolean>;
  completed_at: Timestamp | null;
  status: Generated<TaskStatus>;
  /** 'YYYY-MM-DD' (date-only). */
  start_date: string | null;
  categories: Generated<string[]>;
  reminder_at: Timestamp | null;
  /** src/sync/recurrence.ts's Recurrence, or null. */
  recurrence: Json | null;
  steps: ColumnType<TaskStep[], string | undefined, string>;
  position: Generated<number>;
  version: Generated<number>;
  deleted_at: Timestamp | null;
  created_at: CreatedAt;
  updated_at: UpdatedAt;
}

export interface OutlookConnectionsTable {
  id: Generated<string>;
  user_id: string;
  microsoft_account_id: string;
  email: string | null;
  display_name: string | null;
  planner_list_id: string | null;
  refresh_token_secret: string | null;
  access_token: string | null;
  access_token_expires_at: Timestamp | null;
  token_version: Generated<number>;
  delta_token: string | null;
  subscription_id: string | null;
  subscription_expiration: Timestamp | null;
  needs_reconnect: Generated<boolean>;
  needs_reconnect_reason: string | null;
  is_sandbox: Generated<boolean>;
  last_sync_at: Timestamp | null;
  last_full_sync_at: Timestamp | null;
  last_error: string | null;
  last_error_at: Timestamp | null;
  /** Graph throttled this mailbox: no job of the user is claimed before this instant. */
  throttled_until: Timestamp | null;
  /** When a genuine change notification for one of the user's subscriptions last arrived (the safety net's health). */
  last_notification_at: Timestamp | null;
  /** When the lists delta last ran (a targeted pull runs it only when this is old). */
  lists_pulled_at: Timestamp | null;
  created_at: CreatedAt;
  updated_at: UpdatedAt;
}

export interface ProjectOutlookListsTable {
  id: Generated<string>;
  user_id: string;
  project_id: string | null;
  is_default: Generated<boolean>;
  graph_list_id: string;
  graph_list_name: string;
  is_active: Generated<boolean>;
  subscription_id: string | null;
  subscription_expires_at: Timestamp | null;
  subscription_client_state: string | null;
  delta_token: string | null;
  sync_paused_at: Timestamp | null;
  sync_paused_reason: string | null;
  last_synced_at: Timestamp | null;
  /** Set by a reauthorizationRequired lifecycle event; cleared once renewed. */
  subscription_renew_requested_at: Timestamp | null;
  /** Upkeep's lease and back-off: when it last took this mapping's subscription in hand. */
  subscription_attempted_at: Timestamp | null;
  /** The last subscription failure (create/renew), cleared by the next success. */
  subscription_error: string | null;
  subscription_failed_at: Timestamp | null;
  created_at: CreatedAt;
  updated_at: UpdatedAt;
}

export interface TaskSyncStateTable {
  id: Generated<string>;
  user_id: string;
  task_id: string;
  graph_task_id: string | null;
  graph_list_id: string | null;
  graph_etag: string | null;
  last_sync_direction: 'push' | 'pull' | null;
  snapshot: Json | null;
  snapshot_hash: string | null;
  synced_version: Generated<number>;
  remote_modified_at: Timestamp | null;
  last_synced_at: Timestamp | null;
  last_error: string | null;
  /** A create POST into this list may have gone through: search it by externalId before posting again. */
  pending_create_list_id: string | null;
  pending_create_at: Timestamp | null;
  /** The copy answered 404 to a PATCH at this time; the push waits for a full_sync to say moved or gone. */
  copy_missing_at: Timestamp | null;
  /** The steps as last synced ([{id, graphId, title, checked}]); null = never synced (issue 16). */
  steps_base: ColumnType<StepBaseRow[] | null, string | null | undefined, string | null>;
  created_at: CreatedAt;
  updated_at: UpdatedAt;
}

export interface TaskSyncJobsTable {
  /** bigint identity; pg returns it as a string. */
  id: ColumnType<string, never, never>;
  user_id: string;
  task_id: string | null;
  project_id: string | null;
  action: JobAction;
  status: Generated<JobStatus>;
  priority: Generated<number>;
  attempts: Generated<number>;
  max_attempts: Generated<number>;
  /** Throttled retries (429, 503 with Retry-After): counted in attempts, not held against max_attempts. */
  throttle_count: Generated<number>;
  last_error: string | null;
  last_error_code: string | null;
  payload: ColumnType<Record<string, unknown>, Record<string, unknown> | string | undefined, Record<string, unknown> | string>;
  scheduled_at: ColumnType<Date, Date | string | undefined, Date | string>;
  worker_id: string | null;
  picked_at: Timestamp | null;
  locked_until: Timestamp | null;
  completed_at: Timestamp | null;
  result: Json | null;
  /** A full_sync was asked for while this one was processing: a follow-up is queued when it ends. */
  follow_up_requested_at: Timestamp | null;
  created_at: CreatedAt;
  updated_at: UpdatedAt;
}

/**
 * The claim's ready table and fairness bookkeeping (migration 20251203000000, decision 0045):
 * one row per user who may have work, kept by triggers on task_sync_jobs and made exact
 * by claim_task_sync_jobs.
 */
export interface TaskSyncUserTurnsTable {
  user_id: string;
  /** When a claim last served the user; null = not served since it last had work (first in the round). */
  last_claimed_at: Timestamp | null;
  /** The user's best pending priority (never worse than the truth). */
  priority: Generated<number>;
  /** When the user is next worth looking at (never later than the truth). */
  ready_at: Generated<Timestamp>;
}

export interface PlannerSecretsTable {
  id: Generated<string>;
  name: string | null;
  description: string | null;
  ciphertext: Buffer;
  created_at: CreatedAt;
  updated_at: UpdatedAt;
}

export type AlertSeverity = 'info' | 'warning' | 'critical';

export interface OpsAlertStateTable {
  code: string;
  severity: AlertSeverity;
  message: string;
  count: number | null;
  fired_at: ColumnType<Date, Date | string | undefined, Date | string>;
  resolved_at: Timestamp | null;
  notify_count: Generated<number>;
  updated_at: UpdatedAt;
}

export interface OpsMetricSamplesTable {
  metric: string;
  label: Generated<string>;
  bucket_start: Timestamp;
  value: number;
}

/** Better Auth's user model (supabase/migrations/20251102000000_auth_tables.sql). */
export interface UsersTable {
  id: string;
  name: string;
  email: string;
  email_verified: Generated<boolean>;
  image: string | null;
  created_at: CreatedAt;
  updated_at: UpdatedAt;
}

export interface AuthSessionsTable {
  id: string;
  user_id: string;
  token: string;
  expires_at: Timestamp;
  ip_address: string | null;
  user_agent: string | null;
  created_at: CreatedAt;
  updated_at: UpdatedAt;
}

export interface AuthAccountsTable {
  id: string;
  user_id: string;
  account_id: string;
  provider_id: string;
  access_token: string | null;
  refresh_token: string | null;
  id_token: string | null;
  access_token_expires_at: Timestamp | null;
  refresh_token_expires_at: Timestamp | null;
  scope: string | null;
  password: string | null;
  created_at: CreatedAt;
  updated_at: UpdatedAt;
}

export interface AuthVerificationsTable {
  id: string;
  identifier: string;
  value: string;
  expires_at: Timestamp;
  created_at: CreatedAt;
  updated_at: UpdatedAt;
}

export interface OauthStatesTable {
  /** SHA-256 (hex) of the OAuth state; the state itself is never stored. */
  state_hash: string;
  user_id: string;
  /** SHA-256 (hex) of the session the flow started in. */
  session_hash: string;
  /** PKCE code_verifier, encrypted (AES-256-GCM). */
  code_verifier: string;
  created_at: CreatedAt;
  expires_at: Timestamp;
  used_at: Timestamp | null;
}

/** A synced field both sides changed, or 'deleted': one side deleted the task, the other edited it (the edit won). */
export type ConflictField =
  | 'title'
  | 'notes'
  | 'due_date'
  | 'priority'
  | 'completed'
  | 'deleted'
  | 'status'
  | 'start_date'
  | 'categories'
  | 'reminder_at'
  | 'recurrence'
  | 'steps';

/** The pull's conflict log (supabase/migrations/20251106000000_sync_conflicts.sql). */
export interface SyncConflictsTable {
  id: Generated<string>;
  user_id: string;
  task_id: string;
  graph_task_id: string | null;
  field: ConflictField;
  base_value: Json | null;
  local_value: Json | null;
  remote_value: Json | null;
  winner: 'local' | 'remote';
  local_modified_at: Timestamp | null;
  remote_modified_at: Timestamp | null;
  resolved_at: Timestamp | null;
  resolution: 'kept' | 'undone' | null;
  created_at: CreatedAt;
  updated_at: UpdatedAt;
}

/** Operators allowed on /admin (supabase/migrations/20251202000000_planner_admins.sql). */
export interface PlannerAdminsTable {
  user_id: string;
  /** Who granted it: `cli` for `npm run planner -- admin grant`. */
  granted_by: string;
  granted_at: CreatedAt;
}

export interface SchemaMigrationsTable {
  name: string;
  checksum: string;
  applied_at: CreatedAt;
}

/**
 * The whole schema: every table of supabase/schema.sql, each column with its
 * nullability. tests/db/schema-types.test.ts compares this file with a migrated
 * database, so a migration that adds or changes a column fails until it is here.
 */
/** Planner's Inbox is To Do's built-in "Tasks" list, or a list of its own. */
export type InboxList = 'todo-default' | 'planner-inbox';

/** Per-user settings of issue 16 (supabase/migrations/20251207000100_full_fidelity_tasks.sql). */
export interface UserSettingsTable {
  user_id: string;
  /** IANA zone; null = not chosen (UTC). */
  time_zone: string | null;
  lists_become_projects: Generated<boolean>;
  inbox_list: Generated<InboxList>;
  created_at: CreatedAt;
  updated_at: UpdatedAt;
}

/** To Do lists Planner leaves alone: never made into projects (decision 0060). */
export interface OutlookListsLeftOutTable {
  user_id: string;
  graph_list_id: string;
  reason: LeftOutReason;
  created_at: CreatedAt;
}

export interface DB {
  projects: ProjectsTable;
  user_settings: UserSettingsTable;
  outlook_lists_left_out: OutlookListsLeftOutTable;
  tasks: TasksTable;
  outlook_connections: OutlookConnectionsTable;
  project_outlook_lists: ProjectOutlookListsTable;
  task_sync_state: TaskSyncStateTable;
  task_sync_jobs: TaskSyncJobsTable;
  task_sync_user_turns: TaskSyncUserTurnsTable;
  planner_secrets: PlannerSecretsTable;
  oauth_states: OauthStatesTable;
  planner_schema_migrations: SchemaMigrationsTable;
  users: UsersTable;
  auth_sessions: AuthSessionsTable;
  auth_accounts: AuthAccountsTable;
  auth_verifications: AuthVerificationsTable;
  ops_alert_state: OpsAlertStateTable;
  ops_metric_samples: OpsMetricSamplesTable;
  sync_conflicts: SyncConflictsTable;
  planner_admins: PlannerAdminsTable;
}

export type Project = Selectable<ProjectsTable>;
export type NewProject = Insertable<ProjectsTable>;
export type ProjectUpdate = Updateable<ProjectsTable>;
export type Task = Selectable<TasksTable>;
export type NewTask = Insertable<TasksTable>;
export type TaskUpdate = Updateable<TasksTable>;
export type OutlookConnection = Selectable<OutlookConnectionsTable>;
export type ProjectOutlookList = Selectable<ProjectOutlookListsTable>;
export type TaskSyncState = Selectable<TaskSyncStateTable>;
export type TaskSyncJob = Selectable<TaskSyncJobsTable>;
export type User = Selectable<UsersTable>;
export type SyncConflict = Selectable<SyncConflictsTable>;
