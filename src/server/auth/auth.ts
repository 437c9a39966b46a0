/**
 * Accounts: Better Auth over our own Kysely instance (docs/decisions/0006).
 *
 * Email + password (scrypt), sessions stored in `auth_sessions`, cookies signed
 * with NEXTAUTH_SECRET, NEXTAUTH_URL as the base URL (the guide's names). Better
 * Auth's models are mapped onto snake_case tables: users, auth_sessions,
 * auth_accounts, auth_verifications.
 */
import { randomUUID } from 'node:crypto';
import { betterAuth } from 'better-auth';
import { getEnv } from '../../config/env';
import type { Db } from '../../db/client';
import { checkAccountInput } from './account-input';
import { CLIENT_IP_HEADER } from './auth-throttle';
import { PASSWORD_MAX_LENGTH, PASSWORD_MIN_LENGTH } from './password-policy';

const TIMESTAMPS = { createdAt: 'created_at', updatedAt: 'updated_at' } as const;

export { PASSWORD_MAX_LENGTH, PASSWORD_MIN_LENGTH } from './password-policy';
const SESSION_LIFETIME_S = 60 * 60 * 24 * 30;
const SESSION_REFRESH_AFTER_S = 60 * 60 * 24;

export function createAuth(db: Db) {
  const env = getEnv();
  const baseURL = env.NEXTAUTH_URL.replace(/\/$/, '');
  return betterAuth({
    appName: 'Planner',
    baseURL,
    basePath: '/api/auth',
    secret: env.NEXTAUTH_SECRET,
    trustedOrigins: trustedOriginsOf(baseURL),
    database: { db, type: 'postgres', transaction: true },
    emailAndPassword: {
      enabled: true,
      minPasswordLength: PASSWORD_MIN_LENGTH,
      maxPasswordLength: PASSWORD_MAX_LENGTH,
      autoSignIn: true,
    },
    // NUL characters and weak new passwords: 400 before Better Auth touches the database.
    hooks: { before: checkAccountInput },
    session: {
      modelName: 'auth_sessions',
      expiresIn: SESSION_LIFETIME_S,
      updateAge: SESSION_REFRESH_AFTER_S,
      fields: { ...TIMESTAMPS, userId: 'user_id', expiresAt: 'expires_at', ipAddress: 'ip_address', userAgent: 'user_agent' },
    },
    user: {
      modelName: 'users',
      fields: { ...TIMESTAMPS, emailVerified: 'email_verified' },
    },
    account: {
      modelName: 'auth_accounts',
      fields: {
        ...TIMESTAMPS,
        userId: 'user_id',
        accountId: 'account_id',
        providerId: 'provider_id',
        accessToken: 'access_token',
        refreshToken: 'refresh_token',
        idToken: 'id_token',
        accessTokenExpiresAt: 'access_token_expires_at',
        refreshTokenExpiresAt: 'refresh_token_expires_at',
      },
    },
    verification: {
      modelName: 'auth_verifications',
      fields: { ...TIMESTAMPS, expiresAt: 'expires_at' },
    },
    advanced: {
      database: { generateId: () => randomUUID() },
      useSecureCookies: baseURL.startsWith('https://'),
      // Only the address our throttle resolved from a trusted proxy (auth-throttle.ts); a
      // client's own X-Forwarded-For never reaches Better Auth's session records.
      ipAddress: { ipAddressHeaders: [CLIENT_IP_HEADER] },
    },
    // Sign-in throttling is ours (auth-throttle.ts, in front of the handler): Better Auth's
    // keyed on a client-sent header, or on one bucket shared by every client.
    rateLimit: { enabled: false },
    telemetry: { enabled: false },
  });
}

export type Auth = ReturnType<typeof createAuth>;

/**
 * The app's origin; for a loopback URL also its other loopback name, so a local app
 * opened as 127.0.0.1 instead of localhost (or the reverse) still accepts sign-in.
 */
export function trustedOriginsOf(baseURL: string): string[] {
  const url = new URL(baseURL);
  const aliases: Record<string, string> = { localhost: '127.0.0.1', '127.0.0.1': 'localhost' };
  const alias = aliases[url.hostname];
  if (!alias) return [url.origin];
  return [url.origin, `${url.protocol}//${alias}${url.port ? `:${url.port}` : ''}`];
}

const instances = new WeakMap<Db, Auth>();

/** The Better Auth instance bound to `db` (one per database, created lazily). */
export function authFor(db: Db): Auth {
  let auth = instances.get(db);
  if (!auth) {
    auth = createAuth(db);
    instances.set(db, auth);
  }
  return auth;
}
