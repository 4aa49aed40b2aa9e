/**
 * The fake's Unified Trading Account: coin wallet balances (10,000 USDT to start), one-way linear
 * positions netted per symbol (positionIdx 0) with their leverage, and the margin arithmetic
 * (position / order initial margin, unrealised PnL at the last price) behind the wallet and
 * position answers and behind "insufficient balance" refusals.
 */
import { Decimal } from '../../src/domain/decimal.js';

export type BybitSide = 'Buy' | 'Sell';

export interface LinearPosition {
  readonly symbol: string;
  /** Signed: > 0 long, < 0 short, 0 flat. */
  size: Decimal;
  avgPrice: Decimal;
  /** Realised PnL net of fees since the position was opened (Bybit curRealisedPnl). */
  curRealised: Decimal;
  cumRealised: Decimal;
  createdTime: number;
  updatedTime: number;
  seq: number;
}

const AVG_SCALE = 8;
export const MM_RATE = Decimal.parse('0.005');
const DEFAULT_LEVERAGE = Decimal.fromInt(10);

/** Reservations the account cannot know by itself: they come from the open orders. */
export interface OrderReservations {
  /** Initial margin of open linear orders that would add exposure (USDT). */
  orderIM(): Decimal;
  /** Spot amount of a coin locked by open spot orders. */
  locked(coin: string): Decimal;
}

export class BybitAccount {
  private readonly wallet = new Map<string, Decimal>();
  private readonly cumRealisedByCoin = new Map<string, Decimal>();
  private readonly positions = new Map<string, LinearPosition>();
  private readonly leverages = new Map<string, Decimal>();
  private seq = 1000;

  constructor(
    initialUsdt: Decimal,
    private readonly markPrice: (symbol: string) => Decimal,
    private reservations: OrderReservations = { orderIM: () => Decimal.ZERO, locked: () => Decimal.ZERO },
  ) {
    this.wallet.set('USDT', initialUsdt);
  }

  setReservations(r: OrderReservations): void {
    this.reservations = r;
  }

  coins(): string[] {
    return [...this.wallet.keys()];
  }

  walletBalance(coin: string): Decimal {
    return this.wallet.get(coin) ?? Decimal.ZERO;
  }

  cumRealised(coin: string): Decimal {
    return this.cumRealisedByCoin.get(coin) ?? Decimal.ZERO;
  }

  leverage(symbol: string): Decimal {
    return this.leverages.get(symbol) ?? DEFAULT_LEVERAGE;
  }

  setLeverage(symbol: string, leverage: Decimal): void {
    this.leverages.set(symbol, leverage);
  }

  position(symbol: string): LinearPosition | undefined {
    return this.positions.get(symbol);
  }

  /** Every symbol that has had a position (flat ones included). */
  positionSymbols(): string[] {
    return [...this.positions.keys()];
  }

  unrealised(p: LinearPosition): Decimal {
    if (p.size.isZero()) return Decimal.ZERO;
    return this.markPrice(p.symbol).sub(p.avgPrice).mul(p.size).rescale(8, 'half-up');
  }

  positionIM(p: LinearPosition): Decimal {
    return p.size.abs().mul(p.avgPrice).div(this.leverage(p.symbol), 8, 'up');
  }

  positionMM(p: LinearPosition): Decimal {
    return p.size.abs().mul(this.markPrice(p.symbol)).mul(MM_RATE).rescale(8, 'up');
  }

  totals(): { upl: Decimal; positionIM: Decimal; positionMM: Decimal } {
    let upl = Decimal.ZERO;
    let positionIM = Decimal.ZERO;
    let positionMM = Decimal.ZERO;
    for (const p of this.positions.values()) {
      upl = upl.add(this.unrealised(p));
      positionIM = positionIM.add(this.positionIM(p));
      positionMM = positionMM.add(this.positionMM(p));
    }
    return { upl, positionIM, positionMM };
  }

  orderIM(): Decimal {
    return this.reservations.orderIM();
  }

  locked(coin: string): Decimal {
    return this.reservations.locked(coin);
  }

  /** USDT available for a new order: equity less position and order margin and spot locks. */
  availableUsdt(): Decimal {
    const t = this.totals();
    return this.walletBalance('USDT').add(t.upl).sub(t.positionIM).sub(this.orderIM()).sub(this.locked('USDT'));
  }

  /** A spot coin free to sell. */
  freeCoin(coin: string): Decimal {
    return this.walletBalance(coin).sub(this.locked(coin));
  }

  private credit(coin: string, amount: Decimal): void {
    this.wallet.set(coin, this.walletBalance(coin).add(amount));
  }

  /** A spot fill: the fee is paid in the coin received. */
  applySpotFill(base: string, quote: string, side: BybitSide, qty: Decimal, price: Decimal, fee: Decimal): void {
    const value = qty.mul(price);
    if (side === 'Buy') {
      this.credit(quote, value.neg());
      this.credit(base, qty.sub(fee));
    } else {
      this.credit(base, qty.neg());
      this.credit(quote, value.sub(fee));
    }
  }

  /** A linear fill netted into the symbol's one-way position; returns the size it closed. */
  applyLinearFill(symbol: string, side: BybitSide, qty: Decimal, price: Decimal, fee: Decimal, time: number): Decimal {
    let p = this.positions.get(symbol);
    if (!p) {
      p = { symbol, size: Decimal.ZERO, avgPrice: Decimal.ZERO, curRealised: Decimal.ZERO, cumRealised: Decimal.ZERO, createdTime: time, updatedTime: time, seq: 0 };
      this.positions.set(symbol, p);
    }
    const signed = side === 'Buy' ? qty : qty.neg();
    let closed = Decimal.ZERO;
    let realised = Decimal.ZERO;
    if (p.size.isZero() || p.size.sign() === signed.sign()) {
      const newSize = p.size.add(signed);
      if (p.size.isZero()) {
        p.createdTime = time;
        p.curRealised = Decimal.ZERO;
      }
      p.avgPrice = p.size.abs().mul(p.avgPrice).add(qty.mul(price)).div(newSize.abs(), AVG_SCALE, 'half-even').normalize();
      p.size = newSize;
    } else {
      closed = qty.min(p.size.abs());
      // Long closed by a sell: (price − avg) × closed; short closed by a buy: (avg − price) × closed.
      realised = price.sub(p.avgPrice).mul(closed).mul(Decimal.fromInt(p.size.sign()));
      const rest = qty.sub(closed);
      p.size = p.size.add(side === 'Buy' ? closed : closed.neg());
      if (rest.sign() > 0) {
        p.size = side === 'Buy' ? rest : rest.neg();
        p.avgPrice = price;
        p.createdTime = time;
        p.curRealised = Decimal.ZERO;
      } else if (p.size.isZero()) {
        p.avgPrice = Decimal.ZERO;
      }
    }
    const net = realised.sub(fee);
    this.credit('USDT', net);
    this.cumRealisedByCoin.set('USDT', this.cumRealised('USDT').add(net));
    p.curRealised = p.curRealised.add(net);
    p.cumRealised = p.cumRealised.add(net);
    p.updatedTime = time;
    p.seq = ++this.seq;
    return closed;
  }
}
