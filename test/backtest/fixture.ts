import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const T0 = Date.UTC(2025, 0, 1);
export const MIN = 60_000;

/** A 1m kline CSV named like a Bybit file (the symbol comes from the name); rows: [open, high, low, close, volume]. */
export function klineCsv(rows: readonly (readonly string[])[], symbol = 'ETHUSDT', intervalMs = MIN): string {
  const dir = mkdtempSync(join(tmpdir(), 'bt-fixture-'));
  const file = join(dir, `bybit_linear_${symbol}_1m_fixture.csv`);
  const lines = rows.map((r, i) => [T0 + i * intervalMs, ...r].join(','));
  writeFileSync(file, ['timestamp,open,high,low,close,volume', ...lines].join('\n') + '\n');
  return file;
}

/** Bars from closes: each opens 0.25 above the previous close, high / low 1 beyond the body. */
export function barsFromCloses(closes: readonly number[]): string[][] {
  return closes.map((c, i) => {
    const o = i === 0 ? c : closes[i - 1]! + 0.25;
    return [o.toFixed(2), (Math.max(o, c) + 1).toFixed(2), (Math.min(o, c) - 1).toFixed(2), c.toFixed(2), '10.25'];
  });
}
