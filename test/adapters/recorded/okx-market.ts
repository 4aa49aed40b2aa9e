/**
 * The documented OKX instruments loaded into a real ccxt OKX instance, as the adapter loads them
 * (spot and swap), shared by the OKX recorded tests.
 */
import type { Market } from 'ccxt';
import { toInstruments, type VenueMarket } from '../../../src/adapters/ccxt/ccxt-instruments.js';
import { okxProfile } from '../../../src/adapters/okx/okx-profile.js';
import { Decimal } from '../../../src/domain/decimal.js';
import * as doc from './okx-docs.js';
import { offlineOkx, serveRecorded, type RecordedServer } from './recorded.js';

export interface OkxRecorded {
  readonly ex: ReturnType<typeof offlineOkx>;
  readonly server: RecordedServer;
  readonly markets: Market[];
  /** Our instruments of each ccxt market type, by our symbol (BTCUSDT). */
  readonly swap: Map<string, VenueMarket>;
  readonly spot: Map<string, VenueMarket>;
}

export async function loadOkx(): Promise<OkxRecorded> {
  const ex = offlineOkx();
  const server = serveRecorded(ex);
  server.serve('GET', '/api/v5/public/instruments', doc.instrumentsSpot.payload, (q) => q.get('instType') === 'SPOT');
  server.serve('GET', '/api/v5/public/instruments', doc.instrumentsSwap.payload, (q) => q.get('instType') === 'SWAP');
  const markets = await ex.fetchMarkets();
  ex.setMarkets(markets);
  const of = (type: 'swap' | 'spot') => toInstruments('okx', markets, type, okxProfile.priceBand, okxProfile.symbolOf);
  return { ex, server, markets, swap: of('swap'), spot: of('spot') };
}

/** Our symbol of a ccxt symbol, and base units per ccxt amount, as the adapter answers them from its catalogue. */
export function catalogue(okx: OkxRecorded) {
  const all = [...okx.swap.values(), ...okx.spot.values()];
  return {
    ourSymbol: (ccxtSymbol: string) => all.find((m) => m.ccxtSymbol === ccxtSymbol)?.instrument.symbol ?? ccxtSymbol,
    contractSize: (ccxtSymbol: string) => all.find((m) => m.ccxtSymbol === ccxtSymbol)?.contractSize ?? Decimal.ONE,
  };
}
