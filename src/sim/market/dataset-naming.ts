import { splitSymbol } from './sim-instruments.js';

export type Market = 'spot' | 'linear' | 'inverse';

export interface VenueMarket {
  readonly venue: string | null;
  readonly market: Market | null;
}

const VENUES = ['binance', 'bybit', 'okx', 'okex', 'coinbase', 'kraken', 'bitget', 'bitmex', 'deribit', 'kucoin', 'gateio', 'mexc', 'htx', 'huobi'];
const SPOT = ['spot'];
const LINEAR = ['linear', 'um', 'usdm'];
const INVERSE = ['inverse', 'cm', 'coinm', 'delivery'];
const DERIVATIVE = ['futures', 'future', 'perp', 'perpetual', 'swap', 'derivatives'];
const STABLE_QUOTES = ['USDT', 'USDC', 'FDUSD', 'BUSD'];

/**
 * The venue and market a file name tells: `binance_futures_um_AVAXUSDT_1m_2023-02.csv` → binance
 * linear, `bybit_linear_ETHUSDT_…` → bybit linear, `binance_spot_…` → binance spot. A bare
 * "futures"/"perp" is linear when the symbol is quoted in a stablecoin, else inverse.
 */
export function venueMarketOfName(fileName: string, symbol: string | null): VenueMarket {
  const base = (fileName.split(/[\\/]/).pop() ?? fileName).replace(/\.[A-Za-z]+$/, '');
  return fromTokens(base.toLowerCase().split(/[^a-z0-9]+/), symbol);
}

/** A Tardis `exchange` column: `binance-futures` (USD-M), `binance-delivery` (COIN-M), `binance` (spot), `bybit`, `bybit-spot`. */
export function venueMarketOfExchangeColumn(value: string, symbol: string | null): VenueMarket {
  const tokens = value.toLowerCase().split(/[^a-z0-9]+/).filter(Boolean);
  const vm = fromTokens(tokens, symbol);
  if (vm.venue === null || vm.market !== null || tokens.length > 1) return vm;
  if (vm.venue === 'binance') return { venue: vm.venue, market: 'spot' };
  if (vm.venue === 'bybit') return { venue: vm.venue, market: byQuote(symbol) };
  return vm;
}

function fromTokens(tokens: readonly string[], symbol: string | null): VenueMarket {
  const found = tokens.find((t) => VENUES.includes(t));
  const venue = found === 'okex' ? 'okx' : found === 'huobi' ? 'htx' : (found ?? null);
  const has = (words: readonly string[]): boolean => tokens.some((t) => words.includes(t));
  let market: Market | null = null;
  if (has(SPOT)) market = 'spot';
  else if (has(INVERSE)) market = 'inverse';
  else if (has(LINEAR)) market = 'linear';
  else if (has(DERIVATIVE)) market = byQuote(symbol);
  return { venue, market };
}

function byQuote(symbol: string | null): Market | null {
  const quote = symbol === null ? null : splitSymbol(symbol)?.quote;
  if (quote === undefined || quote === null) return null;
  return STABLE_QUOTES.includes(quote) ? 'linear' : 'inverse';
}

/** `60000` → `1m`, `3600000` → `1h`, `86400000` → `1d`, `604800000` → `1w`. */
export function intervalName(ms: number): string {
  const units: [number, string][] = [
    [604_800_000, 'w'],
    [86_400_000, 'd'],
    [3_600_000, 'h'],
    [60_000, 'm'],
    [1_000, 's'],
  ];
  for (const [size, unit] of units) if (ms % size === 0) return `${ms / size}${unit}`;
  return `${ms}ms`;
}
