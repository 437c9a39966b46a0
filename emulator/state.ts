/** A fresh emulator state from the options (used at start and on reset). */
import type { EmulatorOptions, ResolvedOptions } from './options';
import { DEFAULT_QUIRKS, DEFAULT_THROTTLE } from './options';
import type { EmulatorState } from './store/types';

export function freshState(options: ResolvedOptions, raw: EmulatorOptions, previousClients: EmulatorState['clients'] = {}): EmulatorState {
  const clients: EmulatorState['clients'] = { ...previousClients };
  for (const client of options.clients) clients[client.clientId] = { ...client };
  return {
    version: 1,
    mailboxes: {},
    clients,
    grants: {},
    codes: {},
    refreshTokens: {},
    accessTokens: {},
    subscriptions: {},
    quirks: { ...DEFAULT_QUIRKS, ...raw.quirks },
    throttle: { ...DEFAULT_THROTTLE, ...raw.throttle },
    faults: [...(raw.faults ?? [])],
  };
}
