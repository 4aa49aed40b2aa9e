import type { FastifyPluginAsync } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { Instrument } from '../../domain/instrument.js';
import { Rejection } from '../../domain/rejection.js';
import type { ExchangeAdapter } from '../../engine/ports.js';
import type { ServerDeps } from '../deps.js';
import type { ExecutionEngine } from '../../engine/execution-engine.js';

/** A route module: a function of the server's deps that returns a Fastify plugin. */
export type RouteModule = (deps: ServerDeps) => FastifyPluginAsync;
export const routes = (body: FastifyPluginAsyncZod): FastifyPluginAsync => body as unknown as FastifyPluginAsync;

export function adapterOf(deps: ServerDeps, exchange: string): ExchangeAdapter {
  const m = deps.exchanges.get(exchange);
  if (!m) {
    throw new Rejection('UNKNOWN_EXCHANGE', `unknown exchange ${exchange}; available: ${[...deps.exchanges.keys()].join(', ')}`, { exchange });
  }
  return m;
}

/** The instrument, connecting the exchange first when it is not (a trader expects a symbol to just work). */
export async function instrumentOf(deps: ServerDeps, exchange: string, symbol: string): Promise<Instrument> {
  const adapter = adapterOf(deps, exchange);
  if (!adapter.info().connected) await adapter.connect();
  const inst = adapter.instrument(symbol);
  if (!inst) throw new Rejection('UNKNOWN_SYMBOL', `${exchange} does not list ${symbol}`, { exchange, symbol });
  return inst;
}

/**
 * Waits until everything the engine has done is in the ledger: a write is acknowledged only after
 * this, and a read answers only what is durable. A ledger that refused the batch is a 503.
 */
export async function durable(deps: { readonly engine: ExecutionEngine }): Promise<void> {
  try {
    await deps.engine.durable();
  } catch (err) {
    throw new Rejection('LEDGER_WRITE_FAILED', `the ledger could not be written, so nothing was done: ${err instanceof Error ? err.message : String(err)}`);
  }
}

const streaming = new WeakMap<object, Set<string>>();

/**
 * Orders on a real venue's prices (paper trading) need its live stream: subscribe once (kept for
 * the server's life) and wait briefly for the first tick, so the simulated venue has a market.
 */
export async function ensureMarket(deps: ServerDeps, exchange: string, symbol: string, waitMs = 5_000): Promise<void> {
  if (exchange === deps.defaultExchange) return;
  await deps.prepareOrder?.(exchange);
  const adapter = adapterOf(deps, exchange);
  const subscribed = streaming.get(adapter) ?? new Set<string>();
  streaming.set(adapter, subscribed);
  if (!subscribed.has(symbol)) {
    adapter.subscribe(symbol);
    subscribed.add(symbol);
  }
  const end = Date.now() + waitMs;
  while (!adapter.lastTick(symbol) && Date.now() < end) await new Promise((r) => setTimeout(r, 25));
  if (!adapter.lastTick(symbol)) throw new Rejection('NO_MARKET_DATA', `no ${symbol} price from ${exchange} within ${waitMs} ms`, { exchange, symbol });
}
