import { Decimal } from '../../domain/decimal.js';
import { orderId } from '../../domain/ids.js';
import { avgPrice, type Order } from '../../domain/order.js';
import { entryPrice, unrealizedPnl } from '../../domain/position.js';
import { Rejection } from '../../domain/rejection.js';
import type { ExecutionEngine } from '../../engine/execution-engine.js';
import type { Balance, LedgerStore, TradingVenue, VenueOrder, VenueOrderRequest, VenuePosition } from '../../engine/ports.js';
import { SIM_EXCHANGE } from '../../sim/market/sim-instruments.js';

const view = (o: Order): VenueOrder => ({
  id: o.id,
  clientOrderId: o.clientOrderId,
  symbol: o.symbol,
  side: o.side,
  type: o.type,
  status: o.status,
  quantity: o.quantity,
  filledQuantity: o.filledQuantity,
  avgPrice: avgPrice(o, 8),
  price: o.price,
  stopPrice: o.stopPrice,
  reduceOnly: o.reduceOnly,
  time: o.createdAt,
});

/**
 * The sim exchange's account is our own engine in `simulation` mode: orders go through the same
 * code as every other environment; the balance is the starting cash plus realized PnL less fees.
 */
export class SimTrading implements TradingVenue {
  constructor(
    private readonly engine: ExecutionEngine,
    private readonly store: LedgerStore,
  ) {}

  async placeOrder(req: VenueOrderRequest): Promise<VenueOrder> {
    const r = this.engine.submitOrder({ mode: 'simulation', exchange: SIM_EXCHANGE, ...req });
    await this.engine.durable();
    return view(r.order);
  }

  async cancelOrder(symbol: string, id: string): Promise<VenueOrder> {
    const o = this.engine.cancelOrder(SIM_EXCHANGE, symbol, orderId(id));
    await this.engine.durable();
    return view(o);
  }

  async fetchOrder(symbol: string, id: string): Promise<VenueOrder> {
    await this.engine.durable();
    const o = this.store.findOrder(orderId(id));
    if (!o || o.symbol !== symbol || o.exchange !== SIM_EXCHANGE) throw new Rejection('ORDER_NOT_FOUND', `no order ${id} for ${symbol} on ${SIM_EXCHANGE}`);
    return view(o);
  }

  async openOrders(symbol?: string): Promise<VenueOrder[]> {
    await this.engine.durable();
    return this.store.listOrders({ mode: 'simulation', exchange: SIM_EXCHANGE, symbol, status: 'open', limit: 1000 }).map(view);
  }

  async balances(): Promise<Balance[]> {
    await this.engine.durable();
    // The engine's own account: starting cash + realized PnL − fees (unrealized is not cash).
    const v = this.engine.accountView('simulation');
    const cash = v.equity.sub(v.unrealized);
    return [{ asset: 'USDT', free: cash, locked: Decimal.ZERO, total: cash }];
  }

  async positions(): Promise<VenuePosition[]> {
    await this.engine.durable();
    return this.engine
      .positions('simulation')
      .filter((p) => p.exchange === SIM_EXCHANGE)
      .map((p) => {
        const mark = this.engine.mark(SIM_EXCHANGE, p.symbol);
        return { symbol: p.symbol, quantity: p.quantity, entryPrice: entryPrice(p, 8), markPrice: mark, unrealizedPnl: unrealizedPnl(p, mark) };
      });
  }
}
