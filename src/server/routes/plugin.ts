import type { FastifyPluginAsync } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { Instrument } from '../../domain/instrument.js';
import { Rejection } from '../../domain/rejection.js';
import type { MarketDataPort } from '../../engine/ports.js';
import type { ServerDeps } from '../deps.js';

/** A route module: a function of the server's deps that returns a Fastify plugin. */
export type RouteModule = (deps: ServerDeps) => FastifyPluginAsync;
export const routes = (body: FastifyPluginAsyncZod): FastifyPluginAsync => body as unknown as FastifyPluginAsync;

export function market(deps: ServerDeps, exchange: string): MarketDataPort {
  const m = deps.markets.get(exchange);
  if (!m) {
    throw new Rejection('UNKNOWN_EXCHANGE', `unknown exchange ${exchange}; available: ${[...deps.markets.keys()].join(', ')}`, { exchange });
  }
  return m;
}

export function instrumentOf(deps: ServerDeps, exchange: string, symbol: string): Instrument {
  const inst = market(deps, exchange).instrument(symbol);
  if (!inst) throw new Rejection('UNKNOWN_SYMBOL', `${exchange} does not list ${symbol}`, { exchange, symbol });
  return inst;
}

/**
 * Waits until everything the engine has done is in the ledger: a write is acknowledged only after
 * this, and a read answers only what is durable. A ledger that refused the batch is a 503.
 */
export async function durable(deps: ServerDeps): Promise<void> {
  try {
    await deps.engine.durable();
  } catch (err) {
    throw new Rejection('LEDGER_WRITE_FAILED', `the ledger could not be written, so nothing was done: ${err instanceof Error ? err.message : String(err)}`);
  }
}
