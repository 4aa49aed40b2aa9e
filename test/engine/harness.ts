import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Decimal, dec } from '../../src/domain/decimal.js';
import { instrument } from '../../src/domain/instrument.js';
import { ExecutionEngine } from '../../src/engine/execution-engine.js';
import type { SubmitOrder } from '../../src/engine/commands.js';
import { openDatabase, type SqliteDb } from '../../src/persistence/sqlite/database.js';
import { SqliteLedgerStore } from '../../src/persistence/sqlite/sqlite-ledger-store.js';
import type { MarketTick } from '../../src/sim/market/market-types.js';
import { SimVenue, type SimVenueOptions } from '../../src/sim/sim-venue.js';
import { RiskEngine } from '../../src/engine/risk-engine.js';
import { Rejection } from '../../src/domain/rejection.js';
import { SqliteRiskStore } from '../../src/persistence/sqlite/sqlite-risk-store.js';

export const BTC = instrument({
  exchange: 'sim',
  symbol: 'BTCUSDT',
  base: 'BTC',
  quote: 'USDT',
  tickSize: '0.1',
  stepSize: '0.001',
  maxQty: '1000',
  minNotional: '100',
  makerFee: '0.0002',
  takerFee: '0.0004',
});

/** A book around `mid` with `levels` levels a side, `size` BTC each, one tick apart. */
export function tick(last: string, opts: { spread?: string; size?: string; levels?: number; trade?: string; time?: number } = {}): MarketTick {
  const l = dec(last);
  const step = dec('0.1');
  const spread = dec(opts.spread ?? '0.1');
  const bid = l;
  const ask = l.add(spread);
  const size = dec(opts.size ?? '1');
  const n = opts.levels ?? 5;
  const bids = Array.from({ length: n }, (_, i) => ({ price: bid.sub(step.mul(Decimal.fromInt(i))), quantity: size }));
  const asks = Array.from({ length: n }, (_, i) => ({ price: ask.add(step.mul(Decimal.fromInt(i))), quantity: size }));
  return { symbol: 'BTCUSDT', time: opts.time ?? 0, bid, ask, last: l, tradeQuantity: dec(opts.trade ?? '0.5'), aggressor: 'SELL', bids, asks };
}

export interface Rig {
  engine: ExecutionEngine;
  store: SqliteLedgerStore;
  db: SqliteDb;
  dir: string;
  clock: { t: number; now(): number };
  risk: RiskEngine | undefined;
  market(t: MarketTick): void;
  order(cmd: Partial<SubmitOrder>): ReturnType<ExecutionEngine['submitOrder']>;
  reopen(): Rig;
  close(): void;
}

export function rig(
  options?: SimVenueOptions,
  dir = mkdtempSync(join(tmpdir(), 'st-engine-')),
  groupCommit?: (flush: () => void) => void,
  withRisk = false,
  startTime = 1_700_000_000_000,
  writerThread = false,
): Rig {
  const db = openDatabase(join(dir, 'trainer.db'));
  const store = new SqliteLedgerStore(db, { writerThread });
  const clock = { t: startTime, now() { return ++this.t; } };
  const risk = withRisk ? new RiskEngine(new SqliteRiskStore(db), clock) : undefined;
  let engine: ExecutionEngine | null = null;
  engine = new ExecutionEngine({
    store,
    clock,
    venueFor: (_mode, exchange) => {
      if (exchange !== 'sim') throw new Rejection('UNKNOWN_EXCHANGE', `unknown exchange ${exchange}`);
      return new SimVenue([BTC], (o) => engine!.positionOf(o), options);
    },
    instrument: (ex, s) => (ex === 'sim' && s === 'BTCUSDT' ? BTC : null),
    groupCommit,
    risk,
  });
  const e = engine;
  const r: Rig = {
    engine: e,
    store,
    db,
    dir,
    clock,
    risk,
    market: (t) => e.onTick('sim', t),
    order: (cmd) =>
      e.submitOrder({ mode: 'simulation', exchange: 'sim', symbol: 'BTCUSDT', side: 'BUY', type: 'MARKET', quantity: dec('0.01'), ...cmd }),
    reopen() {
      db.close();
      return rig(options, dir, groupCommit, withRisk, clock.t, writerThread);
    },
    close() {
      void store.closeWriter();
      if (db.open) db.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
  return r;
}
