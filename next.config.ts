import type { NextConfig } from 'next';

const config: NextConfig = {
  // Tests that build in parallel each use their own output folder (NEXT_DIST_DIR);
  // a build-time setting of Next itself, so it is read here rather than in env.ts.
  distDir: process.env.NEXT_DIST_DIR || '.next',
  // PGlite ships WASM + data files and pg has optional native bits: load them from node_modules.
  serverExternalPackages: ['@electric-sql/pglite', 'pg', 'pino', 'pino-pretty', 'prom-client', 'nodemailer'],
  // Migrations are read from disk at start; ship them with every server function.
  outputFileTracingIncludes: { '/**': ['./supabase/migrations/*.sql'] },
  poweredByHeader: false,
  typedRoutes: false,
};

export default config;
