import { describe, expect, it } from 'vitest';
import { contentSecurityPolicy, isCrossSitePagePost, pageSecurityHeaders, STATIC_SECURITY_HEADERS } from './security-headers';

const directives = (csp: string) => Object.fromEntries(csp.split('; ').map((d) => [d.split(' ')[0], d.split(' ').slice(1)]));

describe('security headers', () => {
  it('the CSP allows scripts only from us and with the nonce, and no framing', () => {
    const csp = directives(contentSecurityPolicy({ nonce: 'abc123' }));
    expect(csp['script-src']).toEqual(["'self'", "'nonce-abc123'", "'strict-dynamic'"]);
    expect(csp['script-src']).not.toContain("'unsafe-inline'");
    expect(csp['frame-ancestors']).toEqual(["'none'"]);
    expect(csp['object-src']).toEqual(["'none'"]);
    expect(csp['default-src']).toEqual(["'self'"]);
    expect(csp['form-action']).toEqual(["'self'"]);
  });

  it('development adds unsafe-eval for React, production never does', () => {
    expect(directives(contentSecurityPolicy({ nonce: 'n', dev: true }))['script-src']).toContain("'unsafe-eval'");
    expect(contentSecurityPolicy({ nonce: 'n' })).not.toContain('unsafe-eval');
  });

  it('HSTS only when the app is served over https; the static set has nosniff, DENY and the referrer policy', () => {
    expect(pageSecurityHeaders({ nonce: 'n', https: true })['Strict-Transport-Security']).toMatch(/^max-age=31536000/);
    expect(pageSecurityHeaders({ nonce: 'n', https: false })).not.toHaveProperty('Strict-Transport-Security');
    expect(STATIC_SECURITY_HEADERS).toEqual({
      'X-Content-Type-Options': 'nosniff',
      'X-Frame-Options': 'DENY',
      'Referrer-Policy': 'strict-origin-when-cross-origin',
    });
  });

  it('a POST to a page from another origin is cross-site; our own, a GET or no Origin is not', () => {
    const h = (entries: Record<string, string>) => new Headers(entries);
    expect(isCrossSitePagePost('POST', h({ host: 'planner.test', origin: 'https://evil.example' }))).toBe(true);
    expect(isCrossSitePagePost('POST', h({ host: 'planner.test', origin: 'null' }))).toBe(true);
    expect(isCrossSitePagePost('POST', h({ host: 'planner.test', origin: 'not a url' }))).toBe(true);
    expect(isCrossSitePagePost('POST', h({ host: 'internal:3000', 'x-forwarded-host': 'planner.test', origin: 'https://planner.test' }))).toBe(false);
    expect(isCrossSitePagePost('POST', h({ host: 'planner.test', origin: 'https://planner.test' }))).toBe(false);
    expect(isCrossSitePagePost('POST', h({ host: 'planner.test' }))).toBe(false);
    expect(isCrossSitePagePost('GET', h({ host: 'planner.test', origin: 'https://evil.example' }))).toBe(false);
  });
});
