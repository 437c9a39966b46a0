/**
 * The advisory-lock keys of src/db/advisory-locks.ts are distinct, and the live
 * claim_task_sync_jobs takes no advisory lock (claimers must not serialise on one;
 * decision 0045).
 */
import { describe, expect, it } from 'vitest';
import { CLAIM_LOCK_KEY, MIGRATION_LOCK_KEY, TEST_TEMPLATE_LOCK_KEY } from '../../src/db/advisory-locks';
import { testEngines, useTestDatabase } from '../helpers/db';

describe('advisory-lock keys', () => {
  it('are distinct', () => {
    const keys = [MIGRATION_LOCK_KEY, TEST_TEMPLATE_LOCK_KEY, CLAIM_LOCK_KEY];
    expect(new Set(keys).size).toBe(keys.length);
  });
});

describe.each(testEngines())('claim_task_sync_jobs on %s', (engine) => {
  const t = useTestDatabase(engine);
  it(`takes no advisory lock: not the retired CLAIM_LOCK_KEY (${CLAIM_LOCK_KEY}), nor any other one every claimer would share`, async () => {
    const { rows } = await t.database.withSession((run) =>
      run(`select prosrc from pg_proc p join pg_namespace n on n.oid = p.pronamespace
            where n.nspname = 'public' and p.proname = 'claim_task_sync_jobs'`),
    );
    expect(rows.length).toBeGreaterThan(0);
    for (const r of rows) expect(String(r.prosrc)).not.toMatch(/pg_advisory(_xact)?_lock/);
  });
});
