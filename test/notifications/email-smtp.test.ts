import { afterEach, describe, expect, it } from 'vitest';
import { SMTPServer } from 'smtp-server';
import { emailTransport } from '../../src/adapters/notify/email-transport.js';
import type { ChannelConfig } from '../../src/engine/notifications/ports.js';

interface Arrived {
  user: string | undefined;
  secure: boolean;
  from: string | undefined;
  to: string[];
  raw: string;
}

/** A real SMTP server (smtp-server, its own self-signed certificate): STARTTLS offered, AUTH required after it. */
async function smtp(users: Record<string, string>): Promise<{ port: number; arrived: Arrived[]; close(): Promise<void> }> {
  const arrived: Arrived[] = [];
  const server = new SMTPServer({
    authMethods: ['PLAIN', 'LOGIN'],
    logger: false,
    onAuth(auth, session, cb) {
      if (!session.secure) return cb(new Error('auth only after STARTTLS'));
      if (auth.username && users[auth.username] === auth.password) return cb(null, { user: auth.username });
      return cb(Object.assign(new Error('Invalid username or password'), { responseCode: 535 }));
    },
    onData(stream, session, cb) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        arrived.push({
          user: session.user as string | undefined,
          secure: session.secure,
          from: session.envelope.mailFrom ? session.envelope.mailFrom.address : undefined,
          to: session.envelope.rcptTo.map((r) => r.address),
          raw: Buffer.concat(chunks).toString('utf8'),
        });
        cb();
      });
    },
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  const port = (server.server.address() as { port: number }).port;
  return { port, arrived, close: () => new Promise<void>((r) => server.close(() => r())) };
}

const config = (port: number, password: string): ChannelConfig => ({
  channel: 'email',
  enabled: true,
  events: ['order_filled'],
  settings: { host: '127.0.0.1', port, security: 'starttls', user: 'trader', from: 'bot@trainer.test', to: 'me@trainer.test', allow_self_signed: true },
  secret: password,
  secretMasked: '••••',
  problem: null,
});
const message = { dedupKey: 'fill:7', kind: 'order_filled' as const, title: 'Order filled: BTCUSDT', body: 'BUY BTCUSDT on sim (simulation) 0.01 @ 64012.5', time: 1_700_000_000_000 };

const closers: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const c of closers.splice(0)) await c();
});

describe('email over SMTP (nodemailer) against a real SMTP server', () => {
  it('arrives over STARTTLS with auth: sender, recipient, subject and body', async () => {
    const server = await smtp({ trader: 's3cret-pass' });
    closers.push(server.close);
    const outcome = await emailTransport.send(message, config(server.port, 's3cret-pass'));
    expect(outcome).toEqual({ ok: true });
    expect(server.arrived).toHaveLength(1);
    const m = server.arrived[0]!;
    expect(m).toMatchObject({ user: 'trader', secure: true, from: 'bot@trainer.test', to: ['me@trainer.test'] });
    expect(m.raw).toMatch(/^Subject: \[Scalping Trainer\] Order filled: BTCUSDT$/m);
    expect(m.raw).toContain('BUY BTCUSDT on sim (simulation) 0.01 @ 64012.5');
    expect(m.raw).toMatch(/^Message-ID: <fill%3A7@scalping-trainer>$/im);
  });

  it('a wrong password is refused by the server and given up (not retried)', async () => {
    const server = await smtp({ trader: 's3cret-pass' });
    closers.push(server.close);
    const outcome = await emailTransport.send(message, config(server.port, 'wrong'));
    expect(outcome.ok).toBe(false);
    if (!outcome.ok) {
      expect(outcome.error).toMatch(/Invalid username or password|535/);
      expect(outcome.permanent).toBe(true);
    }
    expect(server.arrived).toHaveLength(0);
  });

  it('a server that cannot be reached is a retryable failure', async () => {
    const server = await smtp({});
    const port = server.port;
    await server.close();
    const outcome = await emailTransport.send(message, config(port, 'x'));
    expect(outcome.ok).toBe(false);
    if (!outcome.ok) expect(outcome.permanent).toBeUndefined();
  });
});
