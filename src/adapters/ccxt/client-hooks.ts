/**
 * Hooks on a ccxt instance for what ccxt leaves undone once its URLs are rewritten or its sockets
 * closed on purpose: error tables by host, sends nobody awaits, futures nobody waits for.
 */
import type { CcxtExchange } from './ccxt-loader.js';

/**
 * ccxt picks a venue's error table (spot or futures codes) from the request's host. With the hosts
 * rewritten it would no longer recognise them, so a request URL is mapped back to the documented
 * one (longest prefix first) before the lookup.
 */
export function keepErrorTablesByHost(ex: CcxtExchange, originals: [string, string][]): void {
  const target = ex as unknown as { getExceptionsByUrl?: (url: string, kind: string) => unknown };
  const lookup = target.getExceptionsByUrl?.bind(ex);
  if (!lookup || originals.length === 0) return;
  const byLength = [...originals].sort((a, b) => b[0].length - a[0].length);
  target.getExceptionsByUrl = (url: string, kind: string) => {
    const hit = byLength.find(([to]) => url?.startsWith(to));
    return lookup(hit ? hit[1] + url.slice(hit[0].length) : url, kind);
  };
}

/**
 * ccxt sends a subscription after its rate limiter lets it (`throttle(cost).then(() => send(…))`)
 * and never awaits that send: on a socket cut meanwhile (a dropped connection being re-dialled)
 * it rejects unhandled. Each client's sends are marked handled as the client is made; the watch
 * that needed it still fails and is retried by its stream.
 */
export function handleLateSends(ex: CcxtExchange): void {
  type Client = { send: (message: unknown) => Promise<unknown>; lateSendsHandled?: boolean };
  const target = ex as unknown as { client: (url: string) => Client };
  const make = target.client.bind(ex);
  target.client = (url) => {
    const c = make(url);
    if (!c.lateSendsHandled) {
      const send = c.send.bind(c);
      c.send = (message) => {
        const sent = send(message);
        sent.catch(() => {});
        return sent;
      };
      c.lateSendsHandled = true;
    }
    return c;
  };
}

/**
 * Closing on purpose rejects every future ccxt still holds (a private stream's subscription, a
 * connection handshake) with ExchangeClosedByUser; nobody waits for some of them, so they are
 * marked handled here rather than surfacing as unhandled rejections. So is a subscribe message
 * ccxt sends, unawaited, once a handshake it awaited completes: on a socket closed meanwhile it
 * fails ("WebSocket is not open").
 */
export function settleOutstanding(ex: CcxtExchange): void {
  type Fut = { catch?: (f: () => void) => unknown };
  type Client = { futures?: Record<string, Fut>; connected?: Fut; send?: (message: unknown) => Promise<unknown> };
  const clients = Object.values((ex as unknown as { clients?: Record<string, Client> }).clients ?? {});
  for (const c of clients) {
    for (const f of Object.values(c.futures ?? {})) f.catch?.(() => {});
    c.connected?.catch?.(() => {});
    const send = c.send?.bind(c);
    if (send) {
      c.send = (message) => {
        const sent = send(message);
        sent.catch(() => {});
        return sent;
      };
    }
  }
}
