import { z } from 'zod';
import { Rejection } from '../../domain/rejection.js';
import { klineSchema, tickerSchema } from '../response-schemas.js';
import { errorResponses, exchangeSymbolParams, klinesQuery } from '../schemas.js';
import { instrumentOf, market, routes, type RouteModule } from './plugin.js';

const exchangeSchema = z.object({
  id: z.string(),
  name: z.string(),
  connected: z.boolean(),
  testnet: z.boolean(),
  market_types: z.array(z.string()),
  features: z.array(z.string()),
  feed: z.object({ state: z.string(), last_tick_at: z.number().nullable(), source: z.string() }),
});

export const exchangeRoutes: RouteModule = (deps) =>
  routes(async (app) => {
    app.get(
      '/api/exchanges',
      { schema: { tags: ['exchanges'], summary: 'Exchanges and their feed state', response: { 200: z.object({ exchanges: z.array(exchangeSchema) }) } } },
      async () => ({
        exchanges: [...deps.markets.values()].map((m) => {
          const i = m.info();
          const s = m.status();
          return {
            id: i.id,
            name: i.name,
            connected: i.connected,
            testnet: i.testnet,
            market_types: [...i.marketTypes],
            features: [...i.features],
            feed: { state: s.state, last_tick_at: s.lastTickAt, source: s.source },
          };
        }),
      }),
    );

    app.get(
      '/api/exchanges/:exchange/ticker/:symbol',
      { schema: { tags: ['exchanges'], summary: 'Best bid/ask and last price', params: exchangeSymbolParams, response: { 200: tickerSchema, ...errorResponses } } },
      async (req) => {
        const { exchange } = req.params;
        const inst = instrumentOf(deps, exchange, req.params.symbol);
        const m = market(deps, exchange);
        const t = m.lastTick(inst.symbol);
        if (!t) throw new Rejection('NO_MARKET_DATA', `no ${inst.symbol} price from ${exchange} yet`);
        return {
          exchange,
          symbol: inst.symbol,
          bid: t.bid.toNumber(),
          ask: t.ask.toNumber(),
          last: t.last.toNumber(),
          volume_24h: m.volume24h(inst.symbol).toNumber(),
          timestamp: t.time,
        };
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
        const inst = instrumentOf(deps, exchange, req.params.symbol);
        if (start_time !== undefined && end_time !== undefined && start_time > end_time) {
          throw new Rejection('INVALID_FIELD', 'start_time must not be after end_time', { field: 'start_time' });
        }
        const klines = market(deps, exchange).klines(inst.symbol, interval, limit, start_time, end_time);
        if (!klines) throw new Rejection('INVALID_FIELD', `unknown interval ${interval}`, { field: 'interval' });
        return {
          exchange,
          symbol: inst.symbol,
          interval,
          klines: klines.map((k) => ({
            open_time: k.openTime,
            open: k.open.toNumber(),
            high: k.high.toNumber(),
            low: k.low.toNumber(),
            close: k.close.toNumber(),
            volume: k.volume.toNumber(),
            close_time: k.closeTime,
          })),
        };
      },
    );
  });
