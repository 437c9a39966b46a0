/**
 * Stands between the emulator's change notifications and Planner's webhook so the
 * state machine can lose, duplicate or delay them. It answers the emulator at once
 * (202, or the validation echo) and keeps each POST body; `release` hands the kept
 * bodies to the real webhook service (handleNotificationRequest) as Graph would.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Db } from '../../src/db/client';
import { handleNotificationRequest } from '../../src/server/webhook';

export type NotificationFate = 'deliver' | 'lose' | 'duplicate' | 'delay';

export class NotificationRelay {
  private late: string[] = [];
  delivered = 0;
  lost = 0;

  private constructor(
    private readonly server: Server,
    readonly url: string,
    /** Bodies received and not yet given a fate (filled by the server). */
    private readonly pending: string[],
  ) {}

  static async start(): Promise<NotificationRelay> {
    const kept: string[] = [];
    const server = createServer((req, res) => {
      const token = new URL(req.url ?? '/', 'http://relay').searchParams.get('validationToken');
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        if (token !== null) {
          res.writeHead(200, { 'content-type': 'text/plain; charset=utf-8' }).end(token);
          return;
        }
        kept.push(Buffer.concat(chunks).toString('utf8'));
        res.writeHead(202).end();
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return new NotificationRelay(server, `http://127.0.0.1:${(server.address() as AddressInfo).port}/webhook`, kept);
  }

  /** Drops everything kept (a new run). */
  clear(): void {
    this.pending.length = 0;
    this.late = [];
    this.delivered = 0;
    this.lost = 0;
  }

  /** Decides the fate of what arrived since the last call; late ones from earlier arrive with a 'deliver'. */
  async release(db: Db, fate: NotificationFate): Promise<void> {
    const now = this.pending.splice(0);
    if (fate === 'delay') {
      this.late.push(...now);
      return;
    }
    if (fate === 'lose') {
      this.lost += now.length;
      return;
    }
    const bodies = fate === 'duplicate' ? [...now, ...now] : [...this.late.splice(0), ...now];
    for (const body of bodies) await this.post(db, body);
  }

  /** Delivers everything still kept, late ones included (Graph retries for hours). */
  async flush(db: Db): Promise<void> {
    await this.release(db, 'deliver');
  }

  private async post(db: Db, body: string): Promise<void> {
    const response = await handleNotificationRequest(db, new Request(this.url, { method: 'POST', body, headers: { 'content-type': 'application/json' } }));
    if (response.status !== 202) throw new Error(`webhook answered ${response.status}: ${await response.text()}`);
    this.delivered++;
  }

  async close(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}
