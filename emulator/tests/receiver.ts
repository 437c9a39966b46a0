/** A local webhook receiver for tests: answers the validation handshake and records notifications. */
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface ReceiverBehaviour {
  /** How to answer the handshake: echo (correct), wrong (other text), status500, html (echo as text/html). */
  validation: 'echo' | 'wrong' | 'status500' | 'html' | 'encoded';
  /** Fail this many notification POSTs with 500 before succeeding. */
  failFirst: number;
  /** Delay every notification answer by this many ms. */
  delayMs: number;
}

export interface Receiver {
  url: string;
  notifications: Record<string, unknown>[];
  posts: { value: Record<string, unknown>[] }[];
  validations: string[];
  behaviour: ReceiverBehaviour;
  close(): Promise<void>;
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve) => {
    let data = '';
    req.on('data', (chunk) => (data += chunk));
    req.on('end', () => resolve(data));
  });
}

export async function startReceiver(behaviour: Partial<ReceiverBehaviour> = {}): Promise<Receiver> {
  const receiver = {
    notifications: [] as Record<string, unknown>[],
    posts: [] as { value: Record<string, unknown>[] }[],
    validations: [] as string[],
    behaviour: { validation: 'echo', failFirst: 0, delayMs: 0, ...behaviour } as ReceiverBehaviour,
  };
  let failures = 0;
  const server: Server = createServer(async (req, res) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const body = await readBody(req);
    const token = url.searchParams.get('validationToken');
    if (req.method === 'POST' && token !== null) {
      receiver.validations.push(token);
      const mode = receiver.behaviour.validation;
      if (mode === 'status500') return void res.writeHead(500).end();
      const text = mode === 'wrong' ? 'nope' : mode === 'encoded' ? encodeURIComponent(token) : token;
      res.writeHead(200, { 'content-type': mode === 'html' ? 'text/html' : 'text/plain' });
      return void res.end(text);
    }
    if (receiver.behaviour.delayMs) await new Promise((r) => setTimeout(r, receiver.behaviour.delayMs));
    if (failures < receiver.behaviour.failFirst) {
      failures += 1;
      return void res.writeHead(500).end();
    }
    const parsed = JSON.parse(body) as { value: Record<string, unknown>[] };
    receiver.posts.push(parsed);
    receiver.notifications.push(...parsed.value);
    res.writeHead(202).end();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    ...receiver,
    url: `http://127.0.0.1:${port}/webhook?source=test`,
    close: () => {
      server.closeAllConnections();
      return new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
