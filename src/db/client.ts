/**
 * One interface over two engines: node-postgres (DATABASE_URL) or embedded PGlite.
 * Both run the same migrations and the same Kysely queries.
 */
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { pgcrypto } from '@electric-sql/pglite/contrib/pgcrypto';
import { Kysely, PGliteDialect, PostgresDialect, type Transaction } from 'kysely';
import pg from 'pg';
import type { DB } from './schema';

export type Engine = 'pglite' | 'postgres';
export type Db = Kysely<DB>;
export type Tx = Transaction<DB>;
/** Anything that can run queries: the pool or an open transaction. */
export type Executor = Db | Tx;

export interface Database {
  readonly db: Db;
  readonly engine: Engine;
  /** Runs a multi-statement SQL script (migrations) outside any parameters. */
  execScript(sql: string): Promise<void>;
  /** Runs `fn` on one dedicated session (advisory locks, LISTEN). */
  withSession<T>(fn: (run: (sql: string, params?: unknown[]) => Promise<{ rows: Record<string, unknown>[] }>) => Promise<T>): Promise<T>;
  /** PGlite only: a tarball of the data directory (to clone migrated test templates). */
  dumpDataDir?(): Promise<Blob>;
  /** Subscribes to NOTIFY on `channel`; returns an unsubscribe function. */
  listen(channel: string, onPayload: (payload: string) => void): Promise<() => Promise<void>>;
  close(): Promise<void>;
}

export interface OpenOptions {
  /** Postgres URL; when absent, PGlite is used. */
  url?: string;
  /** PGlite data directory; `memory://` or undefined = in memory. */
  dataDir?: string;
  /** PGlite: start from a dumped data dir (fast test templates). */
  loadDataDir?: Blob | File;
  /** Key for pgcrypto-encrypted secrets (app.token_encryption_key). */
  secretKey?: string;
  /** Pool size for Postgres. */
  maxConnections?: number;
}

// node-postgres: keep DATE as 'YYYY-MM-DD' (never shift a date-only value through a JS Date),
// and bigint as string.
pg.types.setTypeParser(1082, (v: string) => v);

function sslFor(url: string): pg.PoolConfig['ssl'] {
  const mode = new URL(url).searchParams.get('sslmode');
  if (!mode || mode === 'disable') return undefined;
  // Supabase poolers present certificates Node cannot verify without their CA.
  return mode === 'verify-full' || mode === 'verify-ca' ? { rejectUnauthorized: true } : { rejectUnauthorized: false };
}

export async function openDatabase(options: OpenOptions = {}): Promise<Database> {
  return options.url ? openPostgres(options.url, options) : openPglite(options);
}

async function openPostgres(url: string, options: OpenOptions): Promise<Database> {
  const parsed = new URL(url);
  parsed.searchParams.delete('sslmode');
  const pool = new pg.Pool({
    connectionString: parsed.toString(),
    ssl: sslFor(url),
    max: options.maxConnections ?? 10,
    application_name: 'planner',
  });
  if (options.secretKey) {
    const key = options.secretKey;
    pool.on('connect', (client) => {
      client.query("select set_config('app.token_encryption_key', $1, false)", [key]).catch(() => {});
    });
  }
  const db = new Kysely<DB>({ dialect: new PostgresDialect({ pool }) });
  return {
    db,
    engine: 'postgres',
    async execScript(sql) {
      const client = await pool.connect();
      try {
        await client.query(sql);
      } finally {
        client.release();
      }
    },
    async withSession(fn) {
      const client = await pool.connect();
      try {
        return await fn((sql, params) => client.query(sql, params as unknown[]));
      } finally {
        client.release();
      }
    },
    async listen(channel, onPayload) {
      const client = new pg.Client({ connectionString: parsed.toString(), ssl: sslFor(url) });
      await client.connect();
      client.on('notification', (msg) => {
        if (msg.channel === channel) onPayload(msg.payload ?? '');
      });
      client.on('error', () => {});
      await client.query(`listen ${pg.escapeIdentifier(channel)}`);
      return async () => {
        await client.end().catch(() => {});
      };
    },
    async close() {
      await db.destroy();
      // Kysely ends the pool only if it ran a query itself; withSession/execScript may not have.
      if (!pool.ended) await pool.end();
    },
  };
}

async function openPglite(options: OpenOptions): Promise<Database> {
  const dataDir = options.dataDir && options.dataDir !== 'memory://' ? path.resolve(options.dataDir) : undefined;
  if (dataDir) mkdirSync(dataDir, { recursive: true });
  const pglite = await PGlite.create({
    dataDir,
    extensions: { pgcrypto },
    loadDataDir: options.loadDataDir,
    // Same value shapes as node-postgres: DATE stays 'YYYY-MM-DD', int8 is a string.
    parsers: { 1082: (v: string) => v, 20: (v: string) => v },
  });
  if (options.secretKey) {
    await pglite.query("select set_config('app.token_encryption_key', $1, false)", [options.secretKey]);
  }
  const db = new Kysely<DB>({ dialect: new PGliteDialect({ pglite }) });
  return {
    db,
    engine: 'pglite',
    async execScript(sql) {
      await pglite.exec(sql);
    },
    async withSession(fn) {
      return fn(async (sql, params) => {
        const r = await pglite.query<Record<string, unknown>>(sql, params as unknown[]);
        return { rows: r.rows };
      });
    },
    async listen(channel, onPayload) {
      return pglite.listen(channel, onPayload);
    },
    async dumpDataDir() {
      return pglite.dumpDataDir('none');
    },
    async close() {
      await db.destroy();
      if (!pglite.closed) await pglite.close();
    },
  };
}
