/**
 * For tests that call route handlers in-process: sets the environment the app
 * reads (restored afterwards) and makes a test database the process database.
 */
import { afterAll, beforeAll } from 'vitest';
import { resetEnvCache } from '../../src/config/env';
import type { Database } from '../../src/db/client';

export const TEST_SYNC_SECRET = 'test-sync-job-secret-0123456789';
export const TEST_CRON_SECRET = 'test-vercel-cron-secret-0123456789';

const DATABASE_KEY = Symbol.for('planner.database');

export function useProcessEnv(vars: Record<string, string | undefined>) {
  const saved: Record<string, string | undefined> = {};
  beforeAll(() => {
    for (const [k, v] of Object.entries(vars)) {
      saved[k] = process.env[k];
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
    resetEnvCache();
  });
  afterAll(() => {
    for (const [k, v] of Object.entries(saved)) {
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
    resetEnvCache();
  });
}

/** Secrets for local mode, so parsing the env writes no secrets file. */
export const TEST_APP_ENV = {
  NEXTAUTH_SECRET: 'test-nextauth-secret-0123456789abcdef0123',
  OUTLOOK_SYNC_JOB_SECRET: TEST_SYNC_SECRET,
  CRON_SECRET: TEST_CRON_SECRET,
  TOKEN_ENCRYPTION_KEY: 'a'.repeat(64),
  DATABASE_URL: undefined,
  PLANNER_RUNNER: '0',
  LOG_LEVEL: 'warn',
};

/** Makes `database` what getDatabase() returns in this process (until `release`). */
export function setProcessDatabase(database: Database): () => void {
  const holder = globalThis as Record<symbol, unknown>;
  holder[DATABASE_KEY] = Promise.resolve(database);
  return () => {
    delete holder[DATABASE_KEY];
  };
}
