import { describe, expect, it } from 'vitest';
import { fillsFromTrades, type BookedFills } from '../../../src/adapters/live/trade-fills.js';
import { dec, Decimal } from '../../../src/domain/decimal.js';
import { orderId } from '../../../src/domain/ids.js';
import { newOrder } from '../../../src/engine/new-order.js';
import type { VenueOrder, VenueTrade } from '../../../src/engine/ports.js';

const order = newOrder(
  { mode: 'live_trading', exchange: 'binance', symbol: 'BTCUSDT', side: 'BUY', type: 'MARKET', quantity: dec('0.5'), clientOrderId: 'c-7' },
  orderId('7'),
  0,
);

const venueOrder = (filled: string, avg: string | null): VenueOrder => ({
  id: '900',
  clientOrderId: 'c-7',
  symbol: 'BTCUSDT',
  side: 'BUY',
  type: 'MARKET',
  status: filled === '0.5' ? 'FILLED' : 'PARTIALLY_FILLED',
  quantity: dec('0.5'),
  filledQuantity: dec(filled),
  avgPrice: avg === null ? null : dec(avg),
  price: null,
  stopPrice: null,
  reduceOnly: false,
  time: 0,
});

const trade = (id: string, price: string, qty: string, fee: string, feeAsset = 'USDT'): VenueTrade => ({
  id,
  orderId: '900',
  price: dec(price),
  quantity: dec(qty),
  fee: dec(fee),
  feeAsset,
  liquidity: 'TAKER',
  time: Number(id),
});

const none: BookedFills = { quantity: Decimal.ZERO, notional: Decimal.ZERO, tradeIds: new Set(), approximate: false };
const text = (fills: Awaited<ReturnType<typeof fillsFromTrades>>['fills']) =>
  fills.map((f) => (f.kind === 'fill' ? `${f.quantity.toString()}@${f.price.toString()} fee ${f.fee?.toString() ?? 'rate'}` : f.kind));

describe('live fills from the exchange trade list', () => {
  it('a market order that walked two levels is booked as two fills at their own prices and charged fees', async () => {
    const r = await fillsFromTrades({
      order,
      venueOrder: venueOrder('0.5', '64000.06'),
      booked: none,
      quote: 'USDT',
      trades: async () => [trade('1', '64000.0', '0.3', '7.68'), trade('2', '64000.1', '0.2', '5.120008')],
    });
    expect(text(r.fills)).toEqual(['0.3@64000 fee 7.68', '0.2@64000.1 fee 5.120008']);
    expect([r.booked.quantity.toString(), [...r.booked.tradeIds], r.booked.approximate]).toEqual(['0.5', ['1', '2'], false]);
  });

  it('a later partial fill books only the trades not booked before', async () => {
    const first = await fillsFromTrades({ order, venueOrder: venueOrder('0.3', '64000.0'), booked: none, quote: 'USDT', trades: async () => [trade('1', '64000.0', '0.3', '7.68')] });
    const second = await fillsFromTrades({
      order,
      venueOrder: venueOrder('0.5', '64000.04'),
      booked: first.booked,
      quote: 'USDT',
      trades: async () => [trade('1', '64000.0', '0.3', '7.68'), trade('2', '64000.1', '0.2', '5.120008')],
    });
    expect(text(second.fills)).toEqual(['0.2@64000.1 fee 5.120008']);
  });

  it('a trade list that lags the order status is read again until it covers the fill', async () => {
    let calls = 0;
    const r = await fillsFromTrades({
      order,
      venueOrder: venueOrder('0.5', '64000.0'),
      booked: none,
      quote: 'USDT',
      retryMs: 1,
      trades: async () => (++calls < 2 ? [] : [trade('1', '64000.0', '0.5', '12.8')]),
    });
    expect(calls).toBe(2);
    expect(text(r.fills)).toEqual(['0.5@64000 fee 12.8']);
  });

  it('when the trades cannot be read, the fill is booked at the average price at the instrument rate, and marked approximate', async () => {
    const r = await fillsFromTrades({
      order,
      venueOrder: venueOrder('0.5', '64000.06'),
      booked: none,
      quote: 'USDT',
      retryMs: 1,
      trades: async () => {
        throw new Error('429');
      },
    });
    expect(text(r.fills)).toEqual(['0.5@64000.06 fee rate']);
    expect(r.booked.approximate).toBe(true);
  });

  it('a fee charged in another asset (BNB) is not booked as quote money: the instrument rate applies', async () => {
    const r = await fillsFromTrades({ order, venueOrder: venueOrder('0.5', '64000.0'), booked: none, quote: 'USDT', trades: async () => [trade('1', '64000.0', '0.5', '0.0121', 'BNB')] });
    expect(text(r.fills)).toEqual(['0.5@64000 fee rate']);
  });

  it('after a restart (no trade ids known) the booked part is the oldest trades: only the rest is booked, at its own price', async () => {
    const restored: BookedFills = { quantity: dec('0.3'), notional: dec('19200'), tradeIds: new Set(), approximate: false };
    const r = await fillsFromTrades({
      order,
      venueOrder: venueOrder('0.5', '64000.04'),
      booked: restored,
      quote: 'USDT',
      trades: async () => [trade('1', '64000.0', '0.3', '7.68'), trade('2', '64000.1', '0.2', '5.120008')],
    });
    expect(text(r.fills)).toEqual(['0.2@64000.1 fee 5.120008']);
  });

  it("the average-price fallback books the new part at its own average, not the whole order's", async () => {
    const first = { quantity: dec('0.25'), notional: dec('25'), tradeIds: new Set(['1']), approximate: false };
    // 0.25 booked at 100; the order now reports 0.5 filled at an average of 101: the new 0.25 cost 102.
    const r = await fillsFromTrades({ order, venueOrder: venueOrder('0.5', '101'), booked: first, quote: 'USDT', retryMs: 1, trades: async () => null });
    expect(text(r.fills)).toEqual(['0.25@102 fee rate']);
    expect([r.booked.notional.toString(), r.booked.approximate]).toEqual(['50.5', true]);
  });

  it('after a restart, the trades booked before it are known by id once matched: two later updates book each new trade once', async () => {
    const t1 = trade('1', '100', '0.1', '0.004');
    const t2 = trade('2', '101', '0.1', '0.00404');
    const t3 = trade('3', '102', '0.1', '0.00408');
    // Restored: 0.1 booked (t1), its trade ids unknown to this run.
    const restored: BookedFills = { quantity: dec('0.1'), notional: dec('10'), tradeIds: new Set(), approximate: false };
    const first = await fillsFromTrades({ order, venueOrder: venueOrder('0.2', '100.5'), booked: restored, trades: async () => [t1, t2], quote: 'USDT' });
    expect(first.fills.map((f) => (f.kind === 'fill' ? `${f.price.toString()} ${f.quantity.toString()}` : f.kind))).toEqual(['101 0.1']);
    const second = await fillsFromTrades({ order, venueOrder: venueOrder('0.3', '101'), booked: first.booked, trades: async () => [t1, t2, t3], quote: 'USDT' });
    expect(second.fills.map((f) => (f.kind === 'fill' ? `${f.price.toString()} ${f.quantity.toString()} ${f.fee?.toString()}` : f.kind))).toEqual(['102 0.1 0.00408']);
    expect(second.booked.notional.toString()).toBe('30.3');
  });
});
