import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { LiveVenue } from '../../src/adapters/live/live-venue.js';
import { dec } from '../../src/domain/decimal.js';
import { instrument } from '../../src/domain/instrument.js';
import type { VenueOrderRequest, TradingVenue, VenueOrder } from '../../src/engine/ports.js';
import { ExecutionEngine } from '../../src/engine/execution-engine.js';
import { openDatabase } from '../../src/persistence/sqlite/database.js';
import { SqliteLedgerStore } from '../../src/persistence/sqlite/sqlite-ledger-store.js';

const BTC = instrument({ exchange: 'x', symbol: 'BTCUSDT', base: 'BTC', quote: 'USDT', tickSize: '0.1', stepSize: '0.001', maxQty: '100', minNotional: '1', makerFee: '0.0002', takerFee: '0.0004' });

/**
 * The engine with the real LiveVenue over a trading port that answers orders at once and never
 * finishes a cancel (the exchange has taken it, not confirmed it): a bracket entry that fills in
 * three reports, each before the exchange confirmed the cancel of the exits it replaces.
 */
describe('a live bracket entry filled in parts while the replaced exits are still being canceled', () => {
  const dirs: string[] = [];
  afterEach(() => dirs.splice(0).forEach((d) => rmSync(d, { recursive: true, force: true })));

  async function run(refused: (clientOrderId: string) => boolean) {
    const dir = mkdtempSync(join(tmpdir(), 'st-live-bracket-'));
    dirs.push(dir);
    const sent: VenueOrderRequest[] = [];
    let stream: ((o: VenueOrder) => void) | null = null;
    const answer = (r: VenueOrderRequest, id: string, status: VenueOrder['status'], filled: string): VenueOrder => ({
      id, clientOrderId: r.clientOrderId, symbol: r.symbol, side: r.side, type: r.type, status, quantity: r.quantity, filledQuantity: dec(filled),
      avgPrice: filled === '0' ? null : dec('100'), price: r.price ?? null, stopPrice: r.stopPrice ?? null, reduceOnly: r.reduceOnly ?? false, time: 0,
    });
    const port: TradingVenue = {
      placeOrder: async (r) => (sent.push(r), answer(r, `v${sent.length}`, refused(r.clientOrderId) ? 'REJECTED' : 'NEW', '0')),
      cancelOrder: () => new Promise<VenueOrder>(() => {}), // taken, never confirmed
      fetchOrder: async () => { throw new Error('not asked in this test'); },
      openOrders: async () => [],
      orderTrades: async () => null as never,
      balances: async () => [],
      positions: async () => [],
      watchOrders: (onUpdate) => ((stream = onUpdate), () => {}),
    };
    const store = new SqliteLedgerStore(openDatabase(join(dir, 'trainer.db')));
    const clock = { t: 1_700_000_000_000, now() { return ++this.t; } };
    const errors: unknown[] = [];
    const engine = new ExecutionEngine({
      store,
      clock,
      venueFor: (_mode, _exchange, report) => new LiveVenue(() => port, report, { pollEveryMs: 0, onError: (e) => errors.push(e) }),
      instrument: (ex, s) => (ex === 'x' && s === 'BTCUSDT' ? BTC : null),
    });
    engine.onTick('x', { symbol: 'BTCUSDT', time: 0, bid: dec('100'), ask: dec('100.1'), last: dec('100'), tradeQuantity: dec('0'), aggressor: 'BUY', bids: [], asks: [] });
    const placed = engine.submitOrder({ mode: 'live_trading', exchange: 'x', symbol: 'BTCUSDT', side: 'BUY', type: 'LIMIT', price: dec('100'), quantity: dec('0.03'), takeProfit: dec('110'), stopLoss: dec('90') });
    await engine.settle(placed);
    const entry = sent[0]!;
    const settle = () => new Promise((r) => setTimeout(r, 30));
    for (const filled of ['0.01', '0.02', '0.03']) {
      stream!(answer(entry, 'v1', filled === '0.03' ? 'FILLED' : 'PARTIALLY_FILLED', filled));
      await settle();
    }
    expect(errors).toEqual([]);
    expect(engine.fillsOf(placed.order.id).map((f) => f.quantity.toString())).toEqual(['0.01', '0.01', '0.01']);
    return sent.slice(1).map((r) => `${r.clientOrderId.slice(entry.clientOrderId.length)} ${r.quantity.toString()}`);
  }

  it('replaces only the exits in force: one new take-profit and stop-loss per fill, each under a new client id', async () => {
    expect(await run(() => false)).toEqual(['-tp 0.01', '-sl 0.01', '-tp_2 0.02', '-sl_2 0.02', '-tp_3 0.03', '-sl_3 0.03']);
  });

  it('a replacement the exchange refused keeps its id: the next replacement takes the one after it', async () => {
    // -tp_2 is refused; -tp, whose cancel is still on the way, is the take-profit in force again.
    expect(await run((id) => id.endsWith('-tp_2'))).toEqual(['-tp 0.01', '-sl 0.01', '-tp_2 0.02', '-sl_2 0.02', '-tp_3 0.03', '-sl_3 0.03']);
  });
});
