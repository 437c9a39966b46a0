/**
 * The Microsoft identity + Graph To Do emulator. `startEmulator()` listens on
 * 127.0.0.1 (port 0 = random) and returns its URL, a typed control client and close().
 * Identity at `${url}/{tenant}/oauth2/v2.0/...`, Graph at `${url}/v1.0/...`,
 * control API at `${url}/_emulator/...`, the Outlook page at `${url}/outlook`.
 */
import { serve } from '@hono/node-server';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { buildApp } from './app';
import { EmulatorClock } from './clock';
import { EmulatorControl } from './control-client';
import type { EmulatorCore } from './core';
import { SeededRandom } from './ids';
import { sharedSigningKey } from './identity/keys';
import { TokenService } from './identity/token-service';
import { DEFAULT_QUIRKS, resolveOptions, type EmulatorOptions } from './options';
import { freshState } from './state';
import { loadState, StatePersister } from './store/persist';
import { Store } from './store/store';
import { FaultInjector } from './traffic/faults';
import { RequestStats } from './traffic/stats';
import { Throttle } from './traffic/throttle';
import { Notifier } from './notify/notifier';
import { SubscriptionService } from './notify/subscription-service';

export type { EmulatorOptions, ClientRegistration } from './options';
export type * from './control-types';
export { EmulatorControl } from './control-client';
export { DEFAULT_QUIRKS, HOSTILE_QUIRKS } from './options';

export interface Emulator {
  /** e.g. http://127.0.0.1:PORT — the login base URL. */
  url: string;
  /** `${url}/v1.0` — the Graph base URL. */
  graphUrl: string;
  /** `${url}/outlook` — the "Outlook side" page. */
  outlookUrl: string;
  /** The sandbox account (null when disabled). */
  sandboxUser: { id: string; email: string; displayName: string } | null;
  control: EmulatorControl;
  close(): Promise<void>;
}

export async function startEmulator(options: EmulatorOptions = {}): Promise<Emulator> {
  const resolved = resolveOptions(options);
  const clock = new EmulatorClock(resolved.timeScale);
  const loaded = resolved.stateFile ? loadState(resolved.stateFile) : null;
  const state = loaded ?? freshState(resolved, options);
  for (const client of resolved.clients) state.clients[client.clientId] = { ...client };
  const store = new Store(state, clock);
  if (loaded) {
    // A state saved by an older emulator: quirks added since take their defaults; built-in lists come back.
    state.quirks = { ...DEFAULT_QUIRKS, ...state.quirks };
    for (const mailbox of Object.values(state.mailboxes)) store.ensureBuiltInLists(mailbox);
  }
  const rng = new SeededRandom(resolved.seed);
  const key = sharedSigningKey();
  let url = '';
  const notifier = new Notifier(clock, resolved.notifications, () => store.state.quirks, rng);
  const core: EmulatorCore = {
    options: resolved,
    clock,
    store,
    key,
    rng,
    tokens: new TokenService(store, resolved, key, () => url),
    pendingAuthorizations: new Map(),
    stats: new RequestStats(),
    throttle: new Throttle(() => store.state.throttle, clock, rng, () => store.state.quirks.fractionalRetryAfter),
    faults: new FaultInjector(() => store.state.faults, rng),
    notifier,
    subscriptions: new SubscriptionService(store, clock, notifier, resolved),
    baseUrl: () => url,
  };
  let sandboxId: string | undefined;
  /** The sandbox account exists and keeps its id across resets, so `emulator.sandboxUser` stays true. */
  const ensureSandbox = () => {
    if (!resolved.sandboxUser) return null;
    const user = store.findUser(resolved.sandboxUser.email) ?? store.createUser({ ...resolved.sandboxUser, id: sandboxId });
    sandboxId = user.id;
    return user;
  };
  const app = buildApp(core, {
    reset: () => {
      store.state = freshState(resolved, options, store.state.clients);
      core.stats.reset();
      core.throttle.reset();
      core.faults.reset();
      core.pendingAuthorizations.clear();
      notifier.clear();
      notifier.clearLog();
      ensureSandbox();
      store.touched();
    },
  });
  const persister = resolved.stateFile ? new StatePersister(resolved.stateFile, () => store.state) : null;
  if (persister) store.onPersistableChange(() => persister.schedule());
  const sandbox = ensureSandbox();

  const server = serve({ fetch: app.fetch, port: resolved.port, hostname: resolved.host }) as Server;
  await new Promise<void>((resolve, reject) => {
    server.once('listening', resolve);
    server.once('error', reject);
  });
  const port = (server.address() as AddressInfo).port;
  const host = resolved.host === '0.0.0.0' || resolved.host === '::' ? '127.0.0.1' : resolved.host;
  url = `http://${host.includes(':') ? `[${host}]` : host}:${port}`;

  return {
    url,
    graphUrl: `${url}/v1.0`,
    outlookUrl: `${url}/outlook`,
    sandboxUser: sandbox ? { id: sandbox.id, email: sandbox.email, displayName: sandbox.displayName } : null,
    control: new EmulatorControl(url),
    close: async () => {
      notifier.stop();
      persister?.flush();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
