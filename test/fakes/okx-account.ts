/**
 * The fake OKX's trading account (single-currency margin, USDT, cross, one-way "net" positions):
 * the cash balance, each swap's net position in contracts with its average price, realized PnL and
 * fees, and the shapes of GET /api/v5/account/balance and /api/v5/account/positions. Equity (`eq`)
 * is cash plus the positions' unrealized PnL at the mark; margin is notional ÷ leverage.
 */
import { Decimal } from '../../src/domain/decimal.js';
import type { OkxSpec } from './okx-instruments.js';
import { txt } from './okx-wire.js';

export interface OkxPosition {
  readonly spec: OkxSpec;
  /** Signed contracts (net mode): > 0 long, < 0 short. */
  pos: Decimal;
  avgPx: Decimal;
  realizedPnl: Decimal;
  /** Fees paid on this position, negative as OKX reports them. */
  fee: Decimal;
  readonly posId: string;
  cTime: number;
  uTime: number;
}

export const LEVERAGE = Decimal.fromInt(10);

export class OkxAccount {
  cash: Decimal;
  private readonly positions = new Map<string, OkxPosition>();
  private posSeq = 1_300_000_000;

  constructor(
    initial: Decimal,
    private readonly mark: (symbol: string) => Decimal,
  ) {
    this.cash = initial;
  }

  position(instId: string): OkxPosition | undefined {
    return this.positions.get(instId);
  }

  open(): OkxPosition[] {
    return [...this.positions.values()].filter((p) => !p.pos.isZero());
  }

  upl(p: OkxPosition): Decimal {
    return this.mark(p.spec.symbol).sub(p.avgPx).mul(p.pos).mul(p.spec.ctVal);
  }

  imr(p: OkxPosition): Decimal {
    return p.pos.abs().mul(p.spec.ctVal).mul(this.mark(p.spec.symbol)).div(LEVERAGE, 8);
  }

  equity(): Decimal {
    return this.open().reduce((e, p) => e.add(this.upl(p)), this.cash);
  }

  /** Equity not held by positions nor by `frozen` (the open orders' margin). */
  available(frozen: Decimal): Decimal {
    return this.open().reduce((a, p) => a.sub(this.imr(p)), this.equity()).sub(frozen);
  }

  /**
   * Books a fill of `contracts` (signed: + buys) at `px` with `fee` (negative: charged); answers the
   * PnL it realized.
   */
  fill(spec: OkxSpec, contracts: Decimal, px: Decimal, fee: Decimal, now: number): Decimal {
    let p = this.positions.get(spec.instId);
    if (!p) {
      p = { spec, pos: Decimal.ZERO, avgPx: Decimal.ZERO, realizedPnl: Decimal.ZERO, fee: Decimal.ZERO, posId: String(++this.posSeq), cTime: now, uTime: now };
      this.positions.set(spec.instId, p);
    }
    if (p.pos.isZero()) p.cTime = now;
    let pnl = Decimal.ZERO;
    const same = p.pos.isZero() || p.pos.sign() === contracts.sign();
    if (same) {
      const total = p.pos.add(contracts);
      p.avgPx = p.avgPx.mul(p.pos.abs()).add(px.mul(contracts.abs())).div(total.abs(), 8).normalize();
      p.pos = total;
    } else {
      const closing = contracts.abs().min(p.pos.abs());
      pnl = px.sub(p.avgPx).mul(closing).mul(spec.ctVal).mul(Decimal.fromInt(p.pos.sign()));
      const rest = p.pos.add(contracts);
      if (rest.isZero() || rest.sign() === p.pos.sign()) p.pos = rest;
      else {
        p.pos = rest;
        p.avgPx = px;
      }
      if (p.pos.isZero()) p.avgPx = Decimal.ZERO;
    }
    p.realizedPnl = p.realizedPnl.add(pnl);
    p.fee = p.fee.add(fee);
    p.uTime = now;
    this.cash = this.cash.add(pnl).add(fee);
    return pnl;
  }

  balanceJson(frozen: Decimal, now: number): Record<string, unknown> {
    const eq = this.equity();
    const upl = eq.sub(this.cash);
    const imr = this.open().reduce((a, p) => a.add(this.imr(p)), Decimal.ZERO);
    const avail = this.available(frozen);
    const r = (d: Decimal) => txt(d.rescale(8, 'half-even'));
    return {
      adjEq: r(eq),
      borrowFroz: '',
      details: [
        {
          availBal: r(this.cash.sub(frozen)),
          availEq: r(avail),
          borrowFroz: '',
          cashBal: r(this.cash),
          ccy: 'USDT',
          crossLiab: '',
          disEq: r(eq),
          eq: r(eq),
          eqUsd: r(eq),
          fixedBal: '0',
          frozenBal: r(imr.add(frozen)),
          imr: r(imr),
          interest: '',
          isoEq: '0',
          isoLiab: '',
          isoUpl: '0',
          liab: '',
          maxLoan: '',
          mgnRatio: '',
          mmr: r(imr.div(Decimal.fromInt(5), 8)),
          notionalLever: '',
          ordFrozen: r(frozen),
          rewardBal: '0',
          spotInUseAmt: '',
          stgyEq: '0',
          twap: '0',
          uTime: String(now),
          upl: r(upl),
          uplLiab: '',
        },
      ],
      imr: r(imr),
      isoEq: '0',
      mgnRatio: '',
      mmr: r(imr.div(Decimal.fromInt(5), 8)),
      notionalUsd: '',
      ordFroz: r(frozen),
      totalEq: r(eq),
      uTime: String(now),
      upl: r(upl),
    };
  }

  positionJson(p: OkxPosition): Record<string, unknown> {
    const mark = this.mark(p.spec.symbol);
    const upl = this.upl(p);
    const imr = this.imr(p);
    const notional = p.pos.abs().mul(p.spec.ctVal).mul(mark);
    const r = (d: Decimal) => txt(d.rescale(8, 'half-even'));
    return {
      adl: '1',
      availPos: '',
      avgPx: txt(p.avgPx),
      bePx: txt(p.avgPx),
      cTime: String(p.cTime),
      ccy: p.spec.quote,
      deltaBS: '',
      deltaPA: '',
      fee: r(p.fee),
      fundingFee: '0',
      gammaBS: '',
      gammaPA: '',
      idxPx: txt(mark),
      imr: r(imr),
      instId: p.spec.instId,
      instType: 'SWAP',
      interest: '',
      last: txt(mark),
      lever: txt(LEVERAGE),
      liab: '',
      liabCcy: '',
      liqPenalty: '0',
      liqPx: '',
      margin: '',
      markPx: txt(mark),
      mgnMode: 'cross',
      mgnRatio: '',
      mmr: r(imr.div(Decimal.fromInt(5), 8)),
      notionalUsd: r(notional),
      optVal: '',
      pendingCloseOrdLiabVal: '',
      pnl: r(p.realizedPnl),
      pos: txt(p.pos),
      posCcy: '',
      posId: p.posId,
      posSide: 'net',
      quoteBal: '',
      realizedPnl: r(p.realizedPnl.add(p.fee)),
      spotInUseAmt: '',
      spotInUseCcy: '',
      thetaBS: '',
      thetaPA: '',
      tradeId: '',
      uTime: String(p.uTime),
      upl: r(upl),
      uplLastPx: r(upl),
      uplRatio: notional.isZero() ? '0' : r(upl.div(imr.isZero() ? Decimal.ONE : imr, 8)),
      usdPx: '',
      vegaBS: '',
      vegaPA: '',
    };
  }
}
