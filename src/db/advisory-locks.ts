/**
 * Every Postgres advisory-lock key Planner takes, in one place. The numbers are
 * arbitrary but fixed: every Planner process (and every test run) must agree on
 * them, and no two purposes may share one. They live in the 7_221_305_5xx range.
 */

/** Session lock held while `migrate` applies migrations (src/db/migrate.ts). */
export const MIGRATION_LOCK_KEY = 7_221_305_501;

/** Session lock held while a test run builds its migrated template database (tests/helpers/db.ts). */
export const TEST_TEMPLATE_LOCK_KEY = 7_221_305_502;

/**
 * Retired: the transaction lock that serialised every `claim_task_sync_jobs` up to its
 * third version (`perform pg_advisory_xact_lock(7221305510)` in the migrations before
 * 20251203000000). The live claim takes no global lock: claimers lock users' rows in
 * task_sync_user_turns with SKIP LOCKED (decision 0045); tests/db/advisory-locks.test.ts
 * checks it. The number stays reserved so no other purpose reuses it.
 */
export const CLAIM_LOCK_KEY = 7_221_305_510;

/**
 * Transaction lock, per user, around re-provisioning the default "Planner" list
 * (src/server/push/push-lists.ts). Keyed by `hashtext(<this prefix><userId>)`.
 */
export const INBOX_LIST_LOCK_PREFIX = 'planner.inbox-list:';

/** The key of the per-user inbox-list lock: pass it to `pg_advisory_xact_lock(hashtext($1))`. */
export function inboxListLockName(userId: string): string {
  return `${INBOX_LIST_LOCK_PREFIX}${userId}`;
}
