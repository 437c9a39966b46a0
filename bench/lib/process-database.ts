/**
 * Makes a bench database what the app's getDatabase() returns in this process, so
 * route handlers and services run unchanged against it (the same globalThis slot
 * src/db/index.ts uses).
 */
import type { Database } from '../../src/db/client';

const DATABASE_KEY = Symbol.for('planner.database');

export function useAsProcessDatabase(database: Database): () => void {
  const holder = globalThis as Record<symbol, unknown>;
  holder[DATABASE_KEY] = Promise.resolve(database);
  return () => {
    delete holder[DATABASE_KEY];
  };
}
