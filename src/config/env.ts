/**
 * The only reader of process.env. One zod schema, parsed once.
 *
 * Local mode (no DATABASE_URL): the secrets the app needs are generated once and
 * kept in `.data/secrets.json`, so `npm start` works with no `.env`.
 * Production mode (DATABASE_URL set): every secret is required, and a missing or
 * malformed variable fails start-up with a message naming it and its purpose.
 */
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { isIP } from 'node:net';
import { z } from 'zod';

const intFromString = (fallback: number, min: number, max: number) =>
  z.coerce.number().int().min(min).max(max).default(fallback);

const optionalUrl = z.url().optional();
const optionalString = z.string().min(1).optional();
const booleanFlag = (fallback: boolean) =>
  z
    .enum(['1', '0', 'true', 'false', 'on', 'off', 'yes', 'no'])
    .optional()
    .transform((v) => (v === undefined ? fallback : ['1', 'true', 'on', 'yes'].includes(v)));

/** PLANNER_TRUSTED_PROXY: "vercel", or IPs / CIDRs (src/server/auth/client-ip.ts reads it). */
function isProxyList(value: string | undefined): boolean {
  const entries = (value ?? '').split(',').map((e) => e.trim()).filter(Boolean);
  if (entries.length === 1 && entries[0].toLowerCase() === 'vercel') return true;
  return entries.every((entry) => {
    const [address, prefix, extra] = entry.split('/');
    const family = isIP(address);
    if (!family || extra !== undefined) return false;
    return prefix === undefined || (/^\d+$/.test(prefix) && Number(prefix) <= (family === 4 ? 32 : 128));
  });
}

/** What each variable is for: used in error messages and `.env.example`. */
export const ENV_PURPOSE: Record<string, string> = {
  DATABASE_URL: 'Postgres connection string (Supabase direct or pooled URL). Unset = embedded PGlite under .data/',
  PLANNER_DATA_DIR: 'where local mode keeps its database and generated secrets (default .data)',
  NEXTAUTH_SECRET: 'signs session cookies (at least 32 characters)',
  NEXTAUTH_URL: 'the public base URL of the app, e.g. https://planner.example.com (default http://localhost:$PORT)',
  MICROSOFT_CLIENT_ID: 'Azure AD application (client) id; unset = sandbox Microsoft account (emulator)',
  MICROSOFT_CLIENT_SECRET: 'Azure AD client secret for the web app',
  MICROSOFT_TENANT_ID: 'Azure AD tenant; "common" lets personal and work accounts sign in',
  MICROSOFT_LOGIN_BASE_URL: 'Microsoft identity platform host (default https://login.microsoftonline.com)',
  MICROSOFT_GRAPH_BASE_URL: 'Microsoft Graph base URL (default https://graph.microsoft.com/v1.0)',
  OUTLOOK_WEBHOOK_URL: 'absolute HTTPS URL Microsoft posts change notifications to',
  OUTLOOK_SYNC_JOB_SECRET: 'shared secret for /sync, /subscriptions, /health and /api/metrics (Bearer token)',
  OUTLOOK_CLIENT_STATE: 'optional extra webhook guard mixed into each subscription clientState',
  OUTLOOK_SUBSCRIPTION_DURATION_MIN: 'lifetime asked for new or renewed subscriptions (Graph caps To Do at 4230)',
  OUTLOOK_RENEW_BEFORE_MIN: 'renew subscriptions expiring within this many minutes',
  OUTLOOK_SUBSCRIPTION_RETRY_SEC: 'a list whose subscription could not be created or renewed is tried again after this many seconds (default 60)',
  OUTLOOK_FULL_SYNC_INTERVAL_MIN: 'safety-net full_sync every N minutes for a user whose subscriptions are missing, failing or lapsed, or whose notifications stopped arriving',
  OUTLOOK_FULL_SYNC_HEALTHY_INTERVAL_MIN: 'safety-net full_sync every N minutes for a user whose lists are all subscribed and whose notifications arrive (default 360)',
  OUTLOOK_LISTS_DELTA_INTERVAL_MIN: 'a pull aimed at a notified list also reads the lists delta (renamed, deleted lists) when it is older than N minutes (default 15)',
  OUTLOOK_JOB_RETENTION_DAYS: 'completed and skipped task_sync_jobs rows are deleted after this many days (default 7; 0 keeps them; failed ones stay)',
  OUTLOOK_WORKER_USER_CONCURRENCY: 'users whose jobs one worker process runs at once, each user up to 4 jobs of different tasks at a time (default 4)',
  NEXT_PUBLIC_SUPABASE_URL: 'Supabase project URL (browser)',
  NEXT_PUBLIC_SUPABASE_ANON_KEY: 'Supabase anonymous key (browser)',
  SUPABASE_SERVICE_KEY: 'Supabase service-role key (server-side)',
  TOKEN_ENCRYPTION_KEY: '32-byte key (64 hex chars or base64) encrypting OAuth tokens at rest',
  CRON_SECRET: 'Vercel cron secret, accepted by /sync and /subscriptions as Bearer token',
  ALERT_WEBHOOK_URL: 'Slack-compatible incoming webhook for health alerts',
  SMTP_URL: 'SMTP connection URL for e-mail alerts, e.g. smtps://user:pass@smtp.example.com',
  ALERT_EMAIL_TO: 'recipient of e-mail alerts',
  ALERT_EMAIL_FROM: 'sender of e-mail alerts',
  ALERT_MIN_SEVERITY: 'lowest health warning severity that alerts (info, warning, critical; default warning)',
  HEALTH_BACKLOG_THRESHOLD: 'pending jobs at or above this count raise the high_backlog warning (default 100)',
  HEALTH_OLDEST_PENDING_MAX_MIN: 'a due pending job older than this many minutes raises stale_pending_job (default 30)',
  HEALTH_FAILED_JOBS_THRESHOLD: 'failed jobs at or above this count raise the failed_jobs warning (default 1)',
  HEALTH_TOKEN_EXPIRY_WINDOW_MIN: 'access tokens expiring within this many minutes count as expiring (default 60)',
  HEALTH_SUBSCRIPTION_EXPIRY_WINDOW_MIN: 'subscriptions expiring within this many minutes raise subscriptions_expiring (default 120)',
  LOG_LEVEL: 'pino log level (default info)',
  PLANNER_RUNNER: 'run the in-process queue runner (default on outside Vercel)',
  AUTH_RATE_LIMIT: 'throttle sign-in/sign-up in production: 5 a minute per account, and 3 per 10 s per client address behind a trusted proxy; 0 only for test servers',
  PLANNER_TRUSTED_PROXY: 'reverse proxies whose X-Forwarded-For is believed: "vercel" (the default on Vercel) or IPs/CIDRs, comma-separated; unset elsewhere = no forwarded header is trusted',
  PORT: 'HTTP port of `npm start` (default 3000)',
  PLANNER_HOST: 'address `npm start` listens on (default 127.0.0.1; 0.0.0.0 to accept other machines, e.g. in a container)',
  EMULATOR_PORT: 'port of the sandbox Microsoft emulator started by `npm start` (default 3001)',
};

const baseSchema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, 'must start with postgres:// or postgresql://')
    .optional(),
  PLANNER_DATA_DIR: z.string().min(1).default('.data'),
  NEXTAUTH_SECRET: z.string().min(32, 'must be at least 32 characters'),
  NEXTAUTH_URL: z.url().default('http://localhost:3000'),
  MICROSOFT_CLIENT_ID: optionalString,
  MICROSOFT_CLIENT_SECRET: optionalString,
  MICROSOFT_TENANT_ID: z.string().min(1).default('common'),
  MICROSOFT_LOGIN_BASE_URL: z.url().default('https://login.microsoftonline.com'),
  MICROSOFT_GRAPH_BASE_URL: z.url().default('https://graph.microsoft.com/v1.0'),
  OUTLOOK_WEBHOOK_URL: optionalUrl,
  OUTLOOK_SYNC_JOB_SECRET: z.string().min(16, 'must be at least 16 characters'),
  OUTLOOK_CLIENT_STATE: z.string().min(1).max(64).optional(),
  OUTLOOK_SUBSCRIPTION_DURATION_MIN: intFromString(4200, 45, 4230),
  OUTLOOK_RENEW_BEFORE_MIN: intFromString(1440, 5, 4230),
  OUTLOOK_SUBSCRIPTION_RETRY_SEC: intFromString(60, 5, 86_400),
  OUTLOOK_FULL_SYNC_INTERVAL_MIN: intFromString(15, 1, 1440),
  OUTLOOK_FULL_SYNC_HEALTHY_INTERVAL_MIN: intFromString(360, 1, 10_080),
  OUTLOOK_LISTS_DELTA_INTERVAL_MIN: intFromString(15, 0, 1440),
  OUTLOOK_JOB_RETENTION_DAYS: intFromString(7, 0, 3650),
  OUTLOOK_WORKER_USER_CONCURRENCY: intFromString(4, 1, 64),
  NEXT_PUBLIC_SUPABASE_URL: optionalUrl,
  NEXT_PUBLIC_SUPABASE_ANON_KEY: optionalString,
  SUPABASE_SERVICE_KEY: optionalString,
  TOKEN_ENCRYPTION_KEY: z
    .string()
    .refine((v) => decodeKey(v) !== null, 'must be 32 bytes as 64 hex characters or base64'),
  CRON_SECRET: optionalString,
  ALERT_WEBHOOK_URL: optionalUrl,
  SMTP_URL: optionalUrl,
  ALERT_EMAIL_TO: optionalString,
  ALERT_EMAIL_FROM: optionalString,
  ALERT_MIN_SEVERITY: z.enum(['info', 'warning', 'critical']).default('warning'),
  HEALTH_BACKLOG_THRESHOLD: intFromString(100, 1, 10_000_000),
  HEALTH_OLDEST_PENDING_MAX_MIN: intFromString(30, 1, 100_000),
  HEALTH_FAILED_JOBS_THRESHOLD: intFromString(1, 1, 10_000_000),
  HEALTH_TOKEN_EXPIRY_WINDOW_MIN: intFromString(60, 1, 100_000),
  HEALTH_SUBSCRIPTION_EXPIRY_WINDOW_MIN: intFromString(120, 1, 100_000),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  PLANNER_RUNNER: booleanFlag(true),
  AUTH_RATE_LIMIT: booleanFlag(true),
  PLANNER_TRUSTED_PROXY: z
    .string()
    .optional()
    .refine(isProxyList, 'must be "vercel" or IP addresses / CIDR ranges, comma-separated'),
  VERCEL: optionalString,
  PORT: intFromString(3000, 1, 65535),
  PLANNER_HOST: z.string().min(1).default('127.0.0.1'),
  EMULATOR_PORT: intFromString(3001, 1, 65535),
  /** Set by `npm start` when it runs the sandbox emulator beside the app. */
  PLANNER_SANDBOX: booleanFlag(false),
});

export type Env = z.infer<typeof baseSchema> & {
  /** true when DATABASE_URL is unset: PGlite + generated local secrets. */
  localMode: boolean;
  /** true when no Azure app is configured: Microsoft is the bundled emulator. */
  sandbox: boolean;
  tokenKey: Buffer;
};

export class EnvError extends Error {
  constructor(public readonly issues: { variable: string; message: string }[]) {
    super(
      'Invalid environment:\n' +
        issues
          .map(
            (i) =>
              `  ${i.variable}: ${i.message}` +
              (ENV_PURPOSE[i.variable] ? ` (${ENV_PURPOSE[i.variable]})` : ''),
          )
          .join('\n'),
    );
    this.name = 'EnvError';
  }
}

export function decodeKey(value: string): Buffer | null {
  const hex = /^[0-9a-fA-F]{64}$/.test(value) ? Buffer.from(value, 'hex') : null;
  if (hex) return hex;
  try {
    const b = Buffer.from(value, 'base64');
    return b.length === 32 ? b : null;
  } catch {
    return null;
  }
}

const LOCAL_SECRETS = ['NEXTAUTH_SECRET', 'OUTLOOK_SYNC_JOB_SECRET', 'TOKEN_ENCRYPTION_KEY'] as const;

/** Reads or creates `<dataDir>/secrets.json` for local mode. */
export function loadLocalSecrets(dataDir: string): Record<(typeof LOCAL_SECRETS)[number], string> {
  const file = path.join(dataDir, 'secrets.json');
  if (existsSync(file)) {
    return JSON.parse(readFileSync(file, 'utf8'));
  }
  mkdirSync(dataDir, { recursive: true });
  const secrets = {
    NEXTAUTH_SECRET: randomBytes(32).toString('base64url'),
    OUTLOOK_SYNC_JOB_SECRET: randomBytes(24).toString('base64url'),
    TOKEN_ENCRYPTION_KEY: randomBytes(32).toString('hex'),
  };
  writeFileSync(file, JSON.stringify(secrets, null, 2) + '\n', { mode: 0o600 });
  return secrets;
}

/** Parses an environment object (process.env by default). Throws EnvError naming each bad variable. */
export function parseEnv(source: Record<string, string | undefined> = process.env): Env {
  const raw: Record<string, string | undefined> = {};
  for (const [k, v] of Object.entries(source)) raw[k] = v === '' ? undefined : v;
  const localMode = !raw.DATABASE_URL;
  if (localMode) {
    const dataDir = raw.PLANNER_DATA_DIR ?? '.data';
    const missing = LOCAL_SECRETS.filter((k) => !raw[k]);
    if (missing.length > 0) {
      const generated = loadLocalSecrets(dataDir);
      for (const k of missing) raw[k] = generated[k];
    }
  }
  // Unset, the public URL follows the port `npm start` listens on.
  if (!raw.NEXTAUTH_URL && raw.PORT && /^\d+$/.test(raw.PORT)) raw.NEXTAUTH_URL = `http://localhost:${raw.PORT}`;
  const result = baseSchema.safeParse(raw);
  if (!result.success) {
    throw new EnvError(
      result.error.issues.map((i) => ({
        variable: String(i.path[0] ?? '(root)'),
        message: raw[String(i.path[0])] === undefined ? 'is required but not set' : i.message,
      })),
    );
  }
  const env = result.data;
  const issues: { variable: string; message: string }[] = [];
  if (env.MICROSOFT_CLIENT_ID && !env.MICROSOFT_CLIENT_SECRET && !env.PLANNER_SANDBOX) {
    issues.push({ variable: 'MICROSOFT_CLIENT_SECRET', message: 'is required when MICROSOFT_CLIENT_ID is set' });
  }
  if (issues.length) throw new EnvError(issues);
  return {
    ...env,
    localMode,
    sandbox: env.PLANNER_SANDBOX || !env.MICROSOFT_CLIENT_ID,
    tokenKey: decodeKey(env.TOKEN_ENCRYPTION_KEY)!,
  };
}

let cached: Env | undefined;

/** The process environment, parsed once. */
export function getEnv(): Env {
  cached ??= parseEnv();
  return cached;
}

/** Tests only: forget the parsed environment. */
export function resetEnvCache(): void {
  cached = undefined;
}
