/**
 * `npm run emulator [port]`: the emulator standalone. Port from argv, else
 * EMULATOR_PORT, else 3001. Optional EMULATOR_CLIENT_ID / EMULATOR_CLIENT_SECRET /
 * EMULATOR_REDIRECT_URI register an app; EMULATOR_STATE_FILE persists state.
 * (The emulator reads its own environment here only; it imports nothing from src/.)
 */
import { startEmulator } from './index';

const port = Number(process.argv[2] ?? process.env.EMULATOR_PORT ?? 3001);
const clientId = process.env.EMULATOR_CLIENT_ID ?? 'planner-sandbox';
const clientSecret = process.env.EMULATOR_CLIENT_SECRET ?? 'sandbox-secret';
const redirectUri = process.env.EMULATOR_REDIRECT_URI ?? 'http://localhost:3000/api/integrations/outlook/callback';

const emulator = await startEmulator({
  port,
  clients: [{ clientId, clientSecret, redirectUris: redirectUri.split(',') }],
  allowHttpNotificationUrls: true,
  stateFile: process.env.EMULATOR_STATE_FILE || undefined,
  autoApprove: process.env.EMULATOR_AUTO_APPROVE === '1',
});

console.log(`Microsoft emulator listening on ${emulator.url}
  login base URL (MICROSOFT_LOGIN_BASE_URL): ${emulator.url}
  Graph base URL (MICROSOFT_GRAPH_BASE_URL): ${emulator.graphUrl}
  Outlook side:                              ${emulator.outlookUrl}
  control API:                               ${emulator.url}/_emulator/state
  client: ${clientId} (redirect ${redirectUri})
  sandbox account: ${emulator.sandboxUser?.email ?? 'none'}`);

const stop = async () => {
  await emulator.close();
  process.exit(0);
};
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
