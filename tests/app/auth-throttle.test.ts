/**
 * Sign-in throttling (issue 13 §2.2) in front of the real Better Auth handler:
 * a client cannot escape it by rotating X-Forwarded-For, and clients that send no
 * forwarded header do not share one bucket (three bad attempts used to lock
 * everyone out). Behind a trusted proxy the client address counts as well.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { authFor } from '../../src/server/auth/auth';
import { AuthThrottle, DEFAULT_THROTTLE_RULES, type AuthThrottleOptions } from '../../src/server/auth/auth-throttle';
import { parseProxyTrust } from '../../src/server/auth/client-ip';
import { testEngines, useTestDatabase } from '../helpers/db';
import { useAppTestEnv } from './harness';

useAppTestEnv();

const BASE = 'http://localhost:3000';
const PASSWORD = 'lantern orbit 42 mossy';
let n = 0;
const forgedIp = () => `198.51.100.${(n++ % 250) + 1}`;

describe.each(testEngines())('sign-in throttle on %s', (engine) => {
  const t = useTestDatabase(engine);
  const emails = { alice: `alice-${Date.now()}@example.test`, bob: `bob-${Date.now()}@example.test`, carol: `carol-${Date.now()}@example.test` };

  beforeAll(async () => {
    for (const [name, email] of Object.entries(emails)) await authFor(t.db).api.signUpEmail({ body: { name, email, password: PASSWORD } });
  });

  function gate(options: Partial<AuthThrottleOptions> = {}) {
    const throttle = new AuthThrottle({ trust: parseProxyTrust(undefined, false)!, enabled: true, ...options });
    return async (email: string, password: string, headers: Record<string, string> = {}) => {
      const request = new Request(`${BASE}/api/auth/sign-in/email`, {
        method: 'POST',
        headers: { origin: BASE, 'content-type': 'application/json', ...headers },
        body: JSON.stringify({ email, password }),
      });
      const admitted = await throttle.admit(request);
      const response = admitted instanceof Response ? admitted : await authFor(t.db).handler(admitted);
      return response.status;
    };
  }

  it('without a trusted proxy, rotating X-Forwarded-For does not escape the limit on an account', async () => {
    const signIn = gate();
    const statuses = [];
    for (let i = 0; i < DEFAULT_THROTTLE_RULES.account.max + 2; i++) statuses.push(await signIn(emails.alice, `wrong-${i}`, { 'x-forwarded-for': forgedIp() }));
    expect(statuses.slice(0, DEFAULT_THROTTLE_RULES.account.max).every((s) => s === 401)).toBe(true);
    expect(statuses.slice(DEFAULT_THROTTLE_RULES.account.max)).toEqual([429, 429]);
    expect(await signIn(emails.alice.toUpperCase(), PASSWORD, { 'x-forwarded-for': forgedIp() })).toBe(429);
  });

  it('clients without a forwarded header do not share one lockout bucket', async () => {
    const signIn = gate();
    for (let i = 0; i < 10; i++) await signIn(emails.alice, `wrong-${i}`);
    expect(await signIn(emails.alice, PASSWORD)).toBe(429);
    expect(await signIn(emails.bob, PASSWORD)).toBe(200);
    expect(await signIn(emails.carol, PASSWORD)).toBe(200);
  });

  it('the everyone bucket only stops a flood, far above what people type', async () => {
    const signIn = gate({ rules: { ...DEFAULT_THROTTLE_RULES, everyone: { windowMs: 10_000, max: 4 } } });
    const statuses = [];
    for (let i = 0; i < 5; i++) statuses.push(await signIn(`nobody-${i}@example.test`, 'whatever-1234'));
    expect(statuses).toEqual([401, 401, 401, 401, 429]);
    expect(DEFAULT_THROTTLE_RULES.everyone.max).toBeGreaterThanOrEqual(100);
  });

  it('behind a trusted proxy each client address has its own bucket, and a forged leftmost entry changes nothing', async () => {
    const signIn = gate({ trust: parseProxyTrust('10.0.0.1', false)! });
    const via = (client: string) => ({ 'x-forwarded-for': `${forgedIp()}, ${client}, 10.0.0.1` });
    const statuses = [];
    for (let i = 0; i < 4; i++) statuses.push(await signIn(`nobody-${i}@example.test`, 'whatever-1234', via('203.0.113.5')));
    expect(statuses).toEqual([401, 401, 401, 429]);
    expect(await signIn(emails.bob, PASSWORD, via('203.0.113.6'))).toBe(200);
  });

  it('sessions record only the trusted address, never a client-sent header', async () => {
    const untrusted = gate();
    expect(await untrusted(emails.carol, PASSWORD, { 'x-forwarded-for': '192.0.2.99', 'x-planner-client-ip': '192.0.2.98' })).toBe(200);
    const trusted = gate({ trust: parseProxyTrust('10.0.0.1', false)! });
    expect(await trusted(emails.carol, PASSWORD, { 'x-forwarded-for': '203.0.113.77, 10.0.0.1' })).toBe(200);
    const users = await t.db.selectFrom('users').select('id').where('email', '=', emails.carol).executeTakeFirstOrThrow();
    const ips = await t.db.selectFrom('auth_sessions').select('ip_address').where('user_id', '=', users.id).orderBy('created_at').execute();
    expect(ips.map((r) => r.ip_address)).not.toContain('192.0.2.99');
    expect(ips.map((r) => r.ip_address)).not.toContain('192.0.2.98');
    expect(ips.map((r) => r.ip_address)).toContain('203.0.113.77');
  });
});
