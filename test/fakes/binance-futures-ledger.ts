import { Decimal } from '../../src/domain/decimal.js';
import type { Side } from '../../src/domain/ids.js';
import type { BinanceMarket } from './binance-market.js';
import { money, px, qty, ZERO, type SymbolSpec } from './binance-format.js';

/**
 * The USD-M account in one-way mode, cross margin: a USDT wallet and one netted position per symbol
 * (signed amount, average entry). Fills move the position, realise PnL and pay fees in USDT.
 */
export interface Position {
  readonly symbol: string;
  amt: Decimal;
  entry: Decimal;
  leverage: number;
  updateTime: number;
}

type Json = Record<string, unknown>;

const abs = (d: Decimal) => d.abs();

export class FuturesLedger {
  wallet: Decimal;
  updateTime: number;
  private readonly positions = new Map<string, Position>();

  constructor(
    private readonly market: BinanceMarket,
    startBalance: Decimal,
    private readonly now: () => number,
  ) {
    this.wallet = startBalance;
    this.updateTime = now();
  }

  position(symbol: string): Position {
    let p = this.positions.get(symbol);
    if (!p) {
      p = { symbol, amt: ZERO, entry: ZERO, leverage: 20, updateTime: 0 };
      this.positions.set(symbol, p);
    }
    return p;
  }

  all(): Position[] {
    return this.market.symbols().map((s) => this.position(s));
  }

  unrealized(p: Position): Decimal {
    if (p.amt.isZero()) return ZERO;
    return this.market.mark(p.symbol).sub(p.entry).mul(p.amt);
  }

  notional(p: Position): Decimal {
    return this.market.mark(p.symbol).mul(p.amt);
  }

  positionMargin(p: Position): Decimal {
    return abs(this.notional(p)).div(Decimal.fromInt(p.leverage), 8, 'half-up');
  }

  totals(openOrderMargin: Decimal): { upnl: Decimal; posMargin: Decimal; available: Decimal; marginBalance: Decimal } {
    let upnl = ZERO;
    let posMargin = ZERO;
    for (const p of this.positions.values()) {
      upnl = upnl.add(this.unrealized(p));
      posMargin = posMargin.add(this.positionMargin(p));
    }
    const marginBalance = this.wallet.add(upnl);
    const available = marginBalance.sub(posMargin).sub(openOrderMargin);
    return { upnl, posMargin, available, marginBalance };
  }

  /** The part of an order of `side` that does not close the current position. */
  opening(symbol: string, side: Side, q: Decimal): Decimal {
    const amt = this.position(symbol).amt;
    const reducing = (side === 'BUY' && amt.sign() < 0) || (side === 'SELL' && amt.sign() > 0);
    if (!reducing) return q;
    const rest = q.sub(abs(amt));
    return rest.sign() > 0 ? rest : ZERO;
  }

  /** Applies one fill; returns the PnL it realised. */
  fill(spec: SymbolSpec, side: Side, q: Decimal, price: Decimal, fee: Decimal, time: number): Decimal {
    const p = this.position(spec.symbol);
    const signed = side === 'BUY' ? q : q.neg();
    let realized = ZERO;
    if (p.amt.isZero() || p.amt.sign() === signed.sign()) {
      const total = abs(p.amt).add(q);
      p.entry = abs(p.amt).mul(p.entry).add(q.mul(price)).div(total, 8, 'half-up').normalize();
      p.amt = p.amt.add(signed);
    } else {
      const closing = q.lt(abs(p.amt)) ? q : abs(p.amt);
      realized = price.sub(p.entry).mul(closing).mul(Decimal.fromInt(p.amt.sign()));
      p.amt = p.amt.add(signed);
      if (p.amt.isZero()) p.entry = ZERO;
      else if (p.amt.sign() === signed.sign()) p.entry = price;
    }
    this.wallet = this.wallet.add(realized).sub(fee);
    p.updateTime = time;
    this.updateTime = time;
    return realized;
  }

  /** The `a` of an ACCOUNT_UPDATE event: the wallet and the positions of `symbols`. */
  accountUpdate(symbols: string[], reason: string): Json {
    return {
      m: reason,
      B: [{ a: 'USDT', wb: money(this.wallet), cw: money(this.wallet), bc: '0' }],
      P: symbols.map((s) => {
        const p = this.position(s);
        const spec = this.market.spec(s) as SymbolSpec;
        return {
          s,
          pa: qty(spec, p.amt),
          ep: money(p.entry),
          bep: money(p.entry),
          cr: '0',
          up: money(this.unrealized(p)),
          mt: 'cross',
          iw: '0',
          ps: 'BOTH',
        };
      }),
    };
  }

  /** One entry of `/fapi/v3/positionRisk` (v2 adds leverage, margin type and max notional). */
  positionRisk(p: Position, version: 2 | 3, openOrderMargin: Decimal): Json {
    const spec = this.market.spec(p.symbol) as SymbolSpec;
    const mark = this.market.mark(p.symbol);
    const common = {
      symbol: p.symbol,
      positionAmt: qty(spec, p.amt),
      entryPrice: money(p.entry),
      breakEvenPrice: money(p.entry),
      markPrice: money(mark),
      unRealizedProfit: money(this.unrealized(p)),
      liquidationPrice: '0',
      isolatedMargin: '0.00000000',
      notional: money(this.notional(p)),
      isolatedWallet: '0',
      updateTime: p.updateTime,
    };
    if (version === 2) {
      return { ...common, leverage: String(p.leverage), maxNotionalValue: '50000', marginType: 'cross', isAutoAddMargin: 'false', positionSide: 'BOTH' };
    }
    const im = this.positionMargin(p);
    return {
      ...common,
      positionSide: 'BOTH',
      marginAsset: 'USDT',
      initialMargin: money(im.add(openOrderMargin)),
      maintMargin: money(abs(this.notional(p)).mul(Decimal.parse('0.004'))),
      positionInitialMargin: money(im),
      openOrderInitialMargin: money(openOrderMargin),
      adl: 0,
      bidNotional: '0',
      askNotional: '0',
    };
  }

  /** `/fapi/v2/account` and `/fapi/v3/account`. */
  account(version: 2 | 3, orderMargin: (symbol: string) => Decimal, listed: (p: Position) => boolean): Json {
    const openMargin = this.market.symbols().reduce((a, s) => a.add(orderMargin(s)), ZERO);
    const t = this.totals(openMargin);
    const maint = this.all().reduce((a, p) => a.add(abs(this.notional(p)).mul(Decimal.parse('0.004'))), ZERO);
    const asset = {
      asset: 'USDT',
      walletBalance: money(this.wallet),
      unrealizedProfit: money(t.upnl),
      marginBalance: money(t.marginBalance),
      maintMargin: money(maint),
      initialMargin: money(t.posMargin.add(openMargin)),
      positionInitialMargin: money(t.posMargin),
      openOrderInitialMargin: money(openMargin),
      crossWalletBalance: money(this.wallet),
      crossUnPnl: money(t.upnl),
      availableBalance: money(t.available),
      maxWithdrawAmount: money(t.available),
      updateTime: this.updateTime,
    };
    const positions = this.all()
      .filter((p) => version === 2 || listed(p))
      .map((p) => {
        const spec = this.market.spec(p.symbol) as SymbolSpec;
        const base = {
          symbol: p.symbol,
          positionSide: 'BOTH',
          positionAmt: qty(spec, p.amt),
          unrealizedProfit: money(this.unrealized(p)),
          isolatedMargin: '0',
          notional: money(this.notional(p)),
          isolatedWallet: '0',
          initialMargin: money(this.positionMargin(p).add(orderMargin(p.symbol))),
          maintMargin: money(abs(this.notional(p)).mul(Decimal.parse('0.004'))),
          updateTime: p.updateTime,
        };
        if (version === 3) return base;
        return {
          ...base,
          positionInitialMargin: money(this.positionMargin(p)),
          openOrderInitialMargin: money(orderMargin(p.symbol)),
          leverage: String(p.leverage),
          isolated: false,
          entryPrice: p.amt.isZero() ? '0.0' : px(spec, p.entry),
          breakEvenPrice: '0.0',
          maxNotional: '50000',
          bidNotional: '0',
          askNotional: '0',
        };
      });
    const totals = {
      totalInitialMargin: money(t.posMargin.add(openMargin)),
      totalMaintMargin: money(maint),
      totalWalletBalance: money(this.wallet),
      totalUnrealizedProfit: money(t.upnl),
      totalMarginBalance: money(t.marginBalance),
      totalPositionInitialMargin: money(t.posMargin),
      totalOpenOrderInitialMargin: money(openMargin),
      totalCrossWalletBalance: money(this.wallet),
      totalCrossUnPnl: money(t.upnl),
      availableBalance: money(t.available),
      maxWithdrawAmount: money(t.available),
    };
    if (version === 3) return { ...totals, assets: [asset], positions };
    return {
      feeTier: 0,
      feeBurn: true,
      canTrade: true,
      canDeposit: true,
      canWithdraw: true,
      updateTime: 0,
      multiAssetsMargin: false,
      tradeGroupId: -1,
      ...totals,
      assets: [{ ...asset, marginAvailable: true }],
      positions,
    };
  }

  /** `/fapi/v2/balance` / `/fapi/v3/balance`. */
  balance(openMargin: Decimal): Json[] {
    const t = this.totals(openMargin);
    return [
      {
        accountAlias: 'SgsR',
        asset: 'USDT',
        balance: money(this.wallet),
        crossWalletBalance: money(this.wallet),
        crossUnPnl: money(t.upnl),
        availableBalance: money(t.available),
        maxWithdrawAmount: money(t.available),
        marginAvailable: true,
        updateTime: this.updateTime,
      },
    ];
  }
}
