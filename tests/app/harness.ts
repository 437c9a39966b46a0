/**
 * Test harness for the Planner app layer: points the process database (getDb)
 * at a test database, so route handlers and server code run unchanged, and signs
 * users up through Better Auth to get real session cookies.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Database } from '../../src/db/client';
import { authFor } from '../../src/server/auth/auth';

const DB_KEY = Symbol.for('planner.database');

/** Local-mode env for the app code under test (a temp data dir for generated secrets). */
export function useAppTestEnv(): void {
  process.env.PLANNER_DATA_DIR ??= mkdtempSync(path.join(tmpdir(), 'planner-app-test-'));
  process.env.NEXTAUTH_URL ??= 'http://localhost:3000';
  process.env.LOG_LEVEL ??= 'silent';
}

/** Makes getDb()/getDatabase() return `database` for code under test. */
export function installProcessDatabase(database: Database): void {
  (globalThis as Record<symbol, unknown>)[DB_KEY] = Promise.resolve(database);
}

export interface TestUser {
  id: string;
  email: string;
  name: string;
  /** `Cookie` header value carrying the session. */
  cookie: string;
}

let counter = 0;

/** Signs a new user up (email + password) and returns their session cookie. */
export async function signUpUser(database: Database, name = 'Test User'): Promise<TestUser> {
  counter += 1;
  const email = `user${counter}-${Date.now()}@example.com`;
  const auth = authFor(database.db);
  const { headers, response } = await auth.api.signUpEmail({
    body: { email, password: 'correct horse battery', name },
    returnHeaders: true,
  });
  const cookie = headers
    .getSetCookie()
    .map((c) => c.split(';')[0])
    .join('; ');
  return { id: response.user.id, email, name, cookie };
}

export function authHeaders(user: TestUser, extra: Record<string, string> = {}): Headers {
  return new Headers({ cookie: user.cookie, ...extra });
}
