/**
 * Structured JSON logs (pino). Tokens and secrets are redacted by configuration:
 *  - any field with one of REDACT_KEYS as its name, up to four levels deep,
 *    prints as [Redacted];
 *  - bearer tokens, JWTs and credentials in URLs inside any string (an error
 *    message, a stack, a URL) are masked by the `log` formatter and the `err`
 *    serializer.
 * Conventional context fields: jobId, userId, action, workerId, graphRequestId,
 * status, durationMs (see runJob and graphLogFields).
 */
import pino, { type Logger } from 'pino';
import { getEnv } from '../config/env';

export const REDACT_KEYS = [
  'access_token',
  'accessToken',
  'refresh_token',
  'refreshToken',
  'refresh_token_secret',
  'id_token',
  'idToken',
  'client_secret',
  'clientSecret',
  'code_verifier',
  'codeVerifier',
  // An OAuth authorization code travels as `code=` in URLs (scrubbed in strings below);
  // a field named `code` is a Graph/OAuth *error* code and must stay readable in logs.
  'authorization_code',
  'authorizationCode',
  'password',
  'secret',
  'token',
  'apiKey',
  'api_key',
  'authorization',
  'Authorization',
  'cookie',
  'set-cookie',
  'clientState',
  'client_state',
  'subscription_client_state',
  'validationToken',
  'ciphertext',
  'OUTLOOK_SYNC_JOB_SECRET',
  'NEXTAUTH_SECRET',
  'TOKEN_ENCRYPTION_KEY',
  'CRON_SECRET',
  'MICROSOFT_CLIENT_SECRET',
  'SUPABASE_SERVICE_KEY',
  'SMTP_URL',
  'smtpUrl',
];

const keyPath = (k: string) => (/^[A-Za-z_$][\w$]*$/.test(k) ? k : `["${k}"]`);
const nested = (prefix: string, k: string) => (keyPath(k).startsWith('[') ? `${prefix}${keyPath(k)}` : `${prefix}.${k}`);

export const REDACT_PATHS = [
  ...REDACT_KEYS.map(keyPath),
  ...REDACT_KEYS.map((k) => nested('*', k)),
  ...REDACT_KEYS.map((k) => nested('*.*', k)),
  ...REDACT_KEYS.map((k) => nested('*.*.*', k)),
  'req.headers.authorization',
  'req.headers.cookie',
  'headers.authorization',
  'headers.cookie',
];

const SECRET_PATTERNS: [RegExp, string][] = [
  [/\b(Bearer|Basic)\s+[A-Za-z0-9._~+/=-]{8,}/gi, '$1 [Redacted]'],
  [/\beyJ[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]*/g, '[Redacted JWT]'],
  [/(\b[a-z][a-z0-9+.-]*:\/\/[^\s:/@]+:)[^\s@/]+@/gi, '$1[Redacted]@'],
  [/((?:^|[?&\s,;(])(?:access_token|refresh_token|id_token|code|client_secret|code_verifier|validationToken|\$deltatoken|\$skiptoken)=)[^&\s"']+/gi, '$1[Redacted]'],
];

/** Masks bearer tokens, JWTs, URL credentials and token query parameters in a string. */
export function scrubSecrets(text: string): string {
  let out = text;
  for (const [pattern, replacement] of SECRET_PATTERNS) out = out.replace(pattern, replacement);
  return out;
}

function scrubDeep(value: unknown, depth = 0): unknown {
  if (typeof value === 'string') return scrubSecrets(value);
  if (depth > 5 || value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) return value.map((v) => scrubDeep(v, depth + 1));
  if (value instanceof Date || value instanceof Error) return value;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) out[k] = scrubDeep(v, depth + 1);
  return out;
}

function serializeError(error: unknown) {
  const base = pino.stdSerializers.err(error as Error) as Record<string, unknown>;
  const requestId = (error as { requestId?: unknown }).requestId;
  if (typeof requestId === 'string') base.graphRequestId = requestId;
  return scrubDeep(base);
}

export function createLogger(options: { level?: string; destination?: pino.DestinationStream } = {}): Logger {
  return pino(
    {
      level: options.level ?? safeLevel(),
      base: { service: 'planner' },
      redact: { paths: REDACT_PATHS, censor: '[Redacted]' },
      timestamp: pino.stdTimeFunctions.isoTime,
      serializers: { err: serializeError, error: serializeError },
      formatters: {
        level: (label) => ({ level: label }),
        log: (object) => scrubDeep(object) as Record<string, unknown>,
      },
      hooks: {
        logMethod(args, method) {
          // Scrub the message string too (the object is scrubbed by formatters.log).
          const scrubbed = args.map((a) => (typeof a === 'string' ? scrubSecrets(a) : a)) as typeof args;
          return method.apply(this, scrubbed);
        },
      },
    },
    options.destination,
  );
}

/** Fields to log for one Graph response (createGraphHttp's onResponse event, or a GraphError). */
export function graphLogFields(event: {
  method?: string;
  route?: string;
  path?: string;
  status: number;
  durationMs?: number;
  requestId?: string;
}) {
  return {
    graphRequestId: event.requestId,
    method: event.method,
    route: event.route ?? event.path,
    status: event.status,
    durationMs: event.durationMs,
  };
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
