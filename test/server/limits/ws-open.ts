import WebSocket from 'ws';

export interface OpenSocket {
  readonly ok: true;
  readonly ws: WebSocket;
  /** Every message received, from the first (messages sent with the handshake included). */
  readonly messages: string[];
  /** The close code, once closed. */
  readonly closed: Promise<number>;
}
export type Opened = OpenSocket | { ok: false; status: number; body: string };

/** Opens a WebSocket (from `localAddress`, default 127.0.0.1); a refused upgrade gives its HTTP status and body. */
export function openWs(url: string, localAddress = '127.0.0.1'): Promise<Opened> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url, { localAddress });
    const messages: string[] = [];
    ws.on('message', (m) => messages.push(String(m)));
    const closed = new Promise<number>((r) => ws.once('close', (code) => r(code)));
    ws.on('unexpected-response', (_req, res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => (body += c));
      res.on('end', () => resolve({ ok: false, status: res.statusCode ?? 0, body }));
    });
    ws.once('open', () => resolve({ ok: true, ws, messages, closed }));
    ws.once('error', (err) => {
      if (!/Unexpected server response/.test(err.message)) reject(err);
    });
  });
}
