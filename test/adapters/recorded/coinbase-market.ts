/**
 * The documented Coinbase product loaded into a real ccxt Coinbase instance, as the adapter loads
 * it (spot), shared by the Coinbase recorded tests.
 */
import type { Market } from 'ccxt';
import { toInstruments, type VenueMarket } from '../../../src/adapters/ccxt/ccxt-instruments.js';
import { coinbaseProfile } from '../../../src/adapters/coinbase/coinbase-profile.js';
import * as doc from './coinbase-docs.js';
import { offlineCoinbase, serveRecorded, type RecordedServer } from './recorded.js';

export interface CoinbaseRecorded {
  readonly ex: ReturnType<typeof offlineCoinbase>;
  readonly server: RecordedServer;
  readonly markets: Market[];
  /** Our spot instruments by our symbol (BTCUSD). */
  readonly spot: Map<string, VenueMarket>;
}

/** Answers what ccxt's fetchMarkets asks: the spot products, and (keys present) the fee tier; futures lists empty. */
export function serveProducts(server: RecordedServer): void {
  server.serve('GET', '/api/v3/brokerage/market/products', doc.products);
  server.serve('GET', '/api/v3/brokerage/market/products', { products: [], num_products: 0 }, (q) => q.get('product_type') === 'FUTURE');
  server.serve('GET', '/api/v3/brokerage/transaction_summary', doc.feeTier.payload);
}

export async function loadCoinbase(): Promise<CoinbaseRecorded> {
  const ex = offlineCoinbase();
  const server = serveRecorded(ex);
  serveProducts(server);
  const markets = await ex.fetchMarkets();
  ex.setMarkets(markets);
  return { ex, server, markets, spot: toInstruments('coinbase', markets, 'spot', coinbaseProfile.priceBand, coinbaseProfile.symbolOf) };
}

export const ourSymbol = (c: CoinbaseRecorded) => (ccxtSymbol: string) =>
  [...c.spot.values()].find((m) => m.ccxtSymbol === ccxtSymbol)?.instrument.symbol ?? ccxtSymbol;
