/**
 * vault_create_secret / vault_update_secret / vault_get_secret round-trip a
 * secret, and what is stored (planner_secrets.ciphertext) never contains it.
 */
import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/db/client';
import { migrate } from '../../src/db/migrate';
import { testEngines, useTestDatabase } from '../helpers/db';

const SECRET = 'M.C533_BAY.0.U.-refresh-token-Cg8pEn6Uv0xq!*';
const ROTATED = 'M.C533_BAY.0.U.-rotated-token-Zz93kLq';

describe.each(testEngines())('vault functions on %s', (engine) => {
  const t = useTestDatabase(engine);

  async function create(secret: string): Promise<string> {
    const { rows } = await sql<{ id: string }>`select vault_create_secret(${secret}, 'refresh', 'test') as id`.execute(t.db);
    return rows[0].id;
  }
  async function read(id: string): Promise<string | null> {
    const { rows } = await sql<{ value: string | null }>`select vault_get_secret(${id}::uuid) as value`.execute(t.db);
    return rows[0].value;
  }
  async function storedBytes(id: string): Promise<Buffer> {
    const row = await t.db.selectFrom('planner_secrets').select('ciphertext').where('id', '=', id).executeTakeFirstOrThrow();
    return Buffer.from(row.ciphertext);
  }

  it('round-trips a secret, and the stored bytes do not contain it', async () => {
    const id = await create(SECRET);
    expect(await read(id)).toBe(SECRET);
    const bytes = await storedBytes(id);
    expect(bytes.length).toBeGreaterThan(0);
    for (const encoding of ['utf8', 'utf16le', 'latin1'] as const) {
      expect(bytes.includes(Buffer.from(SECRET, encoding))).toBe(false);
    }
    expect(bytes.toString('hex')).not.toContain(Buffer.from(SECRET).toString('hex'));
    expect(bytes.toString('base64')).not.toContain(Buffer.from(SECRET).toString('base64').slice(0, 20));
  });

  it('the same secret stored twice gives different bytes (salted)', async () => {
    const one = await storedBytes(await create(SECRET));
    const two = await storedBytes(await create(SECRET));
    expect(one.equals(two)).toBe(false);
  });

  it('vault_update_secret replaces the secret in place', async () => {
    const id = await create(SECRET);
    const before = await storedBytes(id);
    await sql`select vault_update_secret(${id}::uuid, ${ROTATED})`.execute(t.db);
    expect(await read(id)).toBe(ROTATED);
    const after = await storedBytes(id);
    expect(after.equals(before)).toBe(false);
    expect(after.includes(Buffer.from(ROTATED))).toBe(false);
  });

  it('updating a secret that does not exist is an error, reading one gives null', async () => {
    const missing = '00000000-0000-4000-8000-000000000000';
    await expect(sql`select vault_update_secret(${missing}::uuid, 'x')`.execute(t.db)).rejects.toThrow(/no secret/);
    expect(await read(missing)).toBeNull();
  });

  it('a null secret is refused', async () => {
    await expect(sql`select vault_create_secret(null)`.execute(t.db)).rejects.toThrow(/must not be null/);
  });
});

describe('vault functions without an encryption key', () => {
  it('refuse to store anything rather than store it unencrypted', async () => {
    const database = await openDatabase({});
    try {
      await migrate(database);
      await expect(sql`select vault_create_secret('plain')`.execute(database.db)).rejects.toThrow(/token_encryption_key is not set/);
      const { rows } = await sql`select count(*)::int as n from planner_secrets`.execute(database.db);
      expect(rows[0]).toEqual({ n: 0 });
    } finally {
      await database.close();
    }
  });
});
