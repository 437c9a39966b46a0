/**
 * Serves the real /webhook and /subscriptions route handlers over HTTP on 127.0.0.1
 * (port 0), so the emulator can run its validation handshake and deliver
 * notifications to them, with the test database as the process database.
 */
import { serve } from '@hono/node-server';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll } from 'vitest';
import * as subscriptionsRoute from '../../src/app/api/integrations/outlook/subscriptions/route';
import * as webhookRoute from '../../src/app/api/integrations/outlook/webhook/route';
import type { Database } from '../../src/db/client';
import { setProcessDatabase } from '../helpers/process-env';

export const WEBHOOK_PATH = '/api/integrations/outlook/webhook';
export const SUBSCRIPTIONS_PATH = '/api/integrations/outlook/subscriptions';

type Handler = (request: Request) => Promise<Response>;

function route(request: Request): Promise<Response> | Response {
  const { pathname } = new URL(request.url);
  const pick = (mod: Record<string, unknown>) => mod[request.method] as Handler | undefined;
  const handler =
    pathname === WEBHOOK_PATH ? pick(webhookRoute) : pathname === SUBSCRIPTIONS_PATH ? pick(subscriptionsRoute) : undefined;
  return handler ? handler(request) : new Response('not found', { status: 404 });
}

/** An HTTP server in front of the route handlers; `url` is its base URL. */
export function useRouteServer(database: () => Database) {
  let server: Server | undefined;
  let release: (() => void) | undefined;
  let url = '';
  beforeAll(async () => {
    release = setProcessDatabase(database());
    server = serve({ fetch: route, port: 0, hostname: '127.0.0.1' }) as Server;
    await new Promise<void>((resolve) => (server!.listening ? resolve() : server!.once('listening', () => resolve())));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    server?.closeAllConnections();
    await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
    release?.();
  });
  return {
    get url() {
      return url;
    },
    get webhookUrl() {
      return `${url}${WEBHOOK_PATH}`;
    },
  };
}

/** A Graph-shaped change notification item. */
export function notificationItem(subscriptionId: string, clientState: string | undefined, taskId = 'AAMk-task'): Record<string, unknown> {
  return {
    subscriptionId,
    ...(clientState === undefined ? {} : { clientState }),
    changeType: 'updated',
    resource: `Users/x/Tasks/${taskId}`,
    subscriptionExpirationDateTime: new Date(Date.now() + 3600_000).toISOString(),
    tenantId: '9188040d-6c67-4c5b-b112-36a304b66dad',
    resourceData: { '@odata.type': '#Microsoft.Graph.todoTask', '@odata.id': `Users/x/Tasks/${taskId}`, '@odata.etag': 'W/"1"', id: taskId },
  };
}

export function postJson(url: string, body: unknown): Promise<Response> {
  return fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: typeof body === 'string' ? body : JSON.stringify(body) });
}
