/**
 * The shared stage of convergence runs: the environment the app code reads (test
 * secrets, quiet logs, no in-process runner), one emulator and one notification relay.
 * Each run gets its own database and mailbox on it.
 */
import { resetEnvCache } from '../../src/config/env';
import { startEmulator } from '../../emulator/index';
import { NotificationRelay } from './notification-relay';
import { CONVERGENCE_EMULATOR_OPTIONS, type Stage } from './property';

const STAGE_ENV: Record<string, string | undefined> = {
  NEXTAUTH_SECRET: 'convergence-nextauth-secret-0123456789abcdef',
  OUTLOOK_SYNC_JOB_SECRET: 'convergence-sync-secret-0123456789',
  TOKEN_ENCRYPTION_KEY: 'd'.repeat(64),
  PLANNER_RUNNER: '0',
  LOG_LEVEL: 'silent',
  DATABASE_URL: undefined,
};

export async function openStage(): Promise<Stage & { close(): Promise<void> }> {
  const saved = Object.fromEntries(Object.keys(STAGE_ENV).map((k) => [k, process.env[k]]));
  for (const [k, v] of Object.entries(STAGE_ENV)) {
    if (v === undefined) delete process.env[k];
    else process.env[k] = v;
  }
  resetEnvCache();
  const emulator = await startEmulator(CONVERGENCE_EMULATOR_OPTIONS);
  const relay = await NotificationRelay.start();
  return {
    emulator,
    relay,
    async close() {
      await relay.close();
      await emulator.close();
      for (const [k, v] of Object.entries(saved)) {
        if (v === undefined) delete process.env[k];
        else process.env[k] = v;
      }
      resetEnvCache();
    },
  };
}
