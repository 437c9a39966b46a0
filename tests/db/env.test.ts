/**
 * src/config/env.ts: a missing or malformed variable fails with an EnvError that
 * names it and says what it is for; local mode (no DATABASE_URL) needs nothing.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { EnvError, ENV_PURPOSE, parseEnv } from '../../src/config/env';

const dataDir = mkdtempSync(path.join(tmpdir(), 'planner-env-'));
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

const PRODUCTION = {
  DATABASE_URL: 'postgres://planner:pw@db.example.com:5432/planner?sslmode=require',
  NEXTAUTH_SECRET: 'n'.repeat(40),
  NEXTAUTH_URL: 'https://planner.example.com',
  OUTLOOK_SYNC_JOB_SECRET: 's'.repeat(32),
  TOKEN_ENCRYPTION_KEY: 'ab'.repeat(32),
  MICROSOFT_CLIENT_ID: '11111111-2222-3333-4444-555555555555',
  MICROSOFT_CLIENT_SECRET: 'client-secret',
};

function envError(source: Record<string, string | undefined>): EnvError {
  try {
    parseEnv(source);
  } catch (error) {
    if (error instanceof EnvError) return error;
    throw error;
  }
  throw new Error('expected an EnvError');
}

describe('parseEnv', () => {
  it('accepts a complete production environment', () => {
    const env = parseEnv(PRODUCTION);
    expect(env.localMode).toBe(false);
    expect(env.sandbox).toBe(false);
    expect(env.tokenKey).toHaveLength(32);
    expect(env.MICROSOFT_GRAPH_BASE_URL).toBe('https://graph.microsoft.com/v1.0');
  });

  it('without NEXTAUTH_URL, the public URL follows PORT (a newcomer starting on another port can sign in)', () => {
    expect(parseEnv({ ...PRODUCTION, NEXTAUTH_URL: undefined, PORT: '3300' }).NEXTAUTH_URL).toBe('http://localhost:3300');
    expect(parseEnv({ ...PRODUCTION, NEXTAUTH_URL: undefined }).NEXTAUTH_URL).toBe('http://localhost:3000');
    expect(parseEnv({ ...PRODUCTION, PORT: '3300' }).NEXTAUTH_URL).toBe('https://planner.example.com');
  });

  it.each(['NEXTAUTH_SECRET', 'OUTLOOK_SYNC_JOB_SECRET', 'TOKEN_ENCRYPTION_KEY'])(
    'with DATABASE_URL set, a missing %s is named with its purpose',
    (variable) => {
      const error = envError({ ...PRODUCTION, [variable]: undefined });
      expect(error.issues).toEqual([{ variable, message: 'is required but not set' }]);
      expect(error.message).toContain(`${variable}: is required but not set`);
      expect(error.message).toContain(ENV_PURPOSE[variable]);
    },
  );

  it.each([
    ['DATABASE_URL', 'mysql://db.example.com/planner', /postgres:\/\//],
    ['TOKEN_ENCRYPTION_KEY', 'too-short', /32 bytes/],
    ['NEXTAUTH_SECRET', 'short', /32 characters/],
    ['OUTLOOK_SYNC_JOB_SECRET', 'short', /16 characters/],
    ['NEXTAUTH_URL', 'not a url', /./],
    ['MICROSOFT_GRAPH_BASE_URL', 'graph', /./],
    ['PORT', 'eighty', /./],
    ['PORT', '70000', /./],
    ['OUTLOOK_FULL_SYNC_INTERVAL_MIN', '0', /./],
    ['OUTLOOK_JOB_RETENTION_DAYS', '-1', /./],
    ['OUTLOOK_WORKER_USER_CONCURRENCY', '0', /./],
    ['OUTLOOK_SUBSCRIPTION_DURATION_MIN', '5000', /./],
    ['PLANNER_RUNNER', 'maybe', /./],
    ['LOG_LEVEL', 'loud', /./],
  ])('a malformed %s (%s) is named', (variable, value, message) => {
    const error = envError({ ...PRODUCTION, [variable]: value });
    const issue = error.issues.find((i) => i.variable === variable);
    expect(issue?.message).toMatch(message);
    expect(error.message).toContain(variable);
  });

  it('MICROSOFT_CLIENT_ID without MICROSOFT_CLIENT_SECRET names the secret', () => {
    const error = envError({ ...PRODUCTION, MICROSOFT_CLIENT_SECRET: undefined });
    expect(error.issues).toEqual([{ variable: 'MICROSOFT_CLIENT_SECRET', message: 'is required when MICROSOFT_CLIENT_ID is set' }]);
  });

  it('names every bad variable at once', () => {
    const error = envError({ DATABASE_URL: PRODUCTION.DATABASE_URL, PORT: 'x' });
    expect(error.issues.map((i) => i.variable).sort()).toEqual(['NEXTAUTH_SECRET', 'OUTLOOK_SYNC_JOB_SECRET', 'PORT', 'TOKEN_ENCRYPTION_KEY']);
  });

  it('local mode (no DATABASE_URL) needs no variables: secrets are generated once and kept', () => {
    const first = parseEnv({ PLANNER_DATA_DIR: dataDir });
    expect(first.localMode).toBe(true);
    expect(first.sandbox).toBe(true);
    const file = path.join(dataDir, 'secrets.json');
    expect(existsSync(file)).toBe(true);
    const kept = JSON.parse(readFileSync(file, 'utf8'));
    expect(kept.TOKEN_ENCRYPTION_KEY).toBe(first.TOKEN_ENCRYPTION_KEY);
    const second = parseEnv({ PLANNER_DATA_DIR: dataDir });
    expect(second.NEXTAUTH_SECRET).toBe(first.NEXTAUTH_SECRET);
    expect(second.OUTLOOK_SYNC_JOB_SECRET).toBe(first.OUTLOOK_SYNC_JOB_SECRET);
    expect(second.TOKEN_ENCRYPTION_KEY).toBe(first.TOKEN_ENCRYPTION_KEY);
  });

  it('treats an empty value as unset', () => {
    const error = envError({ ...PRODUCTION, NEXTAUTH_SECRET: '' });
    expect(error.issues).toEqual([{ variable: 'NEXTAUTH_SECRET', message: 'is required but not set' }]);
  });
});
