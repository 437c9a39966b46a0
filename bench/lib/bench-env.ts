/**
 * The environment the app code reads while it runs inside the bench (import this
 * first). Quiet logs (one info line per job would measure the terminal), fixed
 * test secrets so nothing writes .data/secrets.json, and no in-process runner.
 */
const BENCH_ENV: Record<string, string> = {
  LOG_LEVEL: 'error',
  NEXTAUTH_SECRET: 'bench-nextauth-secret-0123456789abcdef0123',
  OUTLOOK_SYNC_JOB_SECRET: 'bench-sync-job-secret-0123456789',
  TOKEN_ENCRYPTION_KEY: 'c'.repeat(64),
  PLANNER_RUNNER: '0',
};

for (const [key, value] of Object.entries(BENCH_ENV)) process.env[key] ??= value;

export const BENCH_SYNC_SECRET = process.env.OUTLOOK_SYNC_JOB_SECRET!;
