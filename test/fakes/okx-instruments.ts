/**
 * The fake OKX's instruments: one USDT-margined perpetual swap (BTC-USDT-SWAP) and one spot pair
 * (BTC-USDT) per generator symbol, with the generator's trading rules turned into OKX's: a swap is
 * counted in contracts of `ctVal` base units (BTC 0.01, ETH 0.1, as OKX lists them), so its lot and
 * minimum are the generator's step and minimum divided by ctVal; and their
 * `/api/v5/public/instruments` shapes.
 */
import { Decimal } from '../../src/domain/decimal.js';
import type { Instrument } from '../../src/domain/instrument.js';
import { CODE, OkxError, txt } from './okx-wire.js';

export type InstType = 'SWAP' | 'SPOT';

export interface OkxSpec {
  readonly instType: InstType;
  readonly instId: string;
  /** The generator's symbol (BTCUSDT). */
  readonly symbol: string;
  readonly base: string;
  readonly quote: string;
  readonly tickSz: Decimal;
  /** Lot and minimum size in OKX's unit: contracts for a swap, base currency for spot. */
  readonly lotSz: Decimal;
  readonly minSz: Decimal;
  readonly maxSz: Decimal;
  /** Base units per contract (1 for spot). */
  readonly ctVal: Decimal;
  /** Fee rates of this account (Lv1): swap 0.05 % taker / 0.02 % maker, spot 0.10 % / 0.08 %. */
  readonly taker: Decimal;
  readonly maker: Decimal;
}

const CONTRACT_VALUE: Readonly<Record<string, string>> = { BTC: '0.01', ETH: '0.1' };
const LIST_TIME = '1611916828000';

export class OkxInstruments {
  private readonly byId = new Map<string, OkxSpec>();

  /** `swapFees`: the account's swap rates (default Lv1: 0.02 % maker, 0.05 % taker). */
  constructor(instruments: readonly Instrument[], swapFees: { maker: string; taker: string } = { maker: '0.0002', taker: '0.0005' }) {
    for (const i of instruments) {
      const ctVal = Decimal.parse(CONTRACT_VALUE[i.base] ?? '1');
      const inContracts = (d: Decimal) => d.div(ctVal, d.scale + 8).normalize();
      const swap: OkxSpec = {
        instType: 'SWAP',
        instId: `${i.base}-${i.quote}-SWAP`,
        symbol: i.symbol,
        base: i.base,
        quote: i.quote,
        tickSz: i.tickSize.normalize(),
        lotSz: inContracts(i.stepSize),
        minSz: inContracts(i.minQty),
        maxSz: inContracts(i.maxQty),
        ctVal,
        taker: Decimal.parse(swapFees.taker),
        maker: Decimal.parse(swapFees.maker),
      };
      const spot: OkxSpec = {
        ...swap,
        instType: 'SPOT',
        instId: `${i.base}-${i.quote}`,
        lotSz: i.stepSize.normalize(),
        minSz: i.minQty.normalize(),
        maxSz: i.maxQty.normalize(),
        ctVal: Decimal.ONE,
        taker: Decimal.parse('0.001'),
        maker: Decimal.parse('0.0008'),
      };
      this.byId.set(swap.instId, swap);
      this.byId.set(spot.instId, spot);
    }
  }

  list(instType: InstType): OkxSpec[] {
    return [...this.byId.values()].filter((s) => s.instType === instType);
  }

  find(instId: string | undefined): OkxSpec | undefined {
    return instId === undefined ? undefined : this.byId.get(instId);
  }

  get(instId: string | undefined): OkxSpec {
    const s = this.find(instId);
    if (!s) throw new OkxError(CODE.INST_NOT_FOUND, "Instrument ID doesn't exist.");
    return s;
  }

  /** The swap of a generator symbol. */
  swapOf(symbol: string): OkxSpec | undefined {
    return this.list('SWAP').find((s) => s.symbol === symbol);
  }
}

/** An instrument as GET /api/v5/public/instruments lists it. */
export function instrumentJson(s: OkxSpec): Record<string, unknown> {
  const swap = s.instType === 'SWAP';
  return {
    alias: '',
    auctionEndTime: '',
    baseCcy: swap ? '' : s.base,
    category: '1',
    ctMult: swap ? '1' : '',
    ctType: swap ? 'linear' : '',
    ctVal: swap ? txt(s.ctVal) : '',
    ctValCcy: swap ? s.base : '',
    expTime: '',
    instFamily: swap ? `${s.base}-${s.quote}` : '',
    instId: s.instId,
    instType: s.instType,
    lever: swap ? '100' : '10',
    listTime: LIST_TIME,
    lotSz: txt(s.lotSz),
    maxIcebergSz: txt(s.maxSz),
    maxLmtAmt: '20000000',
    maxLmtSz: txt(s.maxSz),
    maxMktAmt: swap ? '' : '1000000',
    maxMktSz: swap ? txt(s.maxSz.div(Decimal.fromInt(10), 8).normalize()) : '1000000',
    maxStopSz: txt(s.maxSz),
    maxTriggerSz: txt(s.maxSz),
    maxTwapSz: txt(s.maxSz),
    minSz: txt(s.minSz),
    optType: '',
    quoteCcy: swap ? '' : s.quote,
    ruleType: 'normal',
    settleCcy: swap ? s.quote : '',
    state: 'live',
    stk: '',
    tickSz: txt(s.tickSz),
    uly: swap ? `${s.base}-${s.quote}` : '',
  };
}
