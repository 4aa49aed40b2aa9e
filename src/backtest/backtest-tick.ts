import { Decimal } from '../domain/decimal.js';
import type { Side } from '../domain/ids.js';
import type { Instrument } from '../domain/instrument.js';
import type { BookLevel, MarketTick } from '../sim/market/market-types.js';

/**
 * The market a backtest shows the engine at one point of the data: a trade at `last` and a quote
 * around it. A bar file tells no spread and no depth, so the quote is the price itself moved by the
 * run's slippage against the taker (`slippageBps` of the price, rounded up to whole ticks) with
 * depth enough for any order: a market order fills at the price ± slippage whatever its size, a
 * resting limit fills as the SimVenue fills it on the trade (its price, the trade's size).
 */
export class BacktestTicks {
  private readonly tick: Decimal;
  private readonly lot: Decimal;
  private readonly depth: Decimal;
  /** Slippage in hundredths of a basis point (integer arithmetic). */
  private readonly slipCentiBps: number;

  constructor(
    private readonly inst: Instrument,
    slippageBps: number,
  ) {
    this.tick = inst.tickSize.normalize();
    this.lot = inst.stepSize.normalize();
    this.depth = inst.maxQty;
    this.slipCentiBps = Math.round(slippageBps * 100);
  }

  /** Slippage at a price of `ticks`, in whole ticks (rounded against the trader). */
  slipTicks(ticks: number): number {
    if (this.slipCentiBps === 0) return 0;
    return Math.floor((ticks * this.slipCentiBps + 999_999) / 1_000_000);
  }

  /** A tick at `ticks` with a trade of `lots` by a taker on `side`. */
  at(time: number, ticks: number, lots: number, side: Side): MarketTick {
    const slip = this.slipTicks(ticks);
    const last = this.price(ticks);
    const bid = slip === 0 ? last : this.price(Math.max(1, ticks - slip));
    const ask = slip === 0 ? last : this.price(ticks + slip);
    const bids: BookLevel[] = [{ price: bid, quantity: this.depth }];
    const asks: BookLevel[] = [{ price: ask, quantity: this.depth }];
    return { symbol: this.inst.symbol, time, bid, ask, last, tradeQuantity: this.qty(lots), aggressor: side, bids, asks };
  }

  price(ticks: number): Decimal {
    return Decimal.of(BigInt(ticks) * this.tick.raw, this.tick.scale);
  }

  qty(lots: number): Decimal {
    return Decimal.of(BigInt(lots) * this.lot.raw, this.lot.scale);
  }
}
