import { describe, expect, it } from 'vitest';
import { LANGS } from '../../web/src/core/i18n.js';
import { journalKeys, journalText } from '../../web/src/core/i18n-journal.js';
import { curveBars, FIGURES, figureKey, fmtDuration, fmtFigure, labelsText, parseLabels, tradeResultLabel, tradeTime } from '../../web/src/core/journal-format.js';

describe('the journal page core', () => {
  it('marks a closed trade on the chart with its net result, and its R where a stop was set', () => {
    expect(tradeResultLabel(12.345, 1.52)).toBe('+12.35 · 1.5R');
    expect(tradeResultLabel(-3, null)).toBe('-3.00');
    expect(tradeResultLabel(0, -1)).toBe('0.00 · -1.0R');
  });
  it('reads tags and mistake labels as typed: commas or spaces, empty parts dropped', () => {
    expect(parseLabels('breakout, A-grade  late_entry,,')).toEqual(['breakout', 'A-grade', 'late_entry']);
    expect(parseLabels('  ')).toEqual([]);
    expect(labelsText(['a', 'b'])).toBe('a, b');
    expect(parseLabels(labelsText(['돌파', 'x-1']))).toEqual(['돌파', 'x-1']);
  });

  it('writes a time in trade at the scale it needs', () => {
    expect(fmtDuration(44_600)).toBe('45s');
    expect(fmtDuration(192_000)).toBe('3m 12s');
    expect(fmtDuration(3_900_000)).toBe('1h 05m');
    expect(fmtDuration(2 * 86_400_000 + 3 * 3_600_000)).toBe('2d 03h');
    expect(fmtDuration(null)).toBe('—');
  });

  it('shows a blind session\'s times from its start, never a date', () => {
    const start = Date.UTC(2025, 5, 3, 14, 0, 0);
    expect(tradeTime(start + 3_725_000, start)).toBe('+1:02:05');
    expect(tradeTime(start + 3_725_000, null)).toBe('06-03 15:02:05');
  });

  it('writes each figure as the API gave it, null as a dash', () => {
    expect(fmtFigure('signed', -1.256)).toBe('\u22121.26');
    expect(fmtFigure('pct', 0.5)).toBe('50.0%');
    expect(fmtFigure('pct', 0.00024)).toBe('0.024%');
    expect(fmtFigure('r', 0.5)).toBe('+0.50R');
    expect(fmtFigure('ratio', null)).toBe('—');
    expect(fmtFigure('duration', 300_000)).toBe('5m 00s');
  });

  it('makes the curve strictly rising in time (a point in the same second one second later), or by trade number', () => {
    const pts = [
      { time: 1_000, equity: 100, drawdown: 0 },
      { time: 5_200, equity: 98, drawdown: 2 },
      { time: 5_900, equity: 97, drawdown: 3 },
      { time: 9_000, equity: 101, drawdown: 0 },
    ];
    expect(curveBars(pts, false)).toEqual([
      { time: 1, equity: 100, drawdown: 0 },
      { time: 5, equity: 98, drawdown: -2 },
      { time: 6, equity: 97, drawdown: -3 },
      { time: 9, equity: 101, drawdown: 0 },
    ]);
    // A burst of trades in one second stays in order, each a second after the one before.
    expect(curveBars([pts[0]!, { ...pts[0]!, equity: 99 }, { ...pts[0]!, equity: 98 }, { time: 2_500, equity: 97, drawdown: 3 }], false).map((b) => b.time)).toEqual([1, 2, 3, 4]);
    expect(curveBars(pts, true).map((b) => b.time)).toEqual([0, 1, 2, 3]);
  });

  it('names every figure and word in English and Korean', () => {
    for (const lang of LANGS) for (const k of journalKeys()) expect(journalText(lang, k), `${lang}.${k}`).toMatch(/\S/);
    for (const f of [...FIGURES.map((x) => x.field), 'sessions']) expect(journalKeys()).toContain(figureKey(f));
    expect(journalText('ko', 'fig_win_rate')).toBe('승률');
  });
});
