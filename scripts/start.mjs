#!/usr/bin/env node
// `npm start`: one command from a fresh clone.
//  1. reads the environment (.env.local if present); local mode needs none;
//  2. with no MICROSOFT_CLIENT_ID, starts the sandbox Microsoft emulator beside
//     the app and points MICROSOFT_LOGIN_BASE_URL / MICROSOFT_GRAPH_BASE_URL at it;
//  3. builds the app when the build is missing or its sources changed, saying so;
//  4. runs `next start` (database migrations apply at server start).
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { register } from 'tsx/esm/api';
import { ensureBuild } from './lib/build.mjs';

register();
if (existsSync('.env.local')) process.loadEnvFile('.env.local');

const dev = process.argv.includes('--dev');
const { parseEnv, EnvError } = await import('../src/config/env.ts');

let env;
try {
  env = parseEnv();
} catch (error) {
  console.error(error instanceof EnvError ? error.message : error);
  process.exit(1);
}

const childEnv = { ...process.env, PORT: String(env.PORT) };
let emulator;
if (!env.MICROSOFT_CLIENT_ID) {
  const { startEmulator } = await import('../emulator/index.ts');
  const appUrl = env.NEXTAUTH_URL.replace(/\/$/, '');
  const clientSecret = 'sandbox-secret-' + env.NEXTAUTH_SECRET.slice(0, 12);
  emulator = await startEmulator({
    port: env.EMULATOR_PORT,
    clients: [
      {
        clientId: 'planner-sandbox',
        clientSecret,
        redirectUris: [`${appUrl}/api/integrations/outlook/callback`],
      },
    ],
    allowHttpNotificationUrls: true,
    stateFile: path.join(env.PLANNER_DATA_DIR, 'emulator-state.json'),
  });
  Object.assign(childEnv, {
    PLANNER_SANDBOX: '1',
    MICROSOFT_CLIENT_ID: 'planner-sandbox',
    MICROSOFT_CLIENT_SECRET: clientSecret,
    MICROSOFT_LOGIN_BASE_URL: emulator.url,
    MICROSOFT_GRAPH_BASE_URL: `${emulator.url}/v1.0`,
    OUTLOOK_WEBHOOK_URL: env.OUTLOOK_WEBHOOK_URL ?? `${appUrl}/api/integrations/outlook/webhook`,
  });
  console.log(`› Sandbox Microsoft account: ${emulator.url} (Outlook side: ${emulator.url}/outlook)`);
}

// NEXT_DIST_DIR (if set) reaches both the build and `next start` through the
// inherited environment, so they agree on the build folder.
if (!dev) await ensureBuild();
const nextBin = path.join('node_modules', 'next', 'dist', 'bin', 'next');
const child = spawn(process.execPath, [nextBin, dev ? 'dev' : 'start', '-H', env.PLANNER_HOST, '-p', String(env.PORT)], {
  stdio: 'inherit',
  env: childEnv,
});
console.log(`› Planner: ${env.NEXTAUTH_URL} (${env.localMode ? 'embedded PGlite under ' + env.PLANNER_DATA_DIR : 'Postgres'})`);

const stop = async (signal) => {
  child.kill(signal);
  await emulator?.close().catch(() => {});
};
process.on('SIGINT', () => stop('SIGINT'));
process.on('SIGTERM', () => stop('SIGTERM'));
child.on('exit', async (code) => {
  await emulator?.close().catch(() => {});
  process.exit(code ?? 0);
});
