/**
 * Serves Better Auth's own endpoints under /api/auth/* on the process database,
 * behind the sign-in throttle (auth-throttle.ts).
 */
import { getEnv } from '../../config/env';
import { getDb } from '../../db';
import { authFor } from './auth';
import { AuthThrottle } from './auth-throttle';
import { parseProxyTrust } from './client-ip';

const KEY = Symbol.for('planner.auth.throttle');
type Holder = { [KEY]?: AuthThrottle };

/** One throttle per process (route bundles share it through globalThis). */
export function authThrottle(): AuthThrottle {
  const holder = globalThis as Holder;
  if (!holder[KEY]) {
    const env = getEnv();
    holder[KEY] = new AuthThrottle({
      trust: parseProxyTrust(env.PLANNER_TRUSTED_PROXY, !!env.VERCEL) ?? { kind: 'none' },
      // Like Better Auth's own default: on in production; AUTH_RATE_LIMIT=0 turns it off (test servers).
      enabled: env.AUTH_RATE_LIMIT && env.NODE_ENV === 'production',
    });
  }
  return holder[KEY];
}

export async function handleAuthRequest(request: Request): Promise<Response> {
  const admitted = await authThrottle().admit(request);
  if (admitted instanceof Response) return admitted;
  return authFor(await getDb()).handler(admitted);
}
