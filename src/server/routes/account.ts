import { z } from 'zod';
import { Decimal } from '../../domain/decimal.js';
import type { TradingMode } from '../../domain/ids.js';
import type { ExecutionEngine } from '../../engine/execution-engine.js';
import { freeMargin, initialMargin } from '../../domain/margin.js';
import { exchangeInput, errorResponses, notCanceledSchema, symbolInput } from '../schemas.js';
import { notCanceledView, orderView } from '../views.js';
import { reconcilePositions } from '../../engine/reconcile.js';
import { viewOf } from './positions.js';
import { adapterOf, durable, routes, type RouteModule } from './plugin.js';

const n = (d: Decimal): number => d.rescale(8).toNumber();

export const accountSchema = z.object({
  exchange: z.string(),
  mode: z.string(),
  balances: z.array(z.object({ asset: z.string(), free: z.number(), locked: z.number(), total: z.number() })),
  equity: z.number(),
  unrealized_pnl: z.number(),
  margin_used: z.number(),
});

/** The account of a mode whose ledger is the account (simulation, paper trading, a practice session), on one exchange. */
export function simulatedAccount(engine: ExecutionEngine, mode: TradingMode, exchange: string) {
  const view = engine.accountView(mode);
  const held = engine.marginAccount(mode);
  let margin = Decimal.ZERO;
  let unrealized = Decimal.ZERO;
  for (const p of engine.positions(mode)) {
    if (p.exchange !== exchange) continue;
    const mark = engine.mark(p.exchange, p.symbol);
    if (!mark) continue;
    margin = margin.add(initialMargin(p.quantity, mark, engine.leverageOf(mode, p.exchange, p.symbol) ?? Decimal.ONE));
    unrealized = unrealized.add(p.quantity.mul(mark).sub(p.cost));
  }
  const cash = view.equity.sub(view.unrealized);
  const locked = held.positionMargin.add(held.orderMargin);
  return {
    exchange,
    mode,
    balances: [{ asset: 'USDT', free: n(freeMargin(held)), locked: n(locked), total: n(cash) }],
    equity: n(cash.add(unrealized)),
    unrealized_pnl: n(unrealized),
    margin_used: n(margin),
  };
}

/**
 * The account of the current mode on one exchange. In simulation and paper trading it is our own
 * ledger: the starting cash plus realized PnL less fees (`total`); `free` is what a new order can
 * use (equity less the margin held by every open position and resting order of the account,
 * cross margin), `locked` that margin; `margin_used` is this exchange's positions' margin at their leverage.
 */
export const accountRoutes: RouteModule = (deps) =>
  routes(async (app) => {
    const params = z.object({ exchange: exchangeInput });

    app.get(
      '/api/trading/account/:exchange',
      {
        schema: {
          tags: ['trading'],
          summary: 'Balances, equity, unrealized PnL and margin used in the current mode',
          params,
          response: {
            200: accountSchema,
            ...errorResponses,
          },
        },
      },
      async (req) => {
        const { exchange } = req.params;
        const adapter = adapterOf(deps, exchange);
        await durable(deps);
        const mode = deps.mode();
        if (mode === 'live_trading' && exchange !== deps.defaultExchange) {
          // Live: the exchange's own balances and positions.
          if (!adapter.info().connected) await adapter.connect();
          const trading = adapter.trading();
          const [balances, positions] = await Promise.all([trading.balances(), trading.positions()]);
          const unrealized = positions.reduce((sum, p) => sum.add(p.unrealizedPnl), Decimal.ZERO);
          const margin = positions.reduce((sum, p) => sum.add(p.markPrice ? p.quantity.abs().mul(p.markPrice) : Decimal.ZERO), Decimal.ZERO);
          const usdt = balances.find((b) => b.asset === 'USDT')?.total ?? Decimal.ZERO;
          return {
            exchange,
            mode,
            balances: balances.map((b) => ({ asset: b.asset, free: n(b.free), locked: n(b.locked), total: n(b.total) })),
            equity: n(usdt.add(unrealized)),
            unrealized_pnl: n(unrealized),
            margin_used: n(margin),
          };
        }
        return simulatedAccount(deps.engine, mode, exchange);
      },
    );

    app.get(
      '/api/trading/positions/:exchange',
      {
        schema: {
          tags: ['trading'],
          summary: 'Open positions on one exchange in the current mode; in live mode also as the exchange reports them, with the differences',
          params,
          response: { 200: z.record(z.string(), z.unknown()), ...errorResponses },
        },
      },
      async (req) => {
        const { exchange } = req.params;
        const adapter = adapterOf(deps, exchange);
        await durable(deps);
        const mode = deps.mode();
        const local = deps.engine.positions(mode).filter((p) => p.exchange === exchange);
        const positions = local.map((p) => viewOf(deps, p));
        if (mode !== 'live_trading' || exchange === deps.defaultExchange) return { exchange, mode, positions };
        // Live: read from the exchange and reconciled with the local record; differences are shown, not overwritten.
        if (!adapter.info().connected) await adapter.connect();
        const remote = await adapter.trading().positions();
        const differences = reconcilePositions(remote, local).map((d) => ({
          symbol: d.symbol,
          exchange_quantity: d.exchangeQuantity.toNumber(),
          local_quantity: d.localQuantity.toNumber(),
        }));
        if (differences.length) req.log.warn({ exchange, differences }, 'live positions differ from the local record');
        return {
          exchange,
          mode,
          positions,
          exchange_positions: remote.map((p) => ({
            symbol: p.symbol,
            side: p.quantity.sign() > 0 ? 'LONG' : 'SHORT',
            quantity: p.quantity.abs().toNumber(),
            entry_price: p.entryPrice.toNumber(),
            mark_price: p.markPrice?.toNumber() ?? null,
            unrealized_pnl: p.unrealizedPnl.toNumber(),
          })),
          differences,
        };
      },
    );

    app.delete(
      '/api/trading/orders',
      {
        schema: {
          tags: ['trading'],
          summary: 'Cancel every open order of the current mode (optionally of one exchange and symbol)',
          querystring: z.object({ exchange: exchangeInput.optional(), symbol: symbolInput.optional() }),
          response: { 200: z.object({ canceled: z.array(z.record(z.string(), z.unknown())), not_canceled: notCanceledSchema }), ...errorResponses },
        },
      },
      async (req) => {
        const { exchange, symbol } = req.query;
        const mode = deps.mode();
        const open = deps.engine.openOrderList().filter((o) => o.mode === mode && (!exchange || o.exchange === exchange) && (!symbol || o.symbol === symbol));
        // Where each rests: on the exchange in live trading, before it counts as canceled here.
        const { canceled, failed } = await deps.engine.cancelOrders(open);
        await durable(deps);
        return { canceled: canceled.map((o) => orderView(o)), not_canceled: notCanceledView(failed) };
      },
    );
  });
