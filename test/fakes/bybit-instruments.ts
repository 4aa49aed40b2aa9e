/**
 * The fake's instruments, one spot and one USDT linear perpetual per generator symbol, with the
 * generator's trading rules (tick, lot step, min/max quantity, min notional), and their
 * `/v5/market/instruments-info` shapes.
 */
import { Decimal } from '../../src/domain/decimal.js';
import type { Instrument } from '../../src/domain/instrument.js';
import { BybitError, RET, type Category } from './bybit-wire.js';

export interface BybitSpec {
  readonly category: Category;
  readonly symbol: string;
  readonly base: string;
  readonly quote: string;
  readonly tick: Decimal;
  readonly step: Decimal;
  readonly minQty: Decimal;
  readonly maxQty: Decimal;
  readonly minNotional: Decimal;
  readonly priceScale: number;
  readonly qtyScale: number;
  /** Fee rates of this account (VIP 0): linear 0.055 % / 0.02 %, spot 0.1 % / 0.1 %. */
  readonly takerFee: Decimal;
  readonly makerFee: Decimal;
}

const LAUNCH_TIME = '1585526400000';
const MAX_PRICE = Decimal.parse('1999999');
const MAX_ORDER_AMT = '4000000';

export class BybitInstruments {
  private readonly specs = new Map<string, BybitSpec>();

  constructor(instruments: readonly Instrument[]) {
    for (const i of instruments) {
      for (const category of ['spot', 'linear'] as const) {
        const linear = category === 'linear';
        this.specs.set(`${category}:${i.symbol}`, {
          category,
          symbol: i.symbol,
          base: i.base,
          quote: i.quote,
          tick: i.tickSize.normalize(),
          step: i.stepSize.normalize(),
          minQty: i.minQty,
          maxQty: i.maxQty,
          minNotional: i.minNotional,
          priceScale: i.tickSize.normalize().scale,
          qtyScale: i.stepSize.normalize().scale,
          takerFee: Decimal.parse(linear ? '0.00055' : '0.001'),
          makerFee: Decimal.parse(linear ? '0.0002' : '0.001'),
        });
      }
    }
  }

  symbols(): string[] {
    return [...new Set([...this.specs.values()].map((s) => s.symbol))];
  }

  find(category: Category, symbol: string): BybitSpec | undefined {
    return this.specs.get(`${category}:${symbol}`);
  }

  /** The spec, or Bybit's refusal for an unknown symbol. */
  get(category: Category, symbol: string): BybitSpec {
    const s = this.find(category, symbol);
    if (!s) throw new BybitError(RET.PARAMS, 'params error: symbol invalid');
    return s;
  }

  list(category: Category): BybitSpec[] {
    return [...this.specs.values()].filter((s) => s.category === category);
  }

  /** One `/v5/market/instruments-info` list entry. */
  json(s: BybitSpec): Record<string, unknown> {
    if (s.category === 'spot') {
      return {
        symbol: s.symbol,
        baseCoin: s.base,
        quoteCoin: s.quote,
        innovation: '0',
        status: 'Trading',
        marginTrading: 'utaOnly',
        stTag: '0',
        lotSizeFilter: {
          basePrecision: s.step.toString(),
          quotePrecision: '0.00000001',
          minOrderQty: s.minQty.toFixed(s.qtyScale),
          maxOrderQty: s.maxQty.toFixed(s.qtyScale),
          minOrderAmt: s.minNotional.toString(),
          maxOrderAmt: MAX_ORDER_AMT,
        },
        priceFilter: { tickSize: s.tick.toString() },
        riskParameters: { priceLimitRatioX: '0.05', priceLimitRatioY: '0.05' },
      };
    }
    return {
      symbol: s.symbol,
      contractType: 'LinearPerpetual',
      status: 'Trading',
      baseCoin: s.base,
      quoteCoin: s.quote,
      launchTime: LAUNCH_TIME,
      deliveryTime: '0',
      deliveryFeeRate: '',
      priceScale: String(s.priceScale),
      leverageFilter: { minLeverage: '1', maxLeverage: '100.00', leverageStep: '0.01' },
      priceFilter: {
        minPrice: s.tick.toFixed(s.priceScale),
        maxPrice: MAX_PRICE.toFixed(s.priceScale),
        tickSize: s.tick.toFixed(s.priceScale),
      },
      lotSizeFilter: {
        maxOrderQty: s.maxQty.toFixed(s.qtyScale),
        minOrderQty: s.minQty.toFixed(s.qtyScale),
        qtyStep: s.step.toFixed(s.qtyScale),
        postOnlyMaxOrderQty: s.maxQty.toFixed(s.qtyScale),
        maxMktOrderQty: s.maxQty.toFixed(s.qtyScale),
        minNotionalValue: s.minNotional.toString(),
      },
      unifiedMarginTrade: true,
      fundingInterval: 480,
      settleCoin: s.quote,
      copyTrading: 'both',
      upperFundingRate: '0.005',
      lowerFundingRate: '-0.005',
      isPreListing: false,
      preListingInfo: null,
      displayName: '',
    };
  }

  /** Rounds a price to this instrument's text form (fixed decimals, as Bybit prints them). */
  price(s: BybitSpec, d: Decimal): string {
    return d.toFixed(Math.max(s.priceScale, d.normalize().scale));
  }

  qty(s: BybitSpec, d: Decimal): string {
    return d.toFixed(Math.max(s.qtyScale, d.normalize().scale));
  }
}
