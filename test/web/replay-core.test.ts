import { describe, expect, it } from 'vitest';
import { axisStep } from '../../web/src/core/axis-step.js';
import { jumpTarget } from '../../web/src/replay/jump-target.js';

describe('the price axis step', () => {
  it('is the tick when lightweight-charts can divide by it, else its last decimal place', () => {
    for (const t of [1, 0.1, 0.01, 0.5, 0.25, 0.05, 0.001, 0.0001]) expect(axisStep(t)).toBe(t);
    expect(axisStep(0.000398)).toBeCloseTo(0.000001, 12);
    expect(axisStep(0.0156)).toBeCloseTo(0.0001, 12);
    expect(axisStep(0.3)).toBeCloseTo(0.1, 12);
  });
});

describe('the jump target', () => {
  const start = Date.UTC(2025, 5, 1, 12, 0, 0);
  const open = { blind: false, clock: start + 90_000, elapsed_ms: 90_000 };
  it('reads +H:MM[:SS] from the start of the session', () => {
    expect(jumpTarget('+1:30', open)).toBe(start + 90 * 60_000);
    expect(jumpTarget(' +0:00:45 ', open)).toBe(start + 45_000);
    expect(jumpTarget('+0:00:45', { ...open, blind: true })).toBe(start + 45_000);
  });
  it('reads a UTC date and time, but not in a blind session', () => {
    expect(jumpTarget('2025-06-01 13:05', open)).toBe(Date.UTC(2025, 5, 1, 13, 5));
    expect(jumpTarget('2025-06-01T13:05:30', open)).toBe(Date.UTC(2025, 5, 1, 13, 5, 30));
    expect(jumpTarget('2025-06-01 13:05', { ...open, blind: true })).toBe('practice_jump_blind_date');
  });
  it('refuses anything else', () => {
    for (const bad of ['', 'soon', '+1:75', '1:30', '2025-13-01 10:00', '+:30']) expect(jumpTarget(bad, open), bad).toBe('practice_jump_bad');
  });
});
