/**
 * Local stand-ins for alert destinations, on 127.0.0.1 port 0: a Slack-style
 * webhook receiver and a minimal SMTP server that records each mail.
 */
import { createServer, type Server } from 'node:http';
import { createServer as createTcpServer, type Server as TcpServer } from 'node:net';
import type { AddressInfo } from 'node:net';

export interface WebhookReceiver {
  url: string;
  messages: { text: string }[];
  /** Status to answer with (default 200). */
  status: number;
  close(): Promise<void>;
}

export async function startWebhookReceiver(): Promise<WebhookReceiver> {
  const receiver = { messages: [] as { text: string }[], status: 200 } as WebhookReceiver;
  const server: Server = createServer((req, res) => {
    let body = '';
    req.on('data', (c) => (body += c));
    req.on('end', () => {
      if (receiver.status === 200) receiver.messages.push(JSON.parse(body));
      res.writeHead(receiver.status, { 'content-type': 'text/plain' }).end(receiver.status === 200 ? 'ok' : 'nope');
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  receiver.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hooks/alerts`;
  receiver.close = () => new Promise((r) => server.close(() => r()));
  return receiver;
}

export interface SmtpReceiver {
  url: string;
  mails: { from: string; to: string[]; data: string }[];
  close(): Promise<void>;
}

/** Just enough SMTP (EHLO, MAIL, RCPT, DATA, QUIT) for nodemailer without TLS. */
export async function startSmtpReceiver(): Promise<SmtpReceiver> {
  const mails: SmtpReceiver['mails'] = [];
  const server: TcpServer = createTcpServer((socket) => {
    let buffer = '';
    let inData = false;
    let mail = { from: '', to: [] as string[], data: '' };
    const reply = (line: string) => socket.write(`${line}\r\n`);
    reply('220 localhost test SMTP');
    socket.on('data', (chunk) => {
      buffer += chunk.toString('utf8');
      for (let i = buffer.indexOf('\r\n'); i >= 0; i = buffer.indexOf('\r\n')) {
        const line = buffer.slice(0, i);
        buffer = buffer.slice(i + 2);
        if (inData) {
          if (line === '.') {
            inData = false;
            mails.push(mail);
            mail = { from: '', to: [], data: '' };
            reply('250 queued');
          } else mail.data += line.replace(/^\.\./, '.') + '\n';
          continue;
        }
        const verb = line.slice(0, 4).toUpperCase();
        if (verb === 'MAIL') mail.from = line.slice(10).replace(/[<>]/g, '').trim();
        if (verb === 'RCPT') mail.to.push(line.slice(8).replace(/[<>]/g, '').trim());
        if (verb === 'DATA') inData = true;
        if (verb === 'EHLO' || verb === 'HELO') reply('250 localhost');
        else if (verb === 'MAIL' || verb === 'RCPT' || verb === 'RSET' || verb === 'NOOP') reply('250 ok');
        else if (verb === 'DATA') reply('354 end with .');
        else if (verb === 'QUIT') socket.end('221 bye\r\n');
        else reply('502 not implemented');
      }
    });
    socket.on('error', () => {});
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `smtp://127.0.0.1:${port}`,
    mails,
    close: () => new Promise((r) => server.close(() => r())),
  };
}
