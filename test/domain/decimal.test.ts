import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Decimal, dec } from '../../src/domain/decimal.js';

describe('Decimal', () => {
  it('parses and prints exactly', () => {
    expect(dec('64012.50').toString()).toBe('64012.5');
    expect(dec(0.1).add(dec(0.2)).toString()).toBe('0.3');
    expect(dec('1e-7').toString()).toBe('0.0000001');
    expect(dec(1e-7).toString()).toBe('0.0000001');
    expect(dec('-0.001').toFixed(5)).toBe('-0.00100');
    expect(dec('2.5E3').toString()).toBe('2500');
  });

  it('refuses junk', () => {
    for (const bad of ['', 'abc', '1.2.3', '--1', '1e', '.', 'NaN', 'Infinity', '0x10']) {
      expect(Decimal.tryParse(bad)).toBeNull();
    }
    expect(Decimal.tryParse(Number.NaN)).toBeNull();
    expect(Decimal.tryParse(Number.POSITIVE_INFINITY)).toBeNull();
  });

  it('multiplies and divides with explicit rounding', () => {
    expect(dec('64012.5').mul(dec('0.003')).toString()).toBe('192.0375');
    expect(dec('10').div(dec('3'), 4).toString()).toBe('3.3333');
    expect(dec('2').div(dec('3'), 2, 'half-up').toString()).toBe('0.67');
    expect(dec('0.125').rescale(2, 'half-even').toString()).toBe('0.12');
    expect(dec('0.135').rescale(2, 'half-even').toString()).toBe('0.14');
    expect(dec('-0.125').rescale(2, 'half-up').toString()).toBe('-0.13');
    expect(dec('-1.5').rescale(0, 'floor').toString()).toBe('-2');
    expect(dec('-1.5').rescale(0, 'ceil').toString()).toBe('-1');
  });

  it('checks grids', () => {
    expect(dec('0.003').isMultipleOf(dec('0.001'))).toBe(true);
    expect(dec('0.0015').isMultipleOf(dec('0.001'))).toBe(false);
    expect(dec('64012.5').toUnits(dec('0.1'))).toBe(640125n);
  });

  it('compares across scales', () => {
    expect(dec('1.10').eq(dec('1.1'))).toBe(true);
    expect(dec('1.09').lt(dec('1.1'))).toBe(true);
    expect(dec('-2').min(dec('1')).toString()).toBe('-2');
  });

  // toNumber and toFixed take a double's path when the raw integer fits one exactly; either way the
  // answer is the text's: checked against the text itself over raws on both sides of 2^53.
  const raws = fc.oneof(fc.bigInt({ min: -(2n ** 53n), max: 2n ** 53n }), fc.bigInt({ min: -(10n ** 40n), max: 10n ** 40n }), fc.constantFrom(0n, 1n, -1n, 2n ** 53n - 1n, 2n ** 53n, 2n ** 53n + 1n, -(2n ** 53n) + 1n));
  const text = (raw: bigint, scale: number): string => {
    const digits = (raw < 0n ? -raw : raw).toString().padStart(scale + 1, '0');
    return `${raw < 0n ? '-' : ''}${scale ? `${digits.slice(0, -scale)}.${digits.slice(-scale)}` : digits}`;
  };

  it('toFixed prints the exact digits, toString the shortest, and toNumber is the double nearest to them, for any raw and scale', () => {
    fc.assert(
      fc.property(raws, fc.integer({ min: 0, max: 30 }), (raw, scale) => {
        const d = Decimal.of(raw, scale);
        expect(d.toFixed()).toBe(text(raw, scale));
        expect(d.toString()).toBe(scale ? text(raw, scale).replace(/0+$/, '').replace(/\.$/, '') : text(raw, scale));
        expect(d.normalize().eq(d)).toBe(true);
        expect(Object.is(d.toNumber(), Number(text(raw, scale)) + 0)).toBe(true); // +0: never a -0
      }),
      { numRuns: 5000, seed: 20261204 },
    );
    expect(dec('0.1').toNumber()).toBe(0.1);
    expect(dec('-0.000').toNumber()).toBe(0);
    expect(Decimal.of(9007199254740993n, 0).toNumber()).toBe(9007199254740992);
  });

  it('a safe-integer number parses to scale 0, like its text', () => {
    for (const n of [0, -0, 7, -7, 100, Number.MAX_SAFE_INTEGER, -Number.MAX_SAFE_INTEGER]) {
      const d = Decimal.parse(n);
      expect([d.raw, d.scale, d.toString()]).toEqual([BigInt(n), 0, Decimal.parse(String(n)).toString()]);
    }
  });
});
