import { onApiToken, wsProtocols } from './api-token.js';
import type { Position } from './core/api-types.js';
import { positionOf, type PositionMessage } from './core/position-message.js';
import type { WatchEntry } from './core/watch.js';
import type { WorkerIn, WorkerOut } from './feed-worker.js';
import type { SocketState } from './ws-client.js';

/** The messages of WS /ws/multi-symbol the page keeps (its `price` and `status` are dropped in the worker). */
type AccountMessage = PositionMessage | { type: 'symbols'; symbols: WatchEntry[] } | { type: 'error'; error: { code: string; message: string } };

export interface AccountStreamHandlers {
  position(p: Position): void;
  watchList(list: WatchEntry[]): void;
  socket(state: SocketState): void;
  error(code: string, message: string): void;
}

const urlOf = (symbols: readonly string[]) => `${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}/ws/multi-symbol?symbols=${symbols.map(encodeURIComponent).join(',')}`;

/**
 * WS /ws/multi-symbol narrowed to the charted symbol and every symbol with an open position
 * (core/position-message.ts streamSymbols): their `position` messages (at once on a fill, mark moves
 * at most every 250 ms) and the watch list. Its own worker (feed-worker.ts) holds the socket,
 * reconnects with back-off and drops the `price` messages, which the market stream already brings.
 * A new set narrows the open socket (`{"op":"symbols"}`), no reconnect.
 */
export class AccountStream {
  private readonly worker: Worker;

  private symbols: readonly string[];

  constructor(
    symbols: readonly string[],
    on: AccountStreamHandlers,
  ) {
    this.symbols = symbols;
    this.worker = new Worker(new URL('./feed-worker.ts', import.meta.url), { type: 'module' });
    this.worker.onmessage = (e: MessageEvent<WorkerOut<AccountMessage>>) => {
      if ('socket' in e.data) return on.socket(e.data.socket);
      for (const m of e.data.batch) {
        if (m.type === 'position') on.position(positionOf(m));
        else if (m.type === 'symbols') on.watchList(m.symbols);
        else if (m.type === 'error') on.error(m.error.code, m.error.message);
      }
    };
    this.worker.postMessage({ open: urlOf(symbols), drop: ['price', 'status'], protocols: wsProtocols() } satisfies WorkerIn);
    onApiToken(() => this.worker.postMessage({ protocols: wsProtocols() } satisfies WorkerIn));
  }

  narrow(symbols: readonly string[]): void {
    if (symbols.join(',') === this.symbols.join(',')) return;
    this.symbols = symbols;
    this.worker.postMessage({ send: JSON.stringify({ op: 'symbols', symbols }), url: urlOf(symbols) } satisfies WorkerIn);
  }
}
