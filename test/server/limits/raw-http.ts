import { connect } from 'node:net';
import type { Reply } from '../harness.js';

export interface RawAnswer {
  /** The parsed answer (status, headers, body), as the harness's request() gives it. */
  readonly reply: Reply;
  /** The server closed the connection after answering (it did not leave it hanging). */
  readonly closed: boolean;
  /** Milliseconds from the first byte sent to the connection's close (or the time limit). */
  readonly ms: number;
}

/**
 * Speaks HTTP/1.1 over a bare TCP socket: `write` sends whatever it likes (a 100 kB header, a
 * 10 MB body, garbage), then the answer is read until the server closes the connection or
 * `timeoutMs` passes. Write errors after the answer (the server stopped reading) are expected.
 */
export function rawHttp(port: number, write: (send: (chunk: string | Buffer) => boolean) => void, timeoutMs = 5_000): Promise<RawAnswer> {
  return new Promise((resolve) => {
    const t0 = Date.now();
    const socket = connect(port, '127.0.0.1');
    const chunks: Buffer[] = [];
    let done = false;
    const finish = (closed: boolean) => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      socket.destroy();
      resolve({ reply: parse(Buffer.concat(chunks).toString('utf8')), closed, ms: Date.now() - t0 });
    };
    const timer = setTimeout(() => finish(false), timeoutMs);
    socket.on('data', (b) => chunks.push(b));
    socket.on('error', () => {}); // EPIPE / ECONNRESET once the server has answered and closed
    socket.on('close', () => finish(true));
    socket.on('connect', () => write((chunk) => !socket.destroyed && socket.write(chunk)));
  });
}

function parse(text: string): Reply {
  const split = text.indexOf('\r\n\r\n');
  const head = split >= 0 ? text.slice(0, split) : text;
  const body = split >= 0 ? text.slice(split + 4) : '';
  const [statusLine = '', ...lines] = head.split('\r\n');
  const headers = new Headers();
  for (const l of lines) {
    const i = l.indexOf(':');
    if (i > 0) headers.append(l.slice(0, i).trim(), l.slice(i + 1).trim());
  }
  let json: unknown;
  try {
    json = JSON.parse(body);
  } catch {
    json = undefined;
  }
  return { status: Number(statusLine.split(' ')[1] ?? 0), text: body, json, headers };
}
