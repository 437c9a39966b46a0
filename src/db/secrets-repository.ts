/**
 * Refresh tokens at rest, through the public.vault_*_secret functions (Supabase
 * Vault in production, pgcrypto under app.token_encryption_key elsewhere;
 * supabase/migrations/20250920000000_vault_functions.sql).
 */
import { sql } from 'kysely';
import type { Executor } from './client';

/** Stores the user's Outlook refresh token; returns the secret's id. */
export async function createRefreshTokenSecret(ex: Executor, userId: string, refreshToken: string): Promise<string> {
  const result = await sql<{ id: string }>`select public.vault_create_secret(${refreshToken}, ${`outlook_refresh_token:${userId}`}, ${'Outlook refresh token'}) as id`.execute(ex);
  return result.rows[0].id;
}

export async function readSecret(ex: Executor, secretId: string): Promise<string | null> {
  const result = await sql<{ secret: string | null }>`select public.vault_get_secret(${secretId}::uuid) as secret`.execute(ex);
  return result.rows[0]?.secret ?? null;
}

export async function updateSecret(ex: Executor, secretId: string, value: string): Promise<void> {
  await sql`select public.vault_update_secret(${secretId}::uuid, ${value})`.execute(ex);
}

export async function deleteSecret(ex: Executor, secretId: string): Promise<void> {
  await sql`select public.vault_delete_secret(${secretId}::uuid)`.execute(ex);
}
