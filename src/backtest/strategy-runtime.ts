import { Decimal } from '../domain/decimal.js';
import type { DomainEvent } from '../domain/events.js';
import type { Instrument } from '../domain/instrument.js';
import { isTerminal, type Order } from '../domain/order.js';
import type { Position } from '../domain/position.js';
import { Rejection } from '../domain/rejection.js';
import type { SubmitOrder } from '../engine/commands.js';
import type { ExecutionEngine } from '../engine/execution-engine.js';
import { Extreme, Sma } from './indicators.js';
import type { AccountView, FillView, OrderView, PositionView, Strategy, StrategyContext, StrategyOrder } from './strategy.js';

type Pending = { readonly kind: 'order'; readonly id: string; readonly order: StrategyOrder } | { readonly kind: 'target'; readonly quantity: Decimal };

export interface LogLine {
  readonly time: number;
  readonly message: string;
}

const MAX_LOGS = 10_000;
const dec = (v: number | string, field: string): Decimal => {
  const d = Decimal.tryParse(v);
  if (d === null) throw new RangeError(`${field} must be a number, got ${String(v)}`);
  return d;
};
const opt = (v: number | string | undefined, field: string): Decimal | null => (v === undefined ? null : dec(v, field));

/**
 * The strategy's side of a run: the context it is given, its orders waiting for the next tick, and
 * the engine's events turned into its callbacks (after each engine call, never inside one). Open
 * orders and the position are followed from the engine's own events.
 */
export class StrategyRuntime implements StrategyContext {
  readonly symbol: string;
  readonly tickSize: number;
  readonly stepSize: number;
  readonly smas: Sma[] = [];
  readonly highs: Extreme[] = [];
  readonly lows: Extreme[] = [];
  readonly logs: LogLine[] = [];
  /** Open orders by client order id, from the engine's events. */
  readonly open = new Map<string, Order>();
  pending: Pending[] = [];
  current: Position | null = null;
  rejections = 0;
  realized = Decimal.ZERO;
  fees = Decimal.ZERO;
  /** Σ funding paid (positive: paid, negative: received), from the ledger's FundingPaid events. */
  fundingPaid = Decimal.ZERO;
  private readonly events: DomainEvent[] = [];
  private seq = 0;
  private logsDropped = 0;
  private readonly hooks: boolean;
  /** Makes the engine see the market's latest point (the runner skips points that cannot fill anything). */
  syncTo: () => void = () => {};

  constructor(
    private readonly engine: ExecutionEngine,
    private readonly inst: Instrument,
    readonly params: Readonly<Record<string, number>>,
    private readonly strategy: Strategy,
    /** The time of the market now. */
    private readonly now: () => number,
  ) {
    this.symbol = inst.symbol;
    this.tickSize = inst.tickSize.toNumber();
    this.stepSize = inst.stepSize.toNumber();
    this.hooks = strategy.onFill !== undefined || strategy.onOrderUpdate !== undefined;
    engine.subscribe((e) => this.onEvent(e));
  }

  private onEvent(e: DomainEvent): void {
    if (e.type === 'MarginWarning') return;
    if (e.type === 'FundingPaid') {
      this.fundingPaid = this.fundingPaid.sub(e.payment.amount);
      return;
    }
    if (e.type === 'PositionChanged') {
      const p = e.position;
      if (p.closedAt === null) this.current = p;
      else if (this.current?.id === p.id) this.current = null;
      return;
    }
    const o = e.order;
    if (isTerminal(o.status)) this.open.delete(o.clientOrderId);
    else this.open.set(o.clientOrderId, o);
    if (e.type === 'OrderFilled') {
      this.realized = this.realized.add(e.fill.realizedPnl);
      this.fees = this.fees.add(e.fill.fee);
    }
    if (this.hooks) this.events.push(e);
  }

  /** Tells the strategy what the last engine call did. */
  dispatch(): void {
    if (this.events.length === 0) return;
    const events = this.events.splice(0);
    for (const e of events) {
      if (e.type === 'PositionChanged' || e.type === 'FundingPaid' || e.type === 'MarginWarning') continue;
      if (e.type === 'OrderFilled') {
        const f = e.fill;
        const view: FillView = { clientOrderId: e.order.clientOrderId, time: f.time, side: f.side, price: f.price.toNumber(), quantity: f.quantity.toNumber(), fee: f.fee.toNumber(), liquidity: f.liquidity };
        this.strategy.onFill?.(view, this);
      }
      this.strategy.onOrderUpdate?.(this.view(e.order), this);
    }
  }

  /** Sends what the strategy decided since the last tick, in the order it decided it. */
  flush(): void {
    if (this.pending.length === 0) return;
    const list = this.pending;
    this.pending = [];
    for (const p of list) {
      if (p.kind === 'order') this.send(p.id, p.order);
      else {
        const diff = p.quantity.sub(this.current?.quantity ?? Decimal.ZERO);
        // No client id of ours: nobody refers to it, and the engine need not look it up for a duplicate.
        if (!diff.isZero()) this.send(null, { side: diff.sign() > 0 ? 'BUY' : 'SELL', type: 'MARKET', quantity: '' }, diff.abs());
      }
      this.dispatch();
    }
  }

  /** `quantity`: exact already (a target's difference), else read from the order. */
  private send(id: string | null, o: StrategyOrder, quantity?: Decimal): void {
    let cmd: SubmitOrder;
    try {
      cmd = {
        mode: 'simulation',
        exchange: this.inst.exchange,
        symbol: this.inst.symbol,
        side: o.side,
        type: o.type ?? 'MARKET',
        quantity: quantity ?? dec(o.quantity, 'quantity'),
        price: opt(o.price, 'price'),
        stopPrice: opt(o.stopPrice, 'stopPrice'),
        takeProfit: opt(o.takeProfit, 'takeProfit'),
        stopLoss: opt(o.stopLoss, 'stopLoss'),
        reduceOnly: o.reduceOnly ?? false,
        timeInForce: o.timeInForce ?? null,
        clientOrderId: id,
      };
      this.engine.submitOrder(cmd);
    } catch (err) {
      if (!(err instanceof Rejection) && !(err instanceof RangeError)) throw err;
      this.rejections++;
      const code = err instanceof Rejection ? err.code : 'INVALID_FIELD';
      const qty = quantity?.toString() ?? String(o.quantity);
      this.log(`order ${id ?? 'to the target position'} (${o.side} ${o.type ?? 'MARKET'} ${qty}) refused: ${code}: ${err.message}`);
      const num = (v: number | string | undefined) => (v === undefined ? null : Number(v));
      this.strategy.onOrderUpdate?.(
        { clientOrderId: id ?? '', side: o.side, type: o.type ?? 'MARKET', status: 'REJECTED', quantity: Number(qty), filledQuantity: 0, price: num(o.price), stopPrice: num(o.stopPrice), reduceOnly: o.reduceOnly ?? false, parent: null },
        this,
      );
    }
  }

  private nextId(): string {
    return `bt-${++this.seq}`;
  }

  private view(o: Order): OrderView {
    const parent = o.parentId === null ? null : (this.engine.openOrderList().find((x) => x.id === o.parentId)?.clientOrderId ?? o.clientOrderId.replace(/-(tp|sl)$/, ''));
    return {
      clientOrderId: o.clientOrderId,
      side: o.side,
      type: o.type,
      status: o.status,
      quantity: o.quantity.toNumber(),
      filledQuantity: o.filledQuantity.toNumber(),
      price: o.price?.toNumber() ?? null,
      stopPrice: o.stopPrice?.toNumber() ?? null,
      reduceOnly: o.reduceOnly,
      parent,
    };
  }

  // --- StrategyContext ---------------------------------------------------------------------------

  sma(period: number): Sma {
    const s = new Sma(period, this.tickSize);
    this.smas.push(s);
    return s;
  }

  highest(period: number): Extreme {
    const x = new Extreme(period, true, this.tickSize);
    this.highs.push(x);
    return x;
  }

  lowest(period: number): Extreme {
    const x = new Extreme(period, false, this.tickSize);
    this.lows.push(x);
    return x;
  }

  priceOf(ticks: number): string {
    if (!Number.isSafeInteger(ticks)) throw new RangeError(`priceOf takes whole ticks, got ${ticks}`);
    const t = this.inst.tickSize.normalize();
    return Decimal.of(BigInt(ticks) * t.raw, t.scale).toString();
  }

  submit(order: StrategyOrder): string {
    const id = order.clientOrderId ?? this.nextId();
    this.pending.push({ kind: 'order', id, order });
    return id;
  }

  buy(quantity: number | string, more: Omit<StrategyOrder, 'side' | 'quantity'> = {}): string {
    return this.submit({ ...more, side: 'BUY', quantity });
  }

  sell(quantity: number | string, more: Omit<StrategyOrder, 'side' | 'quantity'> = {}): string {
    return this.submit({ ...more, side: 'SELL', quantity });
  }

  targetPosition(quantity: number | string): void {
    this.pending.push({ kind: 'target', quantity: dec(quantity, 'quantity') });
  }

  cancel(clientOrderId: string): boolean {
    const i = this.pending.findIndex((p) => p.kind === 'order' && p.id === clientOrderId);
    if (i >= 0) {
      this.pending.splice(i, 1);
      return true;
    }
    const o = this.open.get(clientOrderId);
    if (!o) return false;
    this.engine.cancelOrder(o.exchange, o.symbol, o.id);
    this.dispatch();
    return true;
  }

  cancelAll(): void {
    this.pending = this.pending.filter((p) => p.kind !== 'order');
    for (const id of [...this.open.keys()]) if (this.open.has(id)) this.cancel(id);
  }

  openOrders(): OrderView[] {
    return [...this.open.values()].map((o) => this.view(o));
  }

  position(): PositionView {
    const p = this.current;
    if (!p || p.quantity.isZero()) return { side: 'FLAT', quantity: 0, entryPrice: null };
    return { side: p.quantity.sign() > 0 ? 'LONG' : 'SHORT', quantity: p.quantity.toNumber(), entryPrice: p.cost.div(p.quantity, 8).toNumber() };
  }

  account(): AccountView {
    this.syncTo();
    const a = this.engine.accountView('simulation');
    const unrealized = a.equity.sub(this.engine.startingBalance()).sub(this.realized).add(this.fees);
    return { equity: a.equity.toNumber(), realizedPnl: this.realized.toNumber(), fees: this.fees.toNumber(), unrealizedPnl: unrealized.toNumber() };
  }

  log(message: string): void {
    if (this.logs.length < MAX_LOGS) this.logs.push({ time: this.now(), message });
    else this.logsDropped++;
  }

  get droppedLogs(): number {
    return this.logsDropped;
  }
}
