/**
 * A fresh migrated database for every test (not just every describe block), for
 * queue tests where one test's leftover jobs would be claimed by the next.
 */
import { afterEach, beforeEach } from 'vitest';
import type { Database, Engine } from '../../src/db/client';
import { createFreshDatabase, type FreshDatabase } from './db';

export function useDatabasePerTest(engine: Engine, options: { maxConnections?: number } = {}) {
  let fresh: FreshDatabase | undefined;
  beforeEach(async () => {
    fresh = await createFreshDatabase(engine, options);
  }, 60_000);
  afterEach(async () => {
    await fresh?.drop();
    fresh = undefined;
  });
  return {
    get database(): Database {
      if (!fresh) throw new Error('test database not ready');
      return fresh.database;
    },
    get db() {
      return this.database.db;
    },
    get url() {
      return fresh?.url;
    },
  };
}
