import { z } from 'zod';
import type { Instrument } from '../../domain/instrument.js';
import { Rejection } from '../../domain/rejection.js';
import type { Ticker } from '../../engine/ports.js';
import { klineSchema, tickerSchema } from '../response-schemas.js';
import { errorResponses, exchangeInput, exchangeSymbolParams, klinesQuery, symbolInput } from '../schemas.js';
import { klineView } from '../views.js';
import { adapterOf, instrumentOf, routes, type RouteModule } from './plugin.js';

const feedSchema = z.object({ state: z.string(), last_tick_at: z.number().nullable(), source: z.string(), reason: z.string().nullable() });
const exchangeSchema = z.object({
  id: z.string(),
  name: z.string(),
  connected: z.boolean(),
  testnet: z.boolean(),
  market_types: z.array(z.string()),
  features: z.array(z.string()),
  credentials: z.array(z.string()).describe('what an account’s keys are made of: api_key, api_secret, and passphrase where the venue needs one (OKX); empty for the sim'),
  feed: feedSchema,
});
const quoteSchema = z.object({ exchange: z.string(), bid: z.number(), ask: z.number(), last: z.number(), timestamp: z.number() });

const symbolSchema = z.object({
  symbol: z.string(),
  base: z.string(),
  quote: z.string(),
  market_type: z.string(),
  tick_size: z.number(),
  step_size: z.number(),
  min_qty: z.number(),
  min_notional: z.number(),
});
const symbolView = (i: Instrument) => ({
  symbol: i.symbol,
  base: i.base,
  quote: i.quote,
  market_type: i.marketType,
  tick_size: i.tickSize.toNumber(),
  step_size: i.stepSize.toNumber(),
  min_qty: i.minQty.toNumber(),
  min_notional: i.minNotional.toNumber(),
});

const tickerView = (exchange: string, t: Ticker) => ({
  exchange,
  symbol: t.symbol,
  bid: t.bid.toNumber(),
  ask: t.ask.toNumber(),
  last: t.last.toNumber(),
  volume_24h: t.volume24h?.toNumber() ?? 0,
  timestamp: t.time,
});

export const exchangeRoutes: RouteModule = (deps) =>
  routes(async (app) => {
    app.get(
      '/api/exchanges',
      { schema: { tags: ['exchanges'], summary: 'Exchanges and their feed state', response: { 200: z.object({ exchanges: z.array(exchangeSchema) }) } } },
      async () => ({
        exchanges: [...deps.exchanges.values()].map((a) => {
          const i = a.info();
          const s = a.status();
          return {
            id: i.id,
            name: i.name,
            connected: i.connected,
            testnet: i.testnet,
            market_types: [...i.marketTypes],
            features: [...i.features],
            credentials: [...i.credentials],
            feed: { state: s.state, last_tick_at: s.lastTickAt, source: s.source, reason: s.reason },
          };
        }),
      }),
    );

    app.post(
      '/api/exchanges/:exchange/connect',
      {
        schema: {
          tags: ['exchanges'],
          summary: 'Connect an exchange (loads its instruments); 502/503 naming the host when it cannot be reached',
          params: z.object({ exchange: exchangeInput }),
          body: z.strictObject({ testnet: z.boolean({ error: 'must be true or false' }).optional() }).nullish(),
          response: { 200: z.object({ id: z.string(), connected: z.boolean(), testnet: z.boolean(), latency_ms: z.number() }), ...errorResponses },
        },
      },
      async (req) => {
        const adapter = adapterOf(deps, req.params.exchange);
        const { latencyMs } = await adapter.connect({ testnet: req.body?.testnet });
        return { id: adapter.id, connected: adapter.info().connected, testnet: adapter.info().testnet, latency_ms: latencyMs };
      },
    );

    app.post(
      '/api/exchanges/:exchange/disconnect',
      {
        schema: {
          tags: ['exchanges'],
          summary: 'Disconnect an exchange: its streams stop',
          description:
            'No order is sent to the exchange until it is connected again. Live orders already sent are still read and their fills booked; the next connect first fetches every open live order by its client id, before a new order is accepted.',
          params: z.object({ exchange: exchangeInput }),
          response: { 200: z.object({ id: z.string(), connected: z.boolean() }), ...errorResponses },
        },
      },
      async (req) => {
        const adapter = adapterOf(deps, req.params.exchange);
        await adapter.disconnect();
        return { id: adapter.id, connected: false };
      },
    );

    app.get(
      '/api/exchanges/prices/:symbol',
      {
        schema: {
          tags: ['exchanges'],
          summary: 'The symbol on every connected exchange that lists it, with the best bid and ask across them',
          params: z.object({ symbol: symbolInput }),
          response: {
            200: z.object({
              symbol: z.string(),
              prices: z.array(quoteSchema),
              best_bid: z.object({ exchange: z.string(), price: z.number() }).nullable(),
              best_ask: z.object({ exchange: z.string(), price: z.number() }).nullable(),
              spread: z.number().nullable(),
            }),
            ...errorResponses,
          },
        },
      },
      async (req) => {
        const { symbol } = req.params;
        const listing = [...deps.exchanges.values()].filter((a) => a.info().connected && a.instrument(symbol));
        if (listing.length === 0) throw new Rejection('UNKNOWN_SYMBOL', `no connected exchange lists ${symbol}`, { symbol });
        const settled = await Promise.allSettled(listing.map(async (a) => ({ exchange: a.id, t: await a.ticker(symbol) })));
        const quotes = settled.flatMap((r) => (r.status === 'fulfilled' ? [r.value] : []));
        const bestBid = quotes.reduce<(typeof quotes)[number] | null>((b, q) => (!b || q.t.bid.gt(b.t.bid) ? q : b), null);
        const bestAsk = quotes.reduce<(typeof quotes)[number] | null>((b, q) => (!b || q.t.ask.lt(b.t.ask) ? q : b), null);
        return {
          symbol,
          prices: quotes.map((q) => ({ exchange: q.exchange, bid: q.t.bid.toNumber(), ask: q.t.ask.toNumber(), last: q.t.last.toNumber(), timestamp: q.t.time })),
          best_bid: bestBid ? { exchange: bestBid.exchange, price: bestBid.t.bid.toNumber() } : null,
          best_ask: bestAsk ? { exchange: bestAsk.exchange, price: bestAsk.t.ask.toNumber() } : null,
          spread: bestBid && bestAsk ? bestAsk.t.ask.sub(bestBid.t.bid).toNumber() : null,
        };
      },
    );

    app.get(
      '/api/exchanges/:exchange/symbols',
      {
        schema: {
          tags: ['exchanges'],
          summary: "The exchange's instruments with their trading rules (connects it first)",
          params: z.object({ exchange: exchangeInput }),
          response: { 200: z.object({ exchange: z.string(), symbols: z.array(symbolSchema) }), ...errorResponses },
        },
      },
      async (req) => {
        const adapter = adapterOf(deps, req.params.exchange);
        if (!adapter.info().connected) await adapter.connect();
        return { exchange: adapter.id, symbols: adapter.instruments().map(symbolView) };
      },
    );

    app.get(
      '/api/exchanges/:exchange/ticker/:symbol',
      { schema: { tags: ['exchanges'], summary: 'Best bid/ask and last price', params: exchangeSymbolParams, response: { 200: tickerSchema, ...errorResponses } } },
      async (req) => {
        const { exchange } = req.params;
        const inst = await instrumentOf(deps, exchange, req.params.symbol);
        return tickerView(exchange, await adapterOf(deps, exchange).ticker(inst.symbol));
      },
    );

    app.get(
      '/api/exchanges/:exchange/klines/:symbol',
      {
        schema: {
          tags: ['exchanges'],
          summary: 'Candles, oldest first (the last one may still be forming)',
          params: exchangeSymbolParams,
          querystring: klinesQuery,
          response: { 200: z.object({ exchange: z.string(), symbol: z.string(), interval: z.string(), klines: z.array(klineSchema) }), ...errorResponses },
        },
      },
      async (req) => {
        const { exchange } = req.params;
        const { interval, limit, start_time, end_time } = req.query;
        const inst = await instrumentOf(deps, exchange, req.params.symbol);
        if (start_time !== undefined && end_time !== undefined && start_time > end_time) {
          throw new Rejection('INVALID_FIELD', 'start_time must not be after end_time', { field: 'start_time' });
        }
        const klines = await adapterOf(deps, exchange).klines(inst.symbol, interval, limit, start_time, end_time);
        if (!klines) throw new Rejection('INVALID_FIELD', `unknown interval ${interval}`, { field: 'interval' });
        return {
          exchange,
          symbol: inst.symbol,
          interval,
          klines: klines.map(klineView),
        };
      },
    );
  });
