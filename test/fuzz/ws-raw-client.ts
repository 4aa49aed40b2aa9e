import { randomBytes } from 'node:crypto';
import { connect } from 'node:net';

/** What one fuzzed WebSocket connection saw. */
export interface WsOutcome {
  /** 101 when upgraded, else the HTTP status of the refusal (0: no answer at all). */
  status: number;
  /** The refusal's body (not upgraded), as text. */
  body: string;
  /** Text messages the server sent, in order. */
  readonly texts: string[];
  /** Binary messages the server sent (none is expected). */
  binaries: number;
  /** The code of the server's close frame, null if it sent none before the socket ended. */
  closeCode: number | null;
  /** True when the server closed (or hung up) before the client's own close. */
  closedByServer: boolean;
}

const OP = { continuation: 0, text: 1, binary: 2, close: 8, ping: 9, pong: 10 } as const;

/**
 * A WebSocket client on a bare TCP socket that sends the request path byte for byte (no URL
 * normalisation: `..`, `%00` and bad escapes reach the server as written), then `messages` as
 * masked text or binary frames, then a ping; once the pong is back (the server has read every frame
 * before it) and `settleMs` more have passed, a close (1000). Resolves with what it saw.
 */
export function fuzzWs(port: number, path: string, messages: readonly (string | Uint8Array)[], settleMs = 15, timeoutMs = 5000): Promise<WsOutcome> {
  return new Promise((resolve) => {
    const out: WsOutcome = { status: 0, body: '', texts: [], binaries: 0, closeCode: null, closedByServer: false };
    const socket = connect({ port, host: '127.0.0.1' });
    let buf = Buffer.alloc(0);
    let upgraded = false;
    let closing = false;
    let partial: Buffer[] = [];
    let partialOp = 0;
    const done = () => {
      clearTimeout(timer);
      socket.destroy();
      resolve(out);
    };
    const timer = setTimeout(done, timeoutMs);
    const frame = (opcode: number, payload: Uint8Array) => {
      const n = payload.length;
      const head = n < 126 ? Buffer.from([0x80 | opcode, 0x80 | n]) : n < 65536 ? Buffer.from([0x80 | opcode, 0x80 | 126, n >> 8, n & 0xff]) : Buffer.concat([Buffer.from([0x80 | opcode, 0x80 | 127]), bigLength(n)]);
      const key = randomBytes(4);
      const body = Buffer.from(payload.map((x, i) => x ^ key[i % 4]!));
      socket.write(Buffer.concat([head, key, body]));
    };
    const closeNow = () => {
      if (closing || socket.destroyed) return;
      closing = true;
      frame(OP.close, Buffer.from([0x03, 0xe8]));
    };
    socket.on('error', () => {});
    socket.on('close', () => {
      if (!closing) out.closedByServer = true;
      done();
    });
    socket.on('connect', () => {
      socket.write(
        `GET ${path} HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n` +
          `Sec-WebSocket-Key: ${randomBytes(16).toString('base64')}\r\nSec-WebSocket-Version: 13\r\n\r\n`,
      );
    });
    socket.on('data', (b: Buffer) => {
      buf = Buffer.concat([buf, b]);
      if (!upgraded) {
        const end = buf.indexOf('\r\n\r\n');
        if (end < 0) return;
        const head = buf.subarray(0, end).toString('latin1');
        out.status = Number(/^HTTP\/1\.1 (\d{3})/.exec(head)?.[1] ?? 0);
        if (out.status !== 101) {
          const length = Number(/\r\ncontent-length: *(\d+)/i.exec(head)?.[1] ?? -1);
          const body = buf.subarray(end + 4);
          if (length >= 0 && body.length < length) return; // the rest of the body is on its way
          out.body = body.subarray(0, length >= 0 ? length : undefined).toString('utf8');
          closing = true;
          return done();
        }
        upgraded = true;
        buf = buf.subarray(end + 4);
        for (const m of messages) frame(typeof m === 'string' ? OP.text : OP.binary, typeof m === 'string' ? Buffer.from(m, 'utf8') : m);
        frame(OP.ping, Buffer.from('fuzz'));
      }
      while (buf.length >= 2) {
        const len = buf[1]! & 0x7f;
        const start = len === 126 ? 4 : len === 127 ? 10 : 2;
        if (buf.length < start) return;
        const size = len === 126 ? buf.readUInt16BE(2) : len === 127 ? Number(buf.readBigUInt64BE(2)) : len;
        if (buf.length < start + size) return;
        const fin = (buf[0]! & 0x80) !== 0;
        const op = buf[0]! & 0x0f;
        const payload = buf.subarray(start, start + size);
        buf = buf.subarray(start + size);
        if (op === OP.close) {
          if (size >= 2) out.closeCode = payload.readUInt16BE(0);
          if (!closing) out.closedByServer = true;
          closeNow();
          continue;
        }
        if (op === OP.pong) {
          setTimeout(closeNow, settleMs);
          continue;
        }
        if (op === OP.ping) continue;
        if (op === OP.text || op === OP.binary) {
          partialOp = op;
          partial = [];
        }
        partial.push(Buffer.from(payload));
        if (!fin) continue;
        const whole = Buffer.concat(partial);
        if (partialOp === OP.text) out.texts.push(whole.toString('utf8'));
        else out.binaries++;
        partial = [];
      }
    });
  });
}

function bigLength(n: number): Buffer {
  const b = Buffer.alloc(8);
  b.writeBigUInt64BE(BigInt(n));
  return b;
}
