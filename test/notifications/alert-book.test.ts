import { describe, expect, it } from 'vitest';
import { Decimal } from '../../src/domain/decimal.js';
import { AlertBook, type PriceAlert } from '../../src/domain/notifications/alert-book.js';
import { messagesOfEvents } from '../../src/domain/notifications/event-messages.js';

const d = (s: string) => Decimal.parse(s);
const alert = (id: number, direction: 'above' | 'below', price: string, repeat = false): PriceAlert => ({ id, exchange: 'sim', symbol: 'BTCUSDT', direction, price: d(price), repeat, fired: 0, armed: true });

describe('price alerts on ticks', () => {
  it('fires each threshold the price reaches, nearest first, once', () => {
    const book = new AlertBook([alert(1, 'above', '101'), alert(2, 'above', '100.5'), alert(3, 'below', '99'), alert(4, 'above', '105')]);
    expect(book.onPrice(d('100.4'))).toEqual([]);
    expect(book.onPrice(d('101')).map((a) => a.id)).toEqual([2, 1]);
    expect(book.onPrice(d('102'))).toEqual([]);
    expect(book.onPrice(d('98.99')).map((a) => [a.id, a.fired, a.armed])).toEqual([[3, 1, false]]);
    expect(book.onPrice(d('200')).map((a) => a.id)).toEqual([4]);
    expect(book.size).toBe(0);
  });

  it('a repeating alert fires again only after the price came back across it', () => {
    const book = new AlertBook([alert(1, 'above', '100', true)]);
    expect(book.onPrice(d('100')).map((a) => a.fired)).toEqual([1]);
    expect(book.onPrice(d('101'))).toEqual([]);
    expect(book.onPrice(d('99.9'))).toEqual([]); // re-armed
    expect(book.onPrice(d('100.1')).map((a) => a.fired)).toEqual([2]);
    book.remove(1);
    expect(book.onPrice(d('50'))).toEqual([]);
    expect(book.onPrice(d('150'))).toEqual([]);
  });
});

describe('messages of the engine events', () => {
  const order = { id: '7', clientOrderId: 'c7', mode: 'paper_trading', exchange: 'binance', symbol: 'ETHUSDT', side: 'SELL', type: 'STOP_MARKET', quantity: d('0.5'), parentId: '6', reduceOnly: true, status: 'FILLED', rejectCode: null, rejectReason: null };
  const fill = { id: '11', orderId: '7', price: d('2000.5'), quantity: d('0.5'), realizedPnl: d('-12.25') };
  it('a bracket stop filling is "stop-loss hit"; a refusal names its reason; other events say nothing', () => {
    const events = [
      { type: 'OrderFilled', time: 5, order, fill },
      { type: 'OrderFilled', time: 6, order: { ...order, id: '8', type: 'MARKET', parentId: null, reduceOnly: false }, fill: { ...fill, id: '12', realizedPnl: d('0') } },
      { type: 'OrderRejected', time: 7, order: { ...order, id: '9', type: 'LIMIT', status: 'REJECTED', rejectCode: 'EXCHANGE_REJECTED_ORDER', rejectReason: 'insufficient margin' } },
      { type: 'OrderAccepted', time: 8, order },
    ] as unknown as Parameters<typeof messagesOfEvents>[0];
    const out = messagesOfEvents(events);
    expect(out.map((m) => [m.dedupKey, m.kind])).toEqual([
      ['fill:11', 'tp_sl_hit'],
      ['fill:12', 'order_filled'],
      ['rejected:9', 'order_rejected'],
    ]);
    expect(out[0]!.title).toBe('Stop-loss hit: ETHUSDT');
    expect(out[0]!.body).toContain('realized PnL -12.25');
    expect(out[2]!.body).toContain('(EXCHANGE_REJECTED_ORDER): insufficient margin');
  });
});
