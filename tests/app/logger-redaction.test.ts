/**
 * Logs are JSON with context fields, and never carry a token or secret: every
 * secret below is logged in a realistic shape, and none survives in the output.
 */
import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { GraphError } from '../../src/graph/errors';
import { createLogger, graphLogFields, scrubSecrets } from '../../src/observability/logger';

const JWT = 'eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJ1c2VyLTEyMyJ9.c2lnbmF0dXJlLXNpZ25hdHVyZQ';
const SECRETS = {
  accessToken: 'at-7f3c1d9e-secret-access',
  refreshToken: 'rt-0.AXkA-secret-refresh-token',
  clientSecret: 'cs~secret~client~value',
  cronSecret: 'cron-secret-value-123456',
  smtpPassword: 'smtp-pa55word',
  clientState: 'client-state-guard-xyz',
  verifier: 'pkce-verifier-abcdefghijklmnop',
  cookie: 'better-auth.session_token=sess-cookie-value',
  deltaToken: 'delta-token-opaque-value',
};

function capture() {
  const lines: string[] = [];
  const destination = new Writable({
    write(chunk, _enc, done) {
      lines.push(...chunk.toString().split('\n').filter(Boolean));
      done();
    },
  });
  return { log: createLogger({ level: 'debug', destination }), lines };
}

describe('logger redaction', () => {
  it('redacts secret fields at any depth and secrets inside strings', () => {
    const { log, lines } = capture();
    const job = log.child({ jobId: '42', userId: 'user-1', action: 'update' });
    job.info({ access_token: SECRETS.accessToken, refresh_token: SECRETS.refreshToken }, 'token refreshed');
    job.info({ tokens: { accessToken: SECRETS.accessToken, refreshToken: SECRETS.refreshToken } }, 'nested tokens');
    job.info({ response: { body: { token: { access_token: SECRETS.accessToken } } } }, 'deeply nested');
    log.info({ req: { headers: { authorization: `Bearer ${SECRETS.accessToken}`, cookie: SECRETS.cookie } } }, 'request');
    log.info({ client_secret: SECRETS.clientSecret, code_verifier: SECRETS.verifier, clientState: SECRETS.clientState }, 'oauth');
    log.info({ env: { CRON_SECRET: SECRETS.cronSecret, SMTP_URL: `smtp://alerts:${SECRETS.smtpPassword}@mail.example.com` } }, 'config');
    log.warn(`calling Graph with Bearer ${SECRETS.accessToken} failed`);
    log.info({ url: `https://graph.example/v1.0/me/todo/lists/x/tasks/delta?$deltatoken=${SECRETS.deltaToken}` }, 'delta');
    log.info({ note: `id token was ${JWT}` }, 'jwt in text');
    log.error({ err: new Error(`refresh failed: refresh_token=${SECRETS.refreshToken}&access_token=${SECRETS.accessToken}`) }, 'boom');
    log.info({ smtp: `smtps://user:${SECRETS.smtpPassword}@smtp.example.com:465` }, 'smtp url');

    const output = lines.join('\n');
    for (const [name, secret] of Object.entries(SECRETS)) {
      expect(output, `${name} leaked`).not.toContain(secret);
    }
    expect(output).not.toContain(JWT);
    expect(output).toContain('[Redacted]');
  });

  it('writes one JSON object per line with job, user, action, status and duration', () => {
    const { log, lines } = capture();
    log.child({ jobId: '7', userId: 'u-9', action: 'create' }).info({ status: 'succeeded', durationMs: 84 }, 'sync job succeeded');
    const entry = JSON.parse(lines[0]);
    expect(entry).toMatchObject({
      level: 'info',
      service: 'planner',
      jobId: '7',
      userId: 'u-9',
      action: 'create',
      status: 'succeeded',
      durationMs: 84,
      msg: 'sync job succeeded',
    });
    expect(typeof entry.time).toBe('string');
  });

  it('logs the Graph request id of a Graph error and of a response', () => {
    const { log, lines } = capture();
    const error = new GraphError(429, 'TooManyRequests', 'slow down', { requestId: 'req-abc-123', method: 'PATCH', path: '/me/todo/lists/l/tasks/t' });
    log.warn({ err: error, ...graphLogFields({ method: 'PATCH', route: '/me/todo/lists/{id}/tasks/{id}', status: 429, durationMs: 12, requestId: 'req-abc-123' }) }, 'graph');
    const entry = JSON.parse(lines[0]);
    expect(entry).toMatchObject({ graphRequestId: 'req-abc-123', status: 429, durationMs: 12, method: 'PATCH' });
    expect(entry.err.graphRequestId).toBe('req-abc-123');
  });

  it('scrubSecrets leaves ordinary text alone', () => {
    expect(scrubSecrets('Item not found (404) on list Groceries')).toBe('Item not found (404) on list Groceries');
    expect(scrubSecrets('https://planner.example.com/admin?tab=jobs')).toBe('https://planner.example.com/admin?tab=jobs');
  });
});
