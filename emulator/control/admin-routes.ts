/** Control API, emulator-wide: state, reset, quirks, throttling, faults, stats, clock, clients. */
import type { Hono } from 'hono';
import type { AppEnv, EmulatorCore } from '../core';
import type { FaultRule, Quirks, ThrottleLimits } from '../control-types';
import type { ClientRegistration } from '../options';
import { stateView } from './state-view';

export interface AdminHooks {
  reset(): void;
}

export function registerControlAdminRoutes(app: Hono<AppEnv>, core: EmulatorCore, hooks: AdminHooks): void {
  const state = () => core.store.state;
  app.get('/_emulator/state', (c) => c.json(stateView(core)));
  app.post('/_emulator/reset', (c) => {
    hooks.reset();
    return c.json(stateView(core));
  });

  app.get('/_emulator/quirks', (c) => c.json(state().quirks));
  app.put('/_emulator/quirks', async (c) => {
    Object.assign(state().quirks, (await c.req.json()) as Partial<Quirks>);
    core.store.touched();
    return c.json(state().quirks);
  });

  app.get('/_emulator/throttle', (c) => c.json(state().throttle));
  app.put('/_emulator/throttle', async (c) => {
    Object.assign(state().throttle, (await c.req.json()) as Partial<ThrottleLimits>);
    core.store.touched();
    return c.json(state().throttle);
  });

  app.get('/_emulator/faults', (c) => c.json(state().faults));
  app.put('/_emulator/faults', async (c) => {
    state().faults = (await c.req.json()) as FaultRule[];
    core.faults.reset();
    return c.json(state().faults);
  });
  app.delete('/_emulator/faults', (c) => {
    state().faults = [];
    core.faults.reset();
    return c.body(null, 204);
  });

  app.get('/_emulator/stats', (c) =>
    c.json({
      requests: core.stats.snapshot(),
      maxInFlightByMailbox: Object.fromEntries(core.throttle.maxInFlightSeen),
      throttledByMailbox: Object.fromEntries(core.throttle.throttledCount),
    }));
  app.post('/_emulator/stats/reset', (c) => {
    core.stats.reset();
    core.throttle.resetCounters();
    return c.body(null, 204);
  });

  app.post('/_emulator/clock/advance', async (c) => {
    const { seconds } = (await c.req.json()) as { seconds: number };
    core.clock.advance(seconds * 1000);
    return c.json({ now: core.clock.nowIso() });
  });

  app.post('/_emulator/clients', async (c) => {
    const client = (await c.req.json()) as ClientRegistration;
    state().clients[client.clientId] = client;
    core.store.touched();
    return c.json(client, 201);
  });
}
