/**
 * The HTTP + WebSocket server of every fake exchange (Binance, Bybit, OKX, Coinbase) on
 * 127.0.0.1: an upgrade is refused with a bare 503 while `faults.refuseWs` is set and with a 404 on
 * a path the venue does not serve, as a venue's edge does; an opened socket is tracked for the
 * fault switches' drop. The market feed starts once the port is bound and stops first on close.
 *
 * @example
 *   const served = await serveFake({ handler, upgrade: (req) => (ws) => streams.attach(ws), faults, feed, port: opts.port });
 *   // served.base: '127.0.0.1:PORT'
 *   await served.close();
 */
import { createServer, type IncomingMessage, type RequestListener, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type WebSocket } from 'ws';
import type { MarketFeed } from '../../src/sim/market/market-feed.js';
import type { Faults } from './faults.js';

export interface FakeServerParts {
  readonly handler: RequestListener;
  /** What an upgrade of this request opens on its socket; null where the venue serves no stream (404). */
  readonly upgrade: (req: IncomingMessage) => ((ws: WebSocket) => void) | null;
  readonly faults: Faults;
  readonly feed: MarketFeed;
  /** 0 or absent: an ephemeral port. */
  readonly port?: number | undefined;
  /** Run on close once the feed has stopped, before the sockets and the server are closed. */
  readonly onClose?: () => void;
}

export interface FakeServer {
  readonly port: number;
  /** `127.0.0.1:PORT`. */
  readonly base: string;
  /** Closes the feed, the sockets and the server; a second call does nothing. */
  close(): Promise<void>;
}

export async function serveFake(parts: FakeServerParts): Promise<FakeServer> {
  const server = createServer(parts.handler);
  const wss = new WebSocketServer({ noServer: true });
  server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    if (parts.faults.refuseWs) return refuseUpgrade(socket, 503);
    const open = parts.upgrade(req);
    if (open === null) return refuseUpgrade(socket, 404);
    wss.handleUpgrade(req, socket, head, (ws) => {
      parts.faults.track(ws);
      open(ws);
    });
  });
  const port = await listenLocal(server, parts.port ?? 0);
  parts.feed.start();
  let closed = false;
  return {
    port,
    base: `127.0.0.1:${port}`,
    async close(): Promise<void> {
      if (closed) return;
      closed = true;
      parts.feed.stop();
      parts.onClose?.();
      for (const ws of wss.clients) ws.terminate();
      await new Promise<void>((resolve) => wss.close(() => resolve()));
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

async function listenLocal(server: Server, port: number): Promise<number> {
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve());
  });
  return (server.address() as AddressInfo).port;
}

const REASONS = { 404: 'Not Found', 503: 'Service Unavailable' } as const;

function refuseUpgrade(socket: Duplex, status: keyof typeof REASONS): void {
  socket.end(`HTTP/1.1 ${status} ${REASONS[status]}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
}
