import type { NextConfig } from 'next';

const config: NextConfig = {
  // PGlite ships WASM + data files and pg has optional native bits: load them from node_modules.
  serverExternalPackages: ['@electric-sql/pglite', 'pg', 'pino', 'pino-pretty', 'prom-client', 'nodemailer'],
  // Migrations are read from disk at start; ship them with every server function.
  outputFileTracingIncludes: { '/**': ['./supabase/migrations/*.sql'] },
  poweredByHeader: false,
  typedRoutes: false,
};

export default config;
