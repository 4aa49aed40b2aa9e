import { wsProtocols } from '../api-token.js';
import type { StreamMessage } from '../core/api-types.js';
import type { SocketState, StreamHandlers } from '../ws-client.js';
import type { ReplaySessionInfo } from './replay-api.js';

type ReplayMessage =
  | { type: 'tick'; symbol: string; time: number; bid: number; ask: number; last: number; quantity: number }
  | { type: 'clock'; clock: number; elapsed_ms: number }
  | ({ type: 'state' } & ReplaySessionInfo)
  | { type: 'fill' | 'account' }
  | { type: 'error'; error: { code: string; message: string } };

const RECONNECT_MS = 1_000;

/**
 * WS /ws/replay/{id}: the session's ticks, handed to the market view as the live stream's `ticker`
 * messages (of the session's exchange), and its `state` on every control and after each change of
 * its account (`fill`, `account`). Reopens after a drop.
 */
export class ReplayStream {
  private socket: WebSocket | null = null;
  private closed = false;
  private last: ReplaySessionInfo | null = null;

  constructor(
    private readonly id: string,
    private readonly exchange: string,
    private readonly on: StreamHandlers,
    private readonly state: (s: ReplaySessionInfo) => void,
  ) {
    this.open();
  }

  close(): void {
    this.closed = true;
    this.socket?.close();
  }

  private open(): void {
    const url = `${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}/ws/replay/${encodeURIComponent(this.id)}`;
    const ws = new WebSocket(url, wsProtocols());
    this.socket = ws;
    // The stream's first tick is the market as it stands at the clock: its trade is in the klines already.
    let first = true;
    const socket = (s: SocketState) => {
      if (!this.closed) this.on.socket(s);
    };
    socket('connecting');
    ws.onopen = () => socket('open');
    ws.onclose = () => {
      socket('closed');
      if (!this.closed) setTimeout(() => !this.closed && this.open(), RECONNECT_MS);
    };
    ws.onmessage = (e: MessageEvent<string>) => {
      if (this.closed) return;
      const m = JSON.parse(e.data) as ReplayMessage;
      if (m.type === 'state') this.state((this.last = m));
      // The session's orders or positions changed (a fill while playing): told as its state again,
      // on which the page re-reads the session's account.
      else if ((m.type === 'fill' || m.type === 'account') && this.last) this.state(this.last);
      else if (m.type === 'tick') {
        this.on.message(this.ticker(m, first ? 0 : m.quantity));
        first = false;
      }
      else if (m.type === 'error') this.on.message(m satisfies StreamMessage);
    };
  }

  private ticker(m: Extract<ReplayMessage, { type: 'tick' }>, quantity: number): StreamMessage {
    return { type: 'ticker', exchange: this.exchange, symbol: m.symbol, bid: m.bid, ask: m.ask, last: m.last, trade_quantity: quantity, timestamp: m.time };
  }
}
