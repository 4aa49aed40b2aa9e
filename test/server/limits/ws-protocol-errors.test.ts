import { Writable } from 'node:stream';
import { rmSync } from 'node:fs';
import pino from 'pino';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { loadConfig } from '../../../src/app/config.js';
import { startApp, type Running } from '../../../src/app/create-app.js';
import { LOG_REDACT } from '../../../src/app/logger.js';
import { PerClientLogThrottle } from '../../../src/server/limits/ws-error-log.js';
import { freshDataDir, testEnv } from '../harness.js';
import { rawWs } from './raw-ws.js';

interface LogLine {
  level: number;
  msg: string;
  code?: string;
  client?: string;
  suppressed?: number;
  err?: unknown;
  stack?: unknown;
}

let app: Running;
let dataDir: string;
let port: number;
const lines: LogLine[] = [];
const raw: string[] = [];

beforeAll(async () => {
  dataDir = freshDataDir();
  // The application's own logger (pino, redaction on), writing into this test.
  const sink = new Writable({
    write(chunk: Buffer, _enc, done) {
      for (const l of chunk.toString().split('\n').filter(Boolean)) {
        raw.push(l);
        lines.push(JSON.parse(l) as LogLine);
      }
      done();
    },
  });
  app = await startApp(loadConfig(testEnv(dataDir)), pino({ level: 'info', redact: LOG_REDACT }, sink));
  port = Number(new URL(app.url).port);
});
afterAll(async () => {
  await app?.close();
  rmSync(dataDir, { recursive: true, force: true });
});
beforeEach(() => {
  lines.length = 0;
  raw.length = 0;
});

const badFrames: { name: string; send: (ws: Awaited<ReturnType<typeof rawWs>>) => void; close: number; code: string }[] = [
  { name: 'a text frame that is not UTF-8', send: (ws) => ws.frame(0x1, Buffer.from([0xc3, 0x28, 0xff, 0xfe])), close: 1007, code: 'WS_ERR_INVALID_UTF8' },
  { name: 'a frame over the 64 kB maxPayload', send: (ws) => ws.frame(0x2, Buffer.alloc(16), { length: 200 * 1024 }), close: 1009, code: 'WS_ERR_UNSUPPORTED_MESSAGE_LENGTH' },
  { name: 'an unknown opcode', send: (ws) => ws.frame(0x3, Buffer.from('x')), close: 1002, code: 'WS_ERR_INVALID_OPCODE' },
  { name: 'an unmasked client frame', send: (ws) => ws.frame(0x1, Buffer.from('{"op":"symbols"}'), { masked: false }), close: 1002, code: 'WS_ERR_EXPECTED_MASK' },
];

describe('WebSocket protocol errors (bad frames from a client)', () => {
  it.each(badFrames)('$name: the connection is closed ($close) and one warn line is logged, without a stack trace', async ({ send, close, code }) => {
    // One client address per case, so the per-client throttle lets each case's first line through.
    for (const path of ['/ws/multi-symbol', '/ws/multi-exchange/BTCUSDT']) {
      lines.length = 0;
      raw.length = 0;
      const ws = await rawWs(port, path, `127.0.0.${10 + badFrames.findIndex((b) => b.code === code) * 2 + (path === '/ws/multi-symbol' ? 0 : 1)}`);
      send(ws);
      expect(await ws.closed).toBe(close);
      await new Promise((r) => setTimeout(r, 50));
      const about = lines.filter((l) => l.code === code);
      expect(about, raw.join('\n')).toHaveLength(1);
      expect(about[0]!.level, 'warn').toBe(40);
      expect(lines.filter((l) => l.level >= 50), 'no error-level line').toEqual([]);
      expect(raw.join('\n')).not.toMatch(/\bat .+:\d+:\d+/);
      expect(about[0]!.err).toBeUndefined();
      expect(about[0]!.stack).toBeUndefined();
    }
  });

  it('a client sending bad frames in a loop gets one log line per 10 s, not one per frame; the server keeps serving', async () => {
    for (let i = 0; i < 40; i++) {
      const ws = await rawWs(port, '/ws/multi-symbol', '127.0.0.99');
      ws.frame(0x1, Buffer.from([0xff]));
      await ws.closed;
    }
    await new Promise((r) => setTimeout(r, 50));
    const warned = lines.filter((l) => l.client === '127.0.0.99');
    expect(warned).toHaveLength(1);
    expect((await fetch(`${app.url}/health`)).status).toBe(200);
  });
});

describe('PerClientLogThrottle', () => {
  it('admits the first line of a client per window, counts the rest, and reports them with the next line', () => {
    let now = 0;
    const t = new PerClientLogThrottle(10_000, () => now);
    expect(t.admit('a')).toEqual({ suppressed: 0 });
    for (let i = 0; i < 5; i++) expect(t.admit('a')).toBeNull();
    expect(t.admit('b')).toEqual({ suppressed: 0 });
    now = 10_000;
    expect(t.admit('a')).toEqual({ suppressed: 5 });
    expect(t.admit('a')).toBeNull();
  });

  it('keeps a bounded number of clients', () => {
    let now = 0;
    const t = new PerClientLogThrottle(10_000, () => now, 100);
    for (let i = 0; i < 1_000; i++) t.admit(`c${i}`);
    now = 20_000;
    expect(t.admit('c0')).toEqual({ suppressed: 0 });
  });
});
