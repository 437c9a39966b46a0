import type { NextConfig } from 'next';
import { STATIC_SECURITY_HEADERS } from './src/server/http/security-headers';

const config: NextConfig = {
  // Tests that build in parallel each use their own output folder (NEXT_DIST_DIR);
  // a build-time setting of Next itself, so it is read here rather than in env.ts.
  distDir: process.env.NEXT_DIST_DIR || '.next',
  // PGlite ships WASM + data files and pg has optional native bits: load them from node_modules.
  serverExternalPackages: ['@electric-sql/pglite', 'pg', 'pino', 'pino-pretty', 'prom-client', 'nodemailer'],
  // Migrations are read from disk at start; ship them with every server function.
  outputFileTracingIncludes: { '/**': ['./supabase/migrations/*.sql'] },
  poweredByHeader: false,
  // nosniff, X-Frame-Options DENY, Referrer-Policy on every response; the CSP (a nonce per
  // request) and HSTS (when NEXTAUTH_URL is https) come from src/proxy.ts.
  async headers() {
    const headers = Object.entries(STATIC_SECURITY_HEADERS).map(([key, value]) => ({ key, value }));
    return [{ source: '/:path*', headers }];
  },
  experimental: {
    // The proxy makes Next buffer page POST bodies (server actions); keep that to their 1 MB limit.
    proxyClientMaxBodySize: '1mb',
  },
  typedRoutes: false,
};

export default config;
