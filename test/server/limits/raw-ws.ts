import { randomBytes } from 'node:crypto';
import { connect, type Socket } from 'node:net';

/** A WebSocket client on a bare TCP socket: it can send frames no real client library would. */
export interface RawWs {
  readonly socket: Socket;
  /** Sends one frame: `opcode`, `payload`, masked unless `masked: false`, `length` to lie about its size. */
  frame(opcode: number, payload: Buffer, opts?: { masked?: boolean; length?: number }): void;
  /** Resolves with the close code the server sent (or null if it just hung up). */
  readonly closed: Promise<number | null>;
}

/** Completes the opening handshake on `path`, then hands over the socket. */
export function rawWs(port: number, path: string, localAddress = '127.0.0.1'): Promise<RawWs> {
  return new Promise((resolve, reject) => {
    const socket = connect({ port, host: '127.0.0.1', localAddress });
    let buf = Buffer.alloc(0);
    let upgraded = false;
    let closeCode: number | null = null;
    const closed = new Promise<number | null>((r) => socket.once('close', () => r(closeCode)));
    socket.on('error', () => {});
    socket.on('data', (b: Buffer) => {
      buf = Buffer.concat([buf, b]);
      if (!upgraded) {
        const end = buf.indexOf('\r\n\r\n');
        if (end < 0) return;
        const head = buf.subarray(0, end).toString();
        if (!head.startsWith('HTTP/1.1 101')) return reject(new Error(`no upgrade: ${head.split('\r\n')[0]}`));
        upgraded = true;
        buf = buf.subarray(end + 4);
        resolve({ socket, frame, closed });
      }
      // Server frames are unmasked; a close frame (0x8) carries its code in the first two bytes.
      while (buf.length >= 2) {
        const len = buf[1]! & 0x7f;
        const start = len === 126 ? 4 : len === 127 ? 10 : 2;
        const size = len === 126 ? buf.readUInt16BE(2) : len === 127 ? Number(buf.readBigUInt64BE(2)) : len;
        if (buf.length < start + size) return;
        if ((buf[0]! & 0x0f) === 0x8 && size >= 2) closeCode = buf.readUInt16BE(start);
        buf = buf.subarray(start + size);
      }
    });
    const frame = (opcode: number, payload: Buffer, opts: { masked?: boolean; length?: number } = {}) => {
      const masked = opts.masked ?? true;
      const length = opts.length ?? payload.length;
      const head: number[] = [0x80 | opcode];
      const m = masked ? 0x80 : 0;
      if (length < 126) head.push(m | length);
      else if (length < 65536) head.push(m | 126, length >> 8, length & 0xff);
      else {
        head.push(m | 127);
        const b = Buffer.alloc(8);
        b.writeBigUInt64BE(BigInt(length));
        head.push(...b);
      }
      const key = randomBytes(4);
      const body = masked ? Buffer.from(payload.map((x, i) => x ^ key[i % 4]!)) : payload;
      socket.write(Buffer.concat([Buffer.from(head), masked ? key : Buffer.alloc(0), body]));
    };
    socket.on('connect', () => {
      socket.write(
        `GET ${path} HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n` +
          `Sec-WebSocket-Key: ${randomBytes(16).toString('base64')}\r\nSec-WebSocket-Version: 13\r\n\r\n`,
      );
    });
  });
}
