/**
 * supabase/schema.sql: the schema that supabase/migrations produce, as pg_dump
 * prints it, committed so a review shows what a migration really changes and a
 * test (tests/db/schema-snapshot.test.ts) fails when the two drift apart.
 *
 * The dump is taken from a scratch database (planner_snapshot_<random>) created
 * on a Postgres server, migrated from empty, dumped and dropped. pg_dump must be
 * the server's major version: the same binary (`pg_dump` on PATH) serves
 * `npm run db:snapshot` and the test, and a mismatch is an error, not a diff.
 */
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { promisify } from 'node:util';
import pg from 'pg';
import { openDatabase } from './client';
import { migrate, readMigrations, type Migration } from './migrate';

const run = promisify(execFile);

export const SCHEMA_SNAPSHOT_PATH = path.resolve(process.cwd(), 'supabase/schema.sql');
export const PG_DUMP_BINARY = 'pg_dump';

const HEADER = [
  '-- supabase/schema.sql: the schema supabase/migrations/*.sql produce (pg_dump --schema-only',
  '-- of a freshly migrated database, normalised). Generated: do not edit. After adding a',
  '-- migration run `npm run db:snapshot` and commit this file with it (decision 0044).',
  '',
].join('\n');

/** Removes what changes between two dumps of the same schema: version lines, the \restrict key. */
export function normaliseSchemaDump(dump: string): string {
  const lines = dump
    .replace(/\r\n/g, '\n')
    .split('\n')
    .filter((line) => !/^\\(un)?restrict\b/.test(line))
    .filter((line) => !/^-- (Dumped from database version|Dumped by pg_dump version|PostgreSQL database dump)/.test(line));
  const body = lines
    .join('\n')
    .replace(/^(--\n)+/, '') // the header comment box, now empty
    .replace(/\n--\n(--\n)*\s*$/, '\n') // and the footer's
    .replace(/\n{3,}/g, '\n\n')
    .trim();
  return `${HEADER}\n${body}\n`;
}

function databaseUrl(serverUrl: string, name: string): string {
  const u = new URL(serverUrl);
  u.pathname = `/${name}`;
  return u.toString();
}

function majorOf(versionText: string): number {
  const match = /(\d+)(?:\.\d+)?/.exec(versionText);
  if (!match) throw new Error(`Cannot read a version number from "${versionText}"`);
  return Number(match[1]);
}

/** Fails unless `pg_dump` on PATH has the server's major version (a different pg_dump prints a different dump). */
export async function assertPgDumpMatchesServer(serverUrl: string, binary = PG_DUMP_BINARY): Promise<void> {
  let clientVersion: string;
  try {
    clientVersion = (await run(binary, ['--version'])).stdout.trim();
  } catch (error) {
    throw new Error(`${binary} is not installed or not on PATH (apt-get install postgresql-client-<server major>): ${(error as Error).message}`);
  }
  const client = new pg.Client({ connectionString: databaseUrl(serverUrl, 'postgres') });
  await client.connect();
  try {
    const { rows } = await client.query<{ server_version: string }>('show server_version');
    const server = majorOf(rows[0].server_version);
    const dump = majorOf(clientVersion.replace(/^\D+/, ''));
    if (server !== dump) {
      throw new Error(`${binary} is version ${dump} ("${clientVersion}") but the server is ${server}: use the server's pg_dump`);
    }
  } finally {
    await client.end();
  }
}

/** Runs pg_dump --schema-only on `url`, without owners, grants or tablespaces. */
export async function dumpSchema(url: string, binary = PG_DUMP_BINARY): Promise<string> {
  const { stdout } = await run(
    binary,
    ['--schema-only', '--no-owner', '--no-privileges', '--no-tablespaces', '--dbname', url],
    { maxBuffer: 64 * 1024 * 1024 },
  );
  return normaliseSchemaDump(stdout);
}

/**
 * Creates planner_snapshot_<random> on the server of `serverUrl`, applies
 * `migrations` from empty, dumps its schema, and drops it again.
 */
export async function dumpMigratedSchema(serverUrl: string, migrations: Migration[] = readMigrations()): Promise<string> {
  await assertPgDumpMatchesServer(serverUrl);
  const name = `planner_snapshot_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: databaseUrl(serverUrl, 'postgres') });
  await admin.connect();
  try {
    await admin.query(`create database ${pg.escapeIdentifier(name)}`);
    try {
      const database = await openDatabase({ url: databaseUrl(serverUrl, name), maxConnections: 1 });
      try {
        await migrate(database, migrations);
      } finally {
        await database.close();
      }
      return await dumpSchema(databaseUrl(serverUrl, name));
    } finally {
      await admin.query(`drop database if exists ${pg.escapeIdentifier(name)} with (force)`);
    }
  } finally {
    await admin.end();
  }
}
