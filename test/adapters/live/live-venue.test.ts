import { describe, expect, it } from 'vitest';
import { LiveVenue } from '../../../src/adapters/live/live-venue.js';
import { dec } from '../../../src/domain/decimal.js';
import { orderId } from '../../../src/domain/ids.js';
import type { VenueAction } from '../../../src/domain/venue-action.js';
import type { TradingVenue, VenueOrder, VenueTrade } from '../../../src/engine/ports.js';
import { newOrder } from '../../../src/engine/new-order.js';

const order = newOrder(
  { mode: 'live_trading', exchange: 'binance', symbol: 'BTCUSDT', side: 'BUY', type: 'LIMIT', quantity: dec('1'), price: dec('100'), clientOrderId: 'c-1' },
  orderId('1'),
  0,
);
const state = (status: VenueOrder['status'], filled: string): VenueOrder => ({
  id: 'v-1',
  clientOrderId: 'c-1',
  symbol: 'BTCUSDT',
  side: 'BUY',
  type: 'LIMIT',
  status,
  quantity: dec('1'),
  filledQuantity: dec(filled),
  avgPrice: filled === '0' ? null : dec('100'),
  price: dec('100'),
  stopPrice: null,
  reduceOnly: false,
  time: 0,
});
const trade: VenueTrade = { id: 't-1', orderId: 'v-1', price: dec('100'), quantity: dec('0.3'), fee: dec('0.006'), feeAsset: 'USDT', liquidity: 'MAKER', time: 1 };

/** The venue port as the exchange answers it, with the trade list held back until released. */
function venuePort() {
  let stream: ((o: VenueOrder) => void) | null = null;
  let release: () => void = () => {};
  const tradesHeld = new Promise<void>((r) => (release = r));
  const port: TradingVenue = {
    placeOrder: async () => state('NEW', '0'),
    cancelOrder: async () => state('CANCELED', '0.3'),
    fetchOrder: async () => state('PARTIALLY_FILLED', '0.3'),
    openOrders: async () => [],
    orderTrades: async () => (await tradesHeld, [trade]),
    balances: async () => [],
    positions: async () => [],
    watchOrders: (onUpdate) => ((stream = onUpdate), () => {}),
  };
  return { port, push: (o: VenueOrder) => stream!(o), release: () => release() };
}

describe('live venue: updates of one order are applied in order', () => {
  it('a cancel while a partial fill is still being booked books the fill first, then the cancel', async () => {
    const reports: VenueAction[][] = [];
    const ex = venuePort();
    const venue = new LiveVenue(() => ex.port, (a) => reports.push(a), { pollEveryMs: 0, quoteOf: () => 'USDT' });
    venue.submit(order);
    await venue.settle(order);
    ex.push(state('PARTIALLY_FILLED', '0.3')); // the stream: its fill waits for the trade list
    const canceled = venue.cancelRemote(order);
    await new Promise((r) => setTimeout(r, 20));
    expect(reports.flat().map((a) => a.kind)).toEqual([]); // nothing final before the fill is booked
    ex.release();
    await canceled;
    const kinds = reports.flat().map((a) => (a.kind === 'fill' ? `fill ${a.quantity.toString()} fee ${a.fee?.toString()}` : a.kind));
    expect(kinds).toEqual(['fill 0.3 fee 0.006', 'canceled']);
    venue.stop();
  });

  it('an update that fails to apply is reported and does not block the next one', async () => {
    const errors: unknown[] = [];
    const ex = venuePort();
    ex.release();
    let first = true;
    const reports: VenueAction[][] = [];
    const venue = new LiveVenue(
      () => ex.port,
      (a) => {
        if (first && a.some((x) => x.kind === 'fill')) {
          first = false;
          throw new Error('ledger refused the batch');
        }
        reports.push(a);
      },
      { pollEveryMs: 0, quoteOf: () => 'USDT', onError: (e) => errors.push(e) },
    );
    venue.submit(order);
    await venue.settle(order);
    ex.push(state('PARTIALLY_FILLED', '0.3'));
    await new Promise((r) => setTimeout(r, 20));
    expect(errors.map(String)).toEqual(['Error: ledger refused the batch']);
    // The fill the engine did not take is booked with the next update (the cancel's answer).
    await venue.cancelRemote(order);
    expect(reports.flat().map((a) => (a.kind === 'fill' ? `fill ${a.quantity.toString()}` : a.kind))).toEqual(['fill 0.3', 'canceled']);
    venue.stop();
  });
});

describe('live venue: the catch-up after a (re)connect', () => {
  const restored = { ...order, id: orderId('2'), clientOrderId: 'c-2' as typeof order.clientOrderId };
  const filled = (): VenueOrder => ({ ...state('FILLED', '1'), id: 'v-2', clientOrderId: 'c-2' });
  const fullTrade: VenueTrade = { ...trade, id: 't-2', orderId: 'v-2', quantity: dec('1'), fee: dec('0.02') };

  it('an order restored after a restart that filled meanwhile is found by its client id and booked, at the catch-up or, when that read failed, by the next poll', async () => {
    const asked: string[] = [];
    const port: TradingVenue = {
      ...venuePort().port,
      openOrders: async () => [], // filled: no longer among the open orders
      orderByClientId: async (_symbol, clientOrderId) => (asked.push(clientOrderId), clientOrderId === 'c-2' ? filled() : null),
      orderTrades: async () => [fullTrade],
    };
    const reports: VenueAction[][] = [];
    const venue = new LiveVenue(() => port, (a) => reports.push(a), { pollEveryMs: 0, quoteOf: () => 'USDT' });
    venue.restore([restored]);
    await venue.resync();
    expect(asked).toEqual(['c-2']);
    expect(reports.flat().map((a) => (a.kind === 'fill' ? `fill ${a.quantity.toString()} at ${a.price.toString()} fee ${a.fee?.toString()}` : a.kind))).toEqual(['fill 1 at 100 fee 0.02']);
    await venue.resync(); // final now: not asked again
    await venue.poll();
    expect(asked).toEqual(['c-2']);
    venue.stop();

    // The catch-up's read fails (a timeout): the next poll asks by the client id, as the open orders do not list it.
    let fail = true;
    const asked2: string[] = [];
    const flaky: TradingVenue = {
      ...port,
      orderByClientId: async (_symbol, clientOrderId) => {
        asked2.push(clientOrderId);
        if (fail) throw new Error('timeout');
        return filled();
      },
    };
    const reports2: VenueAction[][] = [];
    const again = new LiveVenue(() => flaky, (a) => reports2.push(a), { pollEveryMs: 0, quoteOf: () => 'USDT' });
    again.restore([restored]);
    await again.resync();
    expect(reports2).toEqual([]);
    fail = false;
    await again.poll();
    expect(asked2).toEqual(['c-2', 'c-2']);
    expect(reports2.flat().map((a) => (a.kind === 'fill' ? `fill ${a.quantity.toString()}` : a.kind))).toEqual(['fill 1']);
    again.stop();
  });

  it('an order accepted during a catch-up is sent to the exchange after it', async () => {
    const events: string[] = [];
    let release: () => void = () => {};
    const held = new Promise<void>((r) => (release = r));
    const port: TradingVenue = {
      ...venuePort().port,
      placeOrder: async (req) => (events.push(`place ${req.clientOrderId}`), state('NEW', '0')),
      orderByClientId: async (_symbol, clientOrderId) => (await held, events.push(`asked ${clientOrderId}`), clientOrderId === 'c-2' ? filled() : null),
      orderTrades: async () => [fullTrade],
    };
    const venue = new LiveVenue(() => port, () => {}, { pollEveryMs: 0, quoteOf: () => 'USDT' });
    venue.restore([restored]);
    const caughtUp = venue.resync();
    venue.submit(order);
    const ready = venue.ready();
    await new Promise((r) => setTimeout(r, 20));
    expect(events).toEqual([]);
    release();
    await caughtUp;
    await ready;
    await venue.settle(order);
    expect(events).toEqual(['asked c-2', 'place c-1']);
    venue.stop();
  });

  it('a final report of fills that cannot be booked yet (no trade listed, no average) keeps the order followed until a poll books them', async () => {
    let listed = false;
    let answer = state('FILLED', '1');
    const port: TradingVenue = {
      ...venuePort().port,
      fetchOrder: async () => answer,
      orderTrades: async () => (listed ? [{ ...trade, quantity: dec('1') }] : []),
    };
    const reports: VenueAction[][] = [];
    const ex = venuePort();
    const venue = new LiveVenue(() => ({ ...port, watchOrders: ex.port.watchOrders }), (a) => reports.push(a), { pollEveryMs: 0, quoteOf: () => 'USDT' });
    venue.submit(order);
    await venue.settle(order);
    // The stream says FILLED before the trade list has the trade, and gives no average to book at.
    ex.push({ ...state('FILLED', '1'), avgPrice: null });
    await new Promise((r) => setTimeout(r, 600));
    expect(reports.flat()).toEqual([]);
    listed = true;
    await venue.poll();
    expect(reports.flat().map((a) => (a.kind === 'fill' ? `fill ${a.quantity.toString()} at ${a.price.toString()} fee ${a.fee?.toString()}` : a.kind))).toEqual(['fill 1 at 100 fee 0.006']);
    answer = state('CANCELED', '0'); // final and booked now: not asked again
    await venue.poll();
    expect(reports.flat()).toHaveLength(1);
    venue.stop();
  });

  it('a cancel reported with a partial fill that cannot be booked yet waits for it: the fill, then the cancel', async () => {
    let listed = false;
    const port: TradingVenue = {
      ...venuePort().port,
      fetchOrder: async () => ({ ...state('CANCELED', '0.3'), avgPrice: null }),
      orderTrades: async () => (listed ? [trade] : []),
    };
    const reports: VenueAction[][] = [];
    const venue = new LiveVenue(() => port, (a) => reports.push(a), { pollEveryMs: 0, quoteOf: () => 'USDT' });
    venue.submit(order);
    await venue.settle(order);
    await venue.poll();
    expect(reports.flat()).toEqual([]); // not CANCELED before its fill: a canceled order takes no fill
    listed = true;
    await venue.poll();
    expect(reports.flat().map((a) => (a.kind === 'fill' ? `fill ${a.quantity.toString()}` : a.kind))).toEqual(['fill 0.3', 'canceled']);
    venue.stop();
  });
  it("a stop's own exchange id is kept when the order it sent reports under our client id: polls still read the stop", async () => {
    const stopOrder = newOrder(
      { mode: 'live_trading', exchange: 'okx', symbol: 'BTCUSDT', side: 'SELL', type: 'STOP_MARKET', quantity: dec('1'), stopPrice: dec('90'), reduceOnly: true, clientOrderId: 'c-9' },
      orderId('9'),
      0,
    );
    const stopState = (id: string, status: VenueOrder['status'], filled: string): VenueOrder => ({
      ...state(status, filled),
      id,
      clientOrderId: 'c-9',
      side: 'SELL',
      type: id === 'algo-1' ? 'STOP_MARKET' : 'MARKET',
      price: null,
      stopPrice: dec('90'),
      reduceOnly: true,
    });
    const asked: string[] = [];
    const ex = venuePort();
    ex.release();
    const port: TradingVenue = {
      ...ex.port,
      placeOrder: async () => stopState('algo-1', 'NEW', '0'),
      fetchOrder: async (_symbol, id, trigger) => (asked.push(`${id}${trigger ? ' (stop)' : ''}`), stopState('algo-1', 'PARTIALLY_FILLED', '0.3')),
    };
    const venue = new LiveVenue(() => port, () => {}, { pollEveryMs: 0, quoteOf: () => 'USDT' });
    venue.submit(stopOrder);
    await venue.settle(stopOrder);
    // The stop triggered: the order it sent reports on the orders channel under its own id and our client id.
    ex.push(stopState('child-7', 'PARTIALLY_FILLED', '0.3'));
    await new Promise((r) => setTimeout(r, 20));
    await venue.poll();
    expect(asked).toEqual(['algo-1 (stop)']);
    venue.stop();
  });

  it('a cancel the engine asked for that the exchange did not answer is sent again by the next poll, until the order ends there', async () => {
    let calls = 0;
    const failures: unknown[] = [];
    const ex = venuePort();
    ex.release();
    const port: TradingVenue = {
      ...ex.port,
      fetchOrder: async () => state('NEW', '0'),
      cancelOrder: async () => {
        calls++;
        if (calls === 1) throw new Error('timeout');
        return state('CANCELED', '0');
      },
    };
    const reports: VenueAction[][] = [];
    const venue = new LiveVenue(() => port, (a) => reports.push(a), { pollEveryMs: 0, quoteOf: () => 'USDT', onCancelFailed: (e) => failures.push(e) });
    venue.submit(order);
    await venue.settle(order);
    venue.requestCancel(order);
    venue.requestCancel(order); // asked twice (both halves of a bracket's rule): one cancel on the way
    await new Promise((r) => setTimeout(r, 20));
    expect([calls, failures.length, reports.flat().length]).toEqual([1, 1, 0]);
    await venue.poll();
    await new Promise((r) => setTimeout(r, 20));
    expect(calls).toBe(2);
    expect(reports.flat().map((a) => a.kind)).toEqual(['canceled']);
    await venue.poll(); // ended: not sent again
    expect(calls).toBe(2);
    venue.stop();
  });

  it('a restored order the exchange has none by is asked less and less often, and its cancel is reported once, not every poll', async () => {
    let t = 0;
    const asked: number[] = [];
    const failures: unknown[] = [];
    const port: TradingVenue = {
      ...venuePort().port,
      openOrders: async () => [],
      orderByClientId: async () => (asked.push(t), null),
    };
    const venue = new LiveVenue(() => port, () => {}, { pollEveryMs: 0, now: () => t, onCancelFailed: (e) => failures.push(e) });
    venue.restore([restored]);
    for (t = 0; t <= 20_000; t += 1_000) await venue.poll();
    expect(asked).toEqual([0, 2_000, 6_000, 14_000]);
    venue.requestCancel(restored);
    await new Promise((r) => setTimeout(r, 20));
    for (let i = 0; i < 3; i++) await venue.poll();
    await new Promise((r) => setTimeout(r, 20));
    expect(failures.map((e) => (e as { code?: string }).code)).toEqual(['EXCHANGE_ORDER_UNKNOWN']);
    venue.stop();
  });
});
