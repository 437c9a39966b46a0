/**
 * The client address a request may be throttled by (issue 13 §2.2). Forwarded
 * headers are trusted only from a proxy we were told about; anyone can send them:
 *  - on Vercel (VERCEL set, or PLANNER_TRUSTED_PROXY=vercel): Vercel's edge
 *    overwrites x-forwarded-for / x-real-ip with the connecting client's address;
 *  - PLANNER_TRUSTED_PROXY=<ip or cidr>,...: x-forwarded-for read right to left,
 *    skipping those proxies; the first other address is the client;
 *  - otherwise none: `next start` does not expose the socket address to route
 *    handlers (it only fills x-forwarded-for when the client sent none), so there is
 *    no address we could trust, and the throttle keys by account instead.
 */
import { BlockList, isIP } from 'node:net';

export type ProxyTrust = { kind: 'none' } | { kind: 'vercel' } | { kind: 'proxies'; proxies: BlockList };

/** Parses PLANNER_TRUSTED_PROXY ("vercel" or IPs/CIDRs, comma-separated); undefined = invalid. */
export function parseProxyTrust(value: string | undefined, onVercel: boolean): ProxyTrust | undefined {
  const entries = (value ?? '').split(',').map((e) => e.trim()).filter(Boolean);
  if (entries.length === 0) return onVercel ? { kind: 'vercel' } : { kind: 'none' };
  if (entries.length === 1 && entries[0].toLowerCase() === 'vercel') return { kind: 'vercel' };
  const proxies = new BlockList();
  for (const entry of entries) {
    const [address, prefix, extra] = entry.split('/');
    const family = isIP(address);
    if (!family || extra !== undefined) return undefined;
    const type = family === 4 ? 'ipv4' : 'ipv6';
    if (prefix === undefined) {
      proxies.addAddress(address, type);
      continue;
    }
    const bits = Number(prefix);
    if (!/^\d+$/.test(prefix) || bits > (family === 4 ? 32 : 128)) return undefined;
    proxies.addSubnet(address, bits, type);
  }
  return { kind: 'proxies', proxies };
}

const familyOf = (ip: string) => (isIP(ip) === 6 ? 'ipv6' : 'ipv4');

/** The trusted client address, or null when the request carries none we can trust. */
export function clientIpOf(headers: Headers, trust: ProxyTrust): string | null {
  if (trust.kind === 'none') return null;
  const forwarded = (headers.get('x-forwarded-for') ?? '').split(',').map((s) => s.trim()).filter(Boolean);
  if (trust.kind === 'vercel') {
    const ip = headers.get('x-real-ip')?.trim() || forwarded[0];
    return ip && isIP(ip) ? ip : null;
  }
  for (let i = forwarded.length - 1; i >= 0; i--) {
    const ip = forwarded[i];
    if (!isIP(ip)) return null;
    if (!trust.proxies.check(ip, familyOf(ip))) return ip;
  }
  return null;
}
