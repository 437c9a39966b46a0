/**
 * Structured JSON logs (pino). Tokens and secrets are redacted by configuration:
 * any field with one of these names, at any of these depths, prints as [Redacted].
 */
import pino, { type Logger } from 'pino';
import { getEnv } from '../config/env';

export const REDACT_KEYS = [
  'access_token',
  'accessToken',
  'refresh_token',
  'refreshToken',
  'id_token',
  'idToken',
  'client_secret',
  'clientSecret',
  'code_verifier',
  'codeVerifier',
  'code',
  'password',
  'secret',
  'token',
  'authorization',
  'Authorization',
  'cookie',
  'clientState',
  'client_state',
  'subscription_client_state',
];

export const REDACT_PATHS = [
  ...REDACT_KEYS,
  ...REDACT_KEYS.map((k) => `*.${k}`),
  ...REDACT_KEYS.map((k) => `*.*.${k}`),
  'req.headers.authorization',
  'req.headers.cookie',
  'headers.authorization',
  'headers.cookie',
];

export function createLogger(options: { level?: string; destination?: pino.DestinationStream } = {}): Logger {
  return pino(
    {
      level: options.level ?? safeLevel(),
      base: { service: 'planner' },
      redact: { paths: REDACT_PATHS, censor: '[Redacted]' },
      timestamp: pino.stdTimeFunctions.isoTime,
      formatters: { level: (label) => ({ level: label }) },
    },
    options.destination,
  );
}

function safeLevel(): string {
  try {
    return getEnv().LOG_LEVEL;
  } catch {
    return 'info';
  }
}

let root: Logger | undefined;

/** The process logger. Use `.child({ jobId, userId, action })` for context. */
export function logger(): Logger {
  root ??= createLogger();
  return root;
}
