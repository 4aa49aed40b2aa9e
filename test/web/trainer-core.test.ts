import { quantityPresets } from '../../web/src/core/presets.js';
import { describe, expect, it } from 'vitest';
import { CandleSeries, TickBuffer } from '../../web/src/core/candles.js';
import { fmtPrice, fmtSigned, relativeTime, tone } from '../../web/src/core/format.js';
import { actionFor, HOTKEYS, stepPreset } from '../../web/src/core/hotkeys.js';
import { dictionary, LANGS, textKeys } from '../../web/src/core/i18n.js';
import { bucketStart } from '../../web/src/core/intervals.js';
import { decimalsOf, roundTo, unrealizedPnl } from '../../web/src/core/pnl.js';
import { Store } from '../../web/src/core/store.js';

const T0 = Date.UTC(2025, 7, 1, 12, 0, 0); // a round hour
const kline = (openTime: number, o: number, h: number, l: number, c: number, v: number) => ({ open_time: openTime, open: o, high: h, low: l, close: c, volume: v, close_time: openTime + 59_999 });

describe('ticks kept while a history loads', () => {
  it('keeps them in order and hands them over once', () => {
    const b = new TickBuffer(3);
    b.push(1, 10);
    b.push(2, 20);
    expect(b.take()).toEqual([{ price: 1, time: 10 }, { price: 2, time: 20 }]);
    expect(b.take()).toEqual([]);
  });

  it('never holds more than its limit, the oldest going first (a history that never comes)', () => {
    const b = new TickBuffer(3);
    for (let i = 0; i < 100_000; i++) b.push(i, i);
    expect(b.size).toBe(3);
    expect(b.take().map((t) => t.price)).toEqual([99_997, 99_998, 99_999]);
  });
});

describe('candles from the tick stream', () => {
  it('folds ticks into the forming candle and opens the next one at its boundary', () => {
    const s = new CandleSeries('1m');
    s.load([kline(T0, 100, 101, 99, 100.5, 3)]);
    expect(s.apply(102, 0.5, T0 + 30_000)).toBe('updated');
    expect(s.apply(98.5, 0.25, T0 + 59_999)).toBe('updated');
    expect(s.last()).toEqual({ time: T0, open: 100, high: 102, low: 98.5, close: 98.5, volume: 3.75 });
    expect(s.apply(99, 1, T0 + 60_000)).toBe('opened');
    expect(s.last()).toEqual({ time: T0 + 60_000, open: 99, high: 99, low: 99, close: 99, volume: 1 });
    expect(s.candles()).toHaveLength(2);
    // Decimal sizes add up without binary drift: 0.1 + 0.2 is 0.3, 4478.61 + 0.01 is 4478.62.
    s.apply(99, 0.1, T0 + 60_001);
    s.apply(99, 0.2, T0 + 60_002);
    expect(s.last()!.volume).toBe(1.3);
    s.load([kline(T0, 100, 101, 99, 100.5, 4478.61)]);
    s.apply(100, 0.01, T0 + 1);
    expect(s.last()!.volume).toBe(4478.62);
  });

  it('builds 5m, 15m and 1h candles from the same 1-second ticks', () => {
    const ticks = Array.from({ length: 7200 }, (_, i) => ({ t: T0 + i * 1000, p: 100 + Math.sin(i / 50) * 5 + i / 1000 }));
    for (const [interval, bars] of [['1m', 120], ['5m', 24], ['15m', 8], ['1h', 2]] as const) {
      const s = new CandleSeries(interval);
      for (const k of ticks) s.apply(k.p, 1, k.t);
      expect(s.candles()).toHaveLength(bars);
      const first = s.candles()[0]!;
      const inFirst = ticks.filter((k) => bucketStart(k.t, interval) === first.time).map((k) => k.p);
      expect(first).toEqual({ time: T0, open: inFirst[0], close: inFirst[inFirst.length - 1], high: Math.max(...inFirst), low: Math.min(...inFirst), volume: inFirst.length });
    }
  });

  it('ignores a late tick from before the forming candle and junk prices', () => {
    const s = new CandleSeries('5m');
    s.apply(100, 1, T0 + 300_000);
    expect(s.apply(90, 1, T0 + 10_000)).toBe('ignored');
    expect(s.apply(Number.NaN, 1, T0 + 300_001)).toBe('ignored');
    expect(s.apply(0, 1, T0 + 300_001)).toBe('ignored');
    expect(s.last()).toMatchObject({ low: 100, volume: 1 });
  });

  it('keeps at most its maximum and counts what it dropped', () => {
    const s = new CandleSeries('1m', 3);
    for (let i = 0; i < 5; i++) s.apply(100 + i, 1, T0 + i * 60_000);
    expect(s.candles().map((c) => c.close)).toEqual([102, 103, 104]);
    expect(s.trimmed).toBe(2);
  });
});

describe('relative chart times (a blind session)', () => {
  it('shows minutes from the start, before it with a minus', () => {
    const origin = Date.UTC(2025, 5, 1, 10, 30, 15);
    expect(relativeTime(origin / 1000, origin)).toBe('+0:00');
    expect(relativeTime((origin + 125 * 60_000) / 1000, origin)).toBe('+2:05');
    expect(relativeTime((origin - 61 * 60_000) / 1000, origin)).toBe('-1:01');
    expect(relativeTime((origin - 30_000) / 1000, origin)).toBe('+0:00');
  });
});

describe('hotkeys', () => {
  it('maps the documented keys to their actions', () => {
    expect(['b', 'B', 's', 'f', 'c', 'r', 'ArrowUp', 'ArrowDown', '?', 'Escape'].map((key) => actionFor({ key }))).toEqual([
      'buy', 'buy', 'sell', 'flatten', 'cancelAll', 'reverse', 'qtyUp', 'qtyDown', 'help', 'close',
    ]);
    expect(new Set(HOTKEYS.flatMap((h) => h.keys)).size).toBe(HOTKEYS.flatMap((h) => h.keys).length);
  });

  it('never trades while typing in a field, with a modifier, or on auto-repeat', () => {
    expect(actionFor({ key: 'b', inField: true })).toBeNull();
    expect(actionFor({ key: 'Escape', inField: true })).toBe('close');
    expect(actionFor({ key: 'b', ctrlKey: true })).toBeNull();
    expect(actionFor({ key: 's', metaKey: true })).toBeNull();
    expect(actionFor({ key: 'b', repeat: true })).toBeNull();
    expect(actionFor({ key: 'ArrowUp', repeat: true })).toBe('qtyUp');
    expect(actionFor({ key: 'x' })).toBeNull();
  });

  it('maps the practice keys; Shift+→ is its own key, and the steps repeat while held', () => {
    expect([' ', 'ArrowRight', '[', ']'].map((key) => actionFor({ key }))).toEqual(['playPause', 'stepBar', 'speedDown', 'speedUp']);
    expect(actionFor({ key: 'ArrowRight', shiftKey: true })).toBe('stepTick');
    expect(actionFor({ key: '?', shiftKey: true })).toBe('help');
    expect(actionFor({ key: 'ArrowRight', repeat: true })).toBe('stepBar');
    expect(actionFor({ key: ' ', repeat: true })).toBeNull();
    expect(actionFor({ key: ' ', inField: true })).toBeNull();
  });

  it('steps through the quantity presets and stops at the ends', () => {
    const p = [0.001, 0.005, 0.01];
    expect(stepPreset(p, 0.001, 1)).toBe(0.005);
    expect(stepPreset(p, 0.003, 1)).toBe(0.005);
    expect(stepPreset(p, 0.01, 1)).toBe(0.01);
    expect(stepPreset(p, 0.005, -1)).toBe(0.001);
    expect(stepPreset(p, 0.001, -1)).toBe(0.001);
  });
});

describe('PnL and rounding', () => {
  it('unrealized PnL of a long and a short at the mark', () => {
    expect(unrealizedPnl('LONG', 0.002, 64000, 64100.5)).toBe(0.201);
    expect(unrealizedPnl('SHORT', 0.5, 3000, 3010)).toBe(-5);
    expect(unrealizedPnl('FLAT', 0, 0, 3010)).toBe(0);
  });

  it('rounds to a tick or lot without binary noise', () => {
    expect(roundTo(64123.456, 0.1)).toBe(64123.5);
    expect(roundTo(0.1 + 0.2, 0.001)).toBe(0.3);
    expect(roundTo(5 * 0.001, 0.001)).toBe(0.005);
    expect([1, 0.1, 0.01, 0.5, 1e-8, 0.00025].map(decimalsOf)).toEqual([0, 1, 2, 1, 8, 5]);
  });

  it('shows signed amounts with a true minus and no "−0.00"', () => {
    expect(fmtSigned(1234.5)).toBe('+1,234.50');
    expect(fmtSigned(-0.05)).toBe('\u22120.05');
    expect(fmtSigned(-0.001)).toBe('0.00');
    expect(fmtSigned(null)).toBe('—');
  });
});

describe('prices at the tick', () => {
  it("shows as many decimals as the symbol's tick has", () => {
    expect(fmtPrice(64012.3, 0.1)).toBe('64,012.3');
    expect(fmtPrice(64012, 0.1)).toBe('64,012.0');
    expect(fmtPrice(3200.456, 0.01)).toBe('3,200.46');
    expect(fmtPrice(20.1234, 0.001)).toBe('20.123');
    expect(fmtPrice(0.01234567, 1e-6)).toBe('0.012346');
    expect(fmtPrice(64012, 1)).toBe('64,012');
    expect(fmtPrice(64012.3, 5)).toBe('64,012');
  });

  it('an average (the entry) keeps up to `extra` more digits, only when they are not zero', () => {
    expect(fmtPrice(64012.35, 0.1, 2)).toBe('64,012.35');
    expect(fmtPrice(64012.3, 0.1, 2)).toBe('64,012.3');
    expect(fmtPrice(64012.34567, 0.1, 2)).toBe('64,012.346');
  });

  it('falls back to 2 decimals without a known tick, and a dash without a price', () => {
    expect(fmtPrice(64012.3, null)).toBe('64,012.30');
    expect(fmtPrice(null, 0.1)).toBe('—');
  });

  it('colours an amount by what it shows: a loss that rounds to 0.00 is flat', () => {
    expect(tone(-0.004)).toBe('flat');
    expect(tone(-0.005)).toBe('neg');
    expect(tone(0.02)).toBe('pos');
    expect(tone(null)).toBe('flat');
  });
});

describe('languages', () => {
  it('English and Korean have every text, none empty', () => {
    for (const lang of LANGS) for (const k of textKeys()) expect(dictionary(lang)[k], `${lang}.${k}`).toMatch(/\S/);
    expect(dictionary('ko').buy).toBe('매수');
  });

  it('every hotkey has its help text', () => {
    for (const h of HOTKEYS) expect(textKeys()).toContain(`key_${h.action}`);
  });
});

describe('the page selection store', () => {
  it('tells listeners about real changes only', () => {
    const s = new Store({ a: 1, b: 'x' });
    const seen: number[] = [];
    s.on((n) => seen.push(n.a));
    s.set({ a: 1 });
    s.set({ a: 2 });
    s.set({ b: 'x' });
    expect(seen).toEqual([2]);
    expect(s.get()).toEqual({ a: 2, b: 'x' });
  });
});

describe('quantity presets', () => {
  const eth = { symbol: 'ETHUSDT', tick_size: 0.01, step_size: 0.001, min_qty: 0.001, min_notional: 5 } as unknown as Parameters<typeof quantityPresets>[0];
  it('are multiples of the minimum quantity before a price is known', () => {
    expect(quantityPresets(eth, null)).toEqual([0.001, 0.005, 0.01, 0.05, 0.1]);
  });
  it('start at the lots that reach the minimum notional (10 % to spare) at the live price', () => {
    // 5 USDT × 1.1 at 3,200 = 0.00172 ETH → 0.002
    expect(quantityPresets(eth, 3200)).toEqual([0.002, 0.01, 0.02, 0.1, 0.2]);
    expect(quantityPresets(eth, 3200)[0]! * 3200).toBeGreaterThanOrEqual(5);
  });
});
