/** Everything a route needs, built once per emulator by index.ts. */
import type { EmulatorClock } from './clock';
import type { SeededRandom } from './ids';
import type { AuthorizeRequest } from './identity/authorize-request';
import type { SigningKey } from './identity/keys';
import type { TokenService } from './identity/token-service';
import type { ResolvedOptions } from './options';
import type { Store } from './store/store';
import type { AccessTokenRecord } from './store/types';
import type { Notifier } from './notify/notifier';
import type { SubscriptionService } from './notify/subscription-service';
import type { RequestStats } from './traffic/stats';
import type { Throttle } from './traffic/throttle';
import type { FaultInjector } from './traffic/faults';

export interface EmulatorCore {
  options: ResolvedOptions;
  clock: EmulatorClock;
  store: Store;
  key: SigningKey;
  tokens: TokenService;
  rng: SeededRandom;
  pendingAuthorizations: Map<string, AuthorizeRequest>;
  stats: RequestStats;
  throttle: Throttle;
  faults: FaultInjector;
  notifier: Notifier;
  subscriptions: SubscriptionService;
  baseUrl(): string;
}

export interface AppEnv {
  Variables: {
    requestId: string;
    auth: AccessTokenRecord;
  };
}
