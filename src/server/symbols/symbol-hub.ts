import type { WebSocket } from 'ws';
import type { DomainEvent } from '../../domain/events.js';
import type { Position } from '../../domain/position.js';
import type { MarketTick } from '../../sim/market/market-types.js';
import type { ServerDeps } from '../deps.js';
import { positionAt, viewOf } from '../routes/positions.js';
import { quoteView, watchEntryView } from '../views.js';
import { CoalescingSender, DEFAULT_SENDER_LIMITS, type SenderLimits } from './coalescing-sender.js';
import { PositionPulse } from './position-pulse.js';
import { pairKey, UpstreamPairs } from './upstream-pairs.js';
import type { WatchList } from './watch-list.js';

/** One client: the symbols it asked for (null: every watched one) and its bounded outbox. */
export interface HubClient {
  symbols: ReadonlySet<string> | null;
  readonly out: CoalescingSender;
}

const priceMessage = (exchange: string, t: MarketTick) => JSON.stringify({ type: 'price', symbol: t.symbol, exchange, ...quoteView(t) });
const positionKeyOf = (p: { mode: string; exchange: string; symbol: string }) => `${p.mode}|${p.exchange}|${p.symbol}`;

/**
 * WS /ws/multi-symbol's one shared state: the watched pairs' upstream subscriptions (held while
 * any client is connected), each tick serialized once and handed to every client that wants the
 * symbol, and position messages from the engine's events (at once on a fill; mark-price moves at
 * most every 250 ms per position). The watch list's changes reach open clients without a reconnect.
 */
export class SymbolHub {
  private readonly clients = new Set<HubClient>();
  private readonly pairs: UpstreamPairs;
  private readonly pulse: PositionPulse;
  private offs: (() => void)[] = [];
  private timer: ReturnType<typeof setInterval> | null = null;

  constructor(
    private readonly deps: ServerDeps,
    private readonly watch: WatchList,
    private readonly limits: SenderLimits = DEFAULT_SENDER_LIMITS,
    markIntervalMs = 250,
  ) {
    this.pairs = new UpstreamPairs(deps, (e) => this.broadcast(e.symbol, `status|${e.exchange}|${e.symbol}`, JSON.stringify({ type: 'status', ...e, state: 'failed' })));
    this.pulse = new PositionPulse((key) => this.pushPosition(key), markIntervalMs);
  }

  join(socket: WebSocket, symbols: ReadonlySet<string> | null): HubClient {
    const client: HubClient = { symbols, out: new CoalescingSender(socket, this.limits) };
    if (this.clients.size === 0) this.start();
    this.clients.add(client);
    this.snapshot(client);
    return client;
  }

  leave(client: HubClient): void {
    if (!this.clients.delete(client)) return;
    client.out.close();
    if (this.clients.size === 0) this.stop();
  }

  /** A client narrows (or widens, with null) what it gets; it is sent the current state of the new set. */
  narrow(client: HubClient, symbols: ReadonlySet<string> | null): void {
    client.symbols = symbols;
    this.snapshot(client);
  }

  close(): void {
    for (const c of [...this.clients]) this.leave(c);
  }

  private start(): void {
    for (const a of this.deps.exchanges.values()) this.offs.push(a.onTick((t) => this.onTick(a.id, t)));
    this.offs.push(this.deps.engine.subscribe((e) => this.onEvent(e)));
    this.offs.push(
      this.watch.onChange((entries) => {
        this.pairs.follow(entries);
        const text = JSON.stringify({ type: 'symbols', symbols: entries.map(watchEntryView) });
        for (const c of this.clients) c.out.send('symbols', text);
      }),
    );
    // Another mode: its positions replace the last one's on every client (after a `mode` message).
    const offMode = this.deps.onModeChange?.((mode) => {
      const text = JSON.stringify({ type: 'mode', mode });
      for (const c of this.clients) {
        c.out.send('mode', text);
        this.sendPositions(c);
      }
    });
    if (offMode) this.offs.push(offMode);
    this.pairs.follow(this.watch.list());
    this.timer = setInterval(() => this.pairs.check(), 2_000);
    this.timer.unref();
  }

  private stop(): void {
    this.offs.forEach((off) => off());
    this.offs = [];
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    this.pairs.close();
    this.pulse.stop();
  }

  private snapshot(c: HubClient): void {
    const entries = this.watch.list();
    c.out.send('symbols', JSON.stringify({ type: 'symbols', symbols: entries.map(watchEntryView) }));
    for (const e of entries) {
      if (c.symbols && !c.symbols.has(e.symbol)) continue;
      for (const exchange of e.exchanges) {
        const t = this.deps.exchanges.get(exchange)?.lastTick(e.symbol);
        if (t) c.out.send(`price|${exchange}|${e.symbol}`, priceMessage(exchange, t));
      }
    }
    this.sendPositions(c);
  }

  /** The current mode's open positions the client wants. */
  private sendPositions(c: HubClient): void {
    for (const p of this.deps.engine.positions(this.deps.mode())) {
      if (this.wantsPosition(c, p.symbol)) c.out.send(positionKeyOf(p), this.positionMessage(p));
    }
  }

  private onTick(exchange: string, t: MarketTick): void {
    if (!this.pairs.has(exchange, t.symbol)) return;
    this.broadcast(t.symbol, `price|${pairKey(exchange, t.symbol)}`, priceMessage(exchange, t));
    const key = { mode: this.deps.mode(), exchange, symbol: t.symbol };
    if (this.deps.engine.position(key)) this.pulse.marked(positionKeyOf(key));
  }

  private onEvent(e: DomainEvent): void {
    if (e.type !== 'PositionChanged' || e.position.mode !== this.deps.mode()) return;
    this.pulse.sent(positionKeyOf(e.position));
    // The event's own version: a position that just closed is no longer in the engine's open set.
    const key = positionKeyOf(e.position);
    const text = this.positionMessage(e.position);
    for (const c of this.clients) if (this.wantsPosition(c, e.position.symbol)) c.out.send(key, text);
  }

  /** A mark-price update of an open position (the pulse decided it is due). */
  private pushPosition(key: string): void {
    const [mode, exchange, symbol] = key.split('|') as [Position['mode'], string, string];
    const open = this.deps.engine.position({ mode, exchange, symbol });
    if (open) this.broadcast(symbol, key, JSON.stringify({ type: 'position', ...positionAt(this.deps, { mode, exchange, symbol }) }));
  }

  /**
   * A client gets the positions of the symbols it asked for (watched or not: a position opened in
   * a symbol off the list still has to reach a client watching it), or of every watched symbol.
   */
  private wantsPosition(c: { readonly symbols: ReadonlySet<string> | null }, symbol: string): boolean {
    return c.symbols ? c.symbols.has(symbol) : this.watch.get(symbol) !== null;
  }

  private positionMessage(p: Position): string {
    return JSON.stringify({ type: 'position', ...viewOf(this.deps, p) });
  }

  private broadcast(symbol: string, key: string, text: string): void {
    for (const c of this.clients) if (!c.symbols || c.symbols.has(symbol)) c.out.send(key, text);
  }
}
