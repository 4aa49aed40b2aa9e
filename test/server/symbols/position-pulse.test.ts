import { describe, expect, it } from 'vitest';
import { PositionPulse } from '../../../src/server/symbols/position-pulse.js';

describe('the position pulse: mark moves at most every interval, fills at once', () => {
  it('sends the first mark move at once and folds the next ones into one at the end of the interval', async () => {
    const sent: [string, number][] = [];
    const t0 = Date.now();
    const pulse = new PositionPulse((k) => sent.push([k, Date.now() - t0]), 100);
    for (let i = 0; i < 20; i++) {
      pulse.marked('a');
      pulse.marked('b');
      await new Promise((r) => setTimeout(r, 10));
    }
    await new Promise((r) => setTimeout(r, 150));
    pulse.stop();
    const a = sent.filter(([k]) => k === 'a').map(([, t]) => t);
    expect(a.length).toBeGreaterThanOrEqual(2);
    expect(a.length).toBeLessThanOrEqual(4); // ~300 ms of moves at one per 100 ms
    for (let i = 1; i < a.length; i++) expect(a[i]! - a[i - 1]!).toBeGreaterThanOrEqual(95);
    expect(sent.filter(([k]) => k === 'b')).toHaveLength(a.length); // keys are independent
  });

  it('a fill that was just sent holds back the next mark move for the interval', async () => {
    const sent: string[] = [];
    const pulse = new PositionPulse((k) => sent.push(k), 100);
    pulse.sent('a');
    pulse.marked('a');
    expect(sent).toEqual([]);
    await new Promise((r) => setTimeout(r, 130));
    expect(sent).toEqual(['a']);
    pulse.marked('a');
    pulse.sent('a'); // a fill cancels the waiting mark update: its message already has the mark
    await new Promise((r) => setTimeout(r, 130));
    expect(sent).toEqual(['a']);
    pulse.stop();
  });
});
