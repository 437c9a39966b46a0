/**
 * supabase/schema.sql is the schema the migrations produce: a fresh database on
 * TEST_DATABASE_URL's server, migrated from empty and dumped with pg_dump, must
 * print exactly the committed file. When this fails after adding a migration,
 * run `npm run db:snapshot` and commit supabase/schema.sql with it.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { dumpMigratedSchema, normaliseSchemaDump, SCHEMA_SNAPSHOT_PATH } from '../../src/db/schema-snapshot';
import { POSTGRES_SKIP_REASON, TEST_DATABASE_URL } from '../helpers/db';

describe('normaliseSchemaDump', () => {
  it('drops what differs between two dumps of one schema: version lines and the \\restrict key', () => {
    const dump = (key: string, version: string) =>
      [
        '--',
        '-- PostgreSQL database dump',
        '--',
        '',
        `\\restrict ${key}`,
        '',
        `-- Dumped from database version ${version}`,
        `-- Dumped by pg_dump version ${version}`,
        '',
        'CREATE TABLE public.t (id integer);',
        '',
        '',
        '',
        '--',
        '-- PostgreSQL database dump complete',
        '--',
        '',
        `\\unrestrict ${key}`,
        '',
      ].join('\n');
    const a = normaliseSchemaDump(dump('abc', '15.20'));
    expect(a).toBe(normaliseSchemaDump(dump('xyz', '15.21')));
    expect(a).toContain('CREATE TABLE public.t (id integer);');
    expect(a).not.toMatch(/restrict|Dumped|database dump/);
    expect(a).not.toMatch(/\n\n\n/);
  });
});

describe.skipIf(POSTGRES_SKIP_REASON)(`supabase/schema.sql${POSTGRES_SKIP_REASON ? ` (skipped: ${POSTGRES_SKIP_REASON})` : ''}`, () => {
  it('is what the migrations produce (else: npm run db:snapshot, and commit it)', async () => {
    const committed = readFileSync(SCHEMA_SNAPSHOT_PATH, 'utf8');
    const fresh = await dumpMigratedSchema(TEST_DATABASE_URL!);
    expect(fresh, 'supabase/schema.sql drifted from supabase/migrations: run npm run db:snapshot').toBe(committed);
  });
});
