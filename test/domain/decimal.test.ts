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
});
