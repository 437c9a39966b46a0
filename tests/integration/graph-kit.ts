/**
 * Shared set-up for the Graph client tests: an emulator, a fresh mailbox per
 * test and a Graph client holding a token the emulator minted for it.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll } from 'vitest';
import { startEmulator, type Emulator, type EmulatorOptions } from '../../emulator/index';
import { createGraphClient, type GraphClientOptions } from '../../src/graph';

export const TEST_CLIENT = { clientId: 'planner-test', clientSecret: 'planner-test-secret' };

export function useEmulator(options: EmulatorOptions = {}) {
  let emulator: Emulator | undefined;
  beforeAll(async () => {
    emulator = await startEmulator({ port: 0, clients: [{ ...TEST_CLIENT, redirectUris: ['http://127.0.0.1/cb'] }], ...options });
  });
  afterAll(async () => {
    await emulator?.close();
  });
  return {
    get emulator(): Emulator {
      if (!emulator) throw new Error('emulator not started');
      return emulator;
    },
  };
}

export interface Mailbox {
  userId: string;
  email: string;
  accessToken: string;
  graph: ReturnType<typeof createGraphClient>;
}

/** A new emulator user with a minted token and a Graph client (mailbox key = the user id). */
export async function newMailbox(emulator: Emulator, clientOptions: Partial<GraphClientOptions> = {}): Promise<Mailbox> {
  const email = `u-${randomUUID().slice(0, 8)}@planner.test`;
  const mailbox = await emulator.control.createUser({ email, displayName: 'Test User' });
  const tokens = await emulator.control.mintToken(mailbox.user.id, {
    clientId: TEST_CLIENT.clientId,
    scopes: ['Tasks.ReadWrite', 'User.Read'],
  });
  const graph = createGraphClient({
    baseUrl: emulator.graphUrl,
    getAccessToken: async () => tokens.access_token,
    mailboxKey: mailbox.user.id,
    ...clientOptions,
  });
  return { userId: mailbox.user.id, email, accessToken: tokens.access_token, graph };
}

/** How many requests the emulator saw for "METHOD /route" (all statuses, or one). */
export async function requestCount(emulator: Emulator, route: string, status?: number): Promise<number> {
  const byStatus = (await emulator.control.stats()).requests[route] ?? {};
  if (status !== undefined) return byStatus[String(status)] ?? 0;
  return Object.values(byStatus).reduce((a, b) => a + b, 0);
}
