import type { StreamMessage } from './core/api-types.js';

export type SocketState = 'connecting' | 'open' | 'closed';

export interface StreamHandlers {
  message(m: StreamMessage): void;
  socket(state: SocketState): void;
}

/**
 * WS /ws/multi-exchange/{symbol}: every connected exchange's ticks, best bid/ask and feed status.
 * Reconnects with back-off (0.5 s doubling to 8 s) until close() is called.
 */
export class MarketStream {
  private ws: WebSocket | null = null;
  private retry = 500;
  private timer: ReturnType<typeof setTimeout> | null = null;
  private closed = false;

  constructor(
    readonly symbol: string,
    private readonly on: StreamHandlers,
  ) {
    this.open();
  }

  close(): void {
    this.closed = true;
    if (this.timer) clearTimeout(this.timer);
    this.ws?.close();
  }

  private open(): void {
    const url = `${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}/ws/multi-exchange/${encodeURIComponent(this.symbol)}`;
    const ws = new WebSocket(url);
    this.ws = ws;
    this.on.socket('connecting');
    ws.onopen = () => {
      this.retry = 500;
      this.on.socket('open');
    };
    ws.onmessage = (e) => {
      let m: StreamMessage;
      try {
        m = JSON.parse(String(e.data)) as StreamMessage;
      } catch {
        return;
      }
      this.on.message(m);
    };
    ws.onclose = () => {
      if (this.ws !== ws) return;
      this.on.socket('closed');
      if (this.closed) return;
      this.timer = setTimeout(() => this.open(), this.retry);
      this.retry = Math.min(this.retry * 2, 8_000);
    };
  }
}
