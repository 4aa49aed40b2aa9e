import { describe, expect, it } from 'vitest';
import type { Position } from '../../web/src/core/api-types.js';
import { isFill, overlay, positionOf, streamSymbols, withPosition, type PositionMessage } from '../../web/src/core/position-message.js';
import { watchExchanges } from '../../web/src/core/watch.js';

const long: Position = {
  symbol: 'BTCUSDT',
  exchange: 'sim',
  mode: 'simulation',
  status: 'open',
  side: 'LONG',
  quantity: 0.001,
  entry_price: 64000,
  mark_price: 64010,
  unrealized_pnl: 0.01,
  realized_pnl: 0,
  fees_paid: 0.03,
  opened_at: 1,
};
const eth: Position = { ...long, symbol: 'ETHUSDT', entry_price: 3200, mark_price: 3201 };
const flat: Position = { ...long, side: 'FLAT', quantity: 0, unrealized_pnl: 0, realized_pnl: 0.5 };
/** What the fill that closes a position sends: status closed, its opening side and size kept. */
const closed: Position = { ...long, status: 'closed', mark_price: null, unrealized_pnl: 0, realized_pnl: 0.5 };

describe('position messages of WS /ws/multi-symbol', () => {
  it('a message is the position without its type', () => {
    const m: PositionMessage = { type: 'position', ...long };
    expect(positionOf(m)).toEqual(long);
    expect(positionOf(m)).not.toHaveProperty('type');
  });

  it('replaces the same (mode, exchange, symbol) in place, adds a new one, removes one gone flat', () => {
    const moved = { ...long, mark_price: 64020, unrealized_pnl: 0.02 };
    expect(withPosition([long, eth], moved)).toEqual([moved, eth]);
    expect(withPosition([eth], long)).toEqual([eth, long]);
    expect(withPosition([long, eth], flat)).toEqual([eth]);
    expect(withPosition([eth], flat)).toEqual([eth]);
    expect(withPosition([long, eth], closed)).toEqual([eth]);
    // Another exchange or mode is another position.
    const elsewhere = { ...long, exchange: 'binance' };
    expect(withPosition([long], elsewhere)).toEqual([long, elsewhere]);
    const paper = { ...long, mode: 'paper_trading' as const };
    expect(withPosition([long], paper)).toEqual([long, paper]);
  });

  it('a fill changes size, side or realized PnL; a mark move changes neither', () => {
    expect(isFill([long], { ...long, mark_price: 63990, unrealized_pnl: -0.01 })).toBe(false);
    expect(isFill([long], { ...long, quantity: 0.002, entry_price: 64005 })).toBe(true);
    expect(isFill([long], { ...long, realized_pnl: 0.1, quantity: 0.0005 })).toBe(true);
    expect(isFill([long], { ...long, side: 'SHORT' })).toBe(true);
    expect(isFill([long], flat)).toBe(true);
    expect(isFill([long], closed)).toBe(true);
    expect(isFill([long], { ...closed, realized_pnl: 0 })).toBe(true); // closed at its entry price, no fees
    expect(isFill([], long)).toBe(true); // it opened
    expect(isFill([], flat)).toBe(false); // already gone from the list
  });
});

describe('a REST read and the messages that came while it was on its way', () => {
  it('lays the messages numbered after the read was sent over its answer, not the older ones', () => {
    const grown = { ...long, quantity: 0.002 };
    const streamed = [
      { seq: 3, p: { ...eth, mark_price: 3000 } }, // before the read: its answer is newer
      { seq: 5, p: grown },
      { seq: 6, p: closed },
      { seq: 7, p: { ...long, symbol: 'AVAXUSDT', entry_price: 20 } },
    ];
    expect(overlay([long, eth], streamed.slice(0, 2), 4)).toEqual([grown, eth]);
    expect(overlay([long, eth], streamed, 4)).toEqual([eth, streamed[3]!.p]);
    expect(overlay([long, eth], streamed, 7)).toEqual([long, eth]);
  });
});

describe('the symbols the account stream carries', () => {
  it('the charted symbol and every symbol with an open position in the current mode, once each', () => {
    expect(streamSymbols('BTCUSDT', [], 'simulation')).toEqual(['BTCUSDT']);
    expect(streamSymbols('BTCUSDT', [long, eth, { ...eth, exchange: 'binance' }], 'simulation')).toEqual(['BTCUSDT', 'ETHUSDT']);
    expect(streamSymbols('ETHUSDT', [long], 'simulation')).toEqual(['BTCUSDT', 'ETHUSDT']);
    // Another mode's positions and closed ones are not followed.
    expect(streamSymbols('BTCUSDT', [{ ...eth, mode: 'paper_trading' }, { ...eth, symbol: 'SOLUSDT', status: 'closed' }], 'simulation')).toEqual(['BTCUSDT']);
  });
});

describe('the watch list the stream needs', () => {
  const list = [{ symbol: 'BTCUSDT', exchanges: ['binance'], added_at: 1 }];

  it('nothing to add when the charted exchange already watches the symbol', () => {
    expect(watchExchanges(list, 'binance', 'BTCUSDT')).toBeNull();
  });

  it("adds the charted exchange to the entry's own, or the symbol with it alone", () => {
    expect(watchExchanges(list, 'sim', 'BTCUSDT')).toEqual(['binance', 'sim']);
    expect(watchExchanges(list, 'sim', 'ETHUSDT')).toEqual(['sim']);
    expect(watchExchanges([], 'sim', 'BTCUSDT')).toEqual(['sim']);
  });
});
