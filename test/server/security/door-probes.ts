import { request as httpRequest } from 'node:http';
import WebSocket from 'ws';
import type { Reply } from '../harness.js';

/**
 * An HTTP request with exactly these headers (node:http, so Host can be forged or left out,
 * as DNS rebinding and hand-made clients do); `host: null` sends no Host header at all.
 */
export function rawRequest(url: string, method: string, path: string, headers: Record<string, string | null> = {}, body?: string): Promise<Reply> {
  const { hostname, port } = new URL(url);
  const sent: Record<string, string> = {};
  for (const [k, v] of Object.entries(headers)) if (v !== null) sent[k] = v;
  const setHost = !Object.keys(headers).some((k) => k.toLowerCase() === 'host');
  if (body !== undefined) sent['content-length'] = String(Buffer.byteLength(body));
  return new Promise((resolve, reject) => {
    const req = httpRequest({ hostname, port, method, path, headers: sent, setHost, agent: false }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => (text += c));
      res.on('end', () => {
        let json: unknown;
        try {
          json = text ? JSON.parse(text) : undefined;
        } catch {
          json = undefined;
        }
        const h = new Headers();
        for (const [k, v] of Object.entries(res.headers)) if (v !== undefined) h.set(k, Array.isArray(v) ? v.join(', ') : v);
        resolve({ status: res.statusCode ?? 0, text, json, headers: h });
      });
    });
    req.on('error', reject);
    req.end(body);
  });
}

export interface UpgradeOutcome {
  /** True when the socket opened (the handshake succeeded). */
  readonly opened: boolean;
  /** Messages received before the probe gave up (none for a refused upgrade). */
  readonly messages: string[];
  /** The HTTP status of a refused upgrade, and its body. */
  readonly status?: number;
  readonly body?: string;
}

/**
 * Tries a WebSocket upgrade with these headers (Origin, Host, Sec-Fetch-Site) and listens for
 * `listenMs` after it opened; a refusal is the HTTP answer the server gave instead of a 101.
 */
export function probeUpgrade(url: string, headers: Record<string, string>, listenMs = 1_500): Promise<UpgradeOutcome> {
  return new Promise((resolve) => {
    const messages: string[] = [];
    let opened = false;
    const ws = new WebSocket(url, { headers });
    ws.on('message', (m) => messages.push(String(m)));
    ws.on('open', () => {
      opened = true;
      setTimeout(() => {
        ws.close();
        resolve({ opened, messages });
      }, listenMs);
    });
    ws.on('unexpected-response', (_req, res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => (body += c));
      res.on('end', () => {
        // Any frame sent after a refusal would arrive here; wait a moment for one, then report.
        setTimeout(() => resolve({ opened, messages, status: res.statusCode, body }), 200);
      });
      res.on('error', () => resolve({ opened, messages, status: res.statusCode, body }));
    });
    ws.on('error', () => {
      if (!opened) setTimeout(() => resolve({ opened, messages }), 300);
    });
  });
}
