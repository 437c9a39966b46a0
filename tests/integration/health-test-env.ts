/**
 * Shared by the operations tests: a known environment (secrets, thresholds) and
 * the test database installed as the process database, so route handlers,
 * services and the CLI run against it in-process.
 */
import { resetEnvCache } from '../../src/config/env';
import type { Database } from '../../src/db/client';

export const OPS_SECRET = 'ops-test-secret-0123456789abcdef';

const DATABASE_KEY = Symbol.for('planner.database');
/** Process-wide caches built on the process database (Outlook deps hold the db they were made with). */
const DEPENDENT_KEYS = [Symbol.for('planner.outlook.deps')];

export function useOpsEnv(extra: Record<string, string | undefined> = {}): void {
  const values: Record<string, string | undefined> = {
    OUTLOOK_SYNC_JOB_SECRET: OPS_SECRET,
    NEXTAUTH_SECRET: 'n'.repeat(40),
    TOKEN_ENCRYPTION_KEY: 'a'.repeat(64),
    CRON_SECRET: undefined,
    LOG_LEVEL: 'silent',
    ...extra,
  };
  for (const [k, v] of Object.entries(values)) {
    if (v === undefined) delete process.env[k];
    else process.env[k] = v;
  }
  resetEnvCache();
}

/** Makes getDatabase()/getDb() return `database` in this process. */
export function installProcessDatabase(database: Database): void {
  uninstallProcessDatabase();
  (globalThis as Record<symbol, unknown>)[DATABASE_KEY] = Promise.resolve(database);
}

export function uninstallProcessDatabase(): void {
  for (const key of [DATABASE_KEY, ...DEPENDENT_KEYS]) delete (globalThis as Record<symbol, unknown>)[key];
}

export function bearer(secret = OPS_SECRET): HeadersInit {
  return { authorization: `Bearer ${secret}` };
}
