import { describe, expect, it } from 'vitest';
import { clientIpOf, parseProxyTrust } from './client-ip';

const h = (entries: Record<string, string>) => new Headers(entries);

describe('client address for throttling', () => {
  it('without a trusted proxy no header is believed', () => {
    const trust = parseProxyTrust(undefined, false)!;
    expect(trust.kind).toBe('none');
    expect(clientIpOf(h({ 'x-forwarded-for': '203.0.113.9', 'x-real-ip': '203.0.113.9' }), trust)).toBeNull();
  });

  it('on Vercel its x-real-ip / x-forwarded-for (which Vercel overwrites) is the client', () => {
    const trust = parseProxyTrust(undefined, true)!;
    expect(trust.kind).toBe('vercel');
    expect(clientIpOf(h({ 'x-real-ip': '198.51.100.7', 'x-forwarded-for': '198.51.100.7' }), trust)).toBe('198.51.100.7');
    expect(clientIpOf(h({ 'x-forwarded-for': '198.51.100.8' }), trust)).toBe('198.51.100.8');
    expect(clientIpOf(h({ 'x-forwarded-for': 'garbage' }), trust)).toBeNull();
    expect(parseProxyTrust('vercel', false)!.kind).toBe('vercel');
  });

  it('behind configured proxies the chain is read from the right, so a forged leftmost entry is ignored', () => {
    const trust = parseProxyTrust('10.0.0.0/24, 192.0.2.1', false)!;
    expect(clientIpOf(h({ 'x-forwarded-for': '1.2.3.4, 203.0.113.50, 192.0.2.1, 10.0.0.7' }), trust)).toBe('203.0.113.50');
    expect(clientIpOf(h({ 'x-forwarded-for': '203.0.113.50' }), trust)).toBe('203.0.113.50');
    expect(clientIpOf(h({ 'x-forwarded-for': '10.0.0.7' }), trust)).toBeNull();
    expect(clientIpOf(h({}), trust)).toBeNull();
    expect(clientIpOf(h({ 'x-forwarded-for': 'x, 10.0.0.7' }), trust)).toBeNull();
    expect(clientIpOf(h({ 'x-forwarded-for': '2001:db8::1, 10.0.0.7' }), trust)).toBe('2001:db8::1');
  });

  it('refuses a malformed PLANNER_TRUSTED_PROXY', () => {
    for (const bad of ['nope', '10.0.0.0/33', '10.0.0.1/8/2', '::1/129', 'vercel,10.0.0.1']) expect(parseProxyTrust(bad, false), bad).toBeUndefined();
    expect(parseProxyTrust('::1, 127.0.0.1', false)!.kind).toBe('proxies');
  });
});
