import { onApiToken, wsProtocols } from './api-token.js';
import type { StreamMessage } from './core/api-types.js';
import type { WorkerIn, WorkerOut } from './feed-worker.js';

export type SocketState = 'connecting' | 'open' | 'closed';

export interface StreamHandlers {
  message(m: StreamMessage): void;
  socket(state: SocketState): void;
}

/**
 * WS /ws/multi-exchange/{symbol}: every connected exchange's ticks, best bid/ask and feed status,
 * received in a worker (feed-worker.ts) and delivered here in one batch per frame.
 */
export class MarketStream {
  private static worker: Worker | null = null;
  private static current: MarketStream | null = null;

  constructor(
    readonly symbol: string,
    private readonly on: StreamHandlers,
  ) {
    const w = MarketStream.shared();
    MarketStream.current = this;
    const url = `${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}/ws/multi-exchange/${encodeURIComponent(symbol)}`;
    w.postMessage({ open: url, protocols: wsProtocols() } satisfies WorkerIn);
  }

  close(): void {
    if (MarketStream.current !== this) return;
    MarketStream.current = null;
    MarketStream.worker?.postMessage({ close: true } satisfies WorkerIn);
  }

  private static shared(): Worker {
    if (this.worker) return this.worker;
    const w = new Worker(new URL('./feed-worker.ts', import.meta.url), { type: 'module' });
    w.onmessage = (e: MessageEvent<WorkerOut<StreamMessage>>) => {
      const s = MarketStream.current;
      if (!s) return;
      if ('socket' in e.data) s.on.socket(e.data.socket);
      else for (const m of e.data.batch) s.on.message(m);
    };
    onApiToken(() => w.postMessage({ protocols: wsProtocols() } satisfies WorkerIn));
    this.worker = w;
    return w;
  }
}
