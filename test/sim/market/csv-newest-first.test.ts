import { describe, expect, it } from 'vitest';
import { oldestFirst } from '../../../src/sim/market/csv-newest-first.js';

// Bybit /v5/market/kline rows (startTime, openPrice, …, turnover), newest first as the API answers them.
const V5 = ['startTime,openPrice,highPrice,lowPrice,closePrice,volume,turnover', '1748623200000,2550.01,2553.85,2545.0,2545.39,6002.11,15291470.3', '1748623140000,2548.08,2555.99,2545.91,2550.01,14274.21,36400611.1'];

describe('oldestFirst', () => {
  it('reverses the data lines of a newest-first file, header kept on top, with or without a header', () => {
    expect(oldestFirst(`${V5.join('\r\n')}\r\n`)).toBe(`${[V5[0], V5[2], V5[1]].join('\n')}\n`);
    expect(oldestFirst(V5.slice(1).join('\n'))).toBe(`${[V5[2], V5[1]].join('\n')}\n`);
  });

  it('leaves a file alone unless it falls all the way through', () => {
    expect(oldestFirst([V5[0], V5[2], V5[1]].join('\n'))).toBeNull(); // already oldest first
    expect(oldestFirst([V5[0], V5[1], V5[2], V5[1]].join('\n'))).toBeNull(); // falls, then rises: the validator's to report
    expect(oldestFirst([V5[0], V5[1]].join('\n'))).toBeNull(); // one row: nothing to order
    expect(oldestFirst('hello,world\n1,2\n')).toBeNull();
    expect(oldestFirst('')).toBeNull();
  });
});
