import { detectLayout, parseTime, splitLine } from './csv-layout.js';

/**
 * A market-data CSV written newest first (as Bybit's /v5/market/kline answers, and many scripts
 * save it), turned oldest first: the header stays on top, the data lines are reversed. Null when
 * the file is not newest first all the way through (its times do not strictly fall from each line
 * to the next), or not a layout of csv-layout.ts: it is then read as it is, and any disorder is
 * the validator's to report with its line.
 */
export function oldestFirst(text: string): string | null {
  const lines = text.split('\n').map((l) => (l.endsWith('\r') ? l.slice(0, -1) : l));
  while (lines.length > 0 && (lines[lines.length - 1] as string).trim() === '') lines.pop();
  let first = 0;
  while (first < lines.length && (lines[first] as string).trim() === '') first++;
  if (first >= lines.length) return null;
  let hasHeader: boolean;
  let timeCol: number;
  try {
    const map = detectLayout((lines[first] as string).replace(/^\uFEFF/, ''));
    hasHeader = map.hasHeader;
    timeCol = map.time;
  } catch {
    return null;
  }
  const data = lines.slice(hasHeader ? first + 1 : first);
  if (data.length < 2) return null;
  let prev = Number.POSITIVE_INFINITY;
  for (const line of data) {
    const t = parseTime(splitLine(line)[timeCol] ?? '');
    if (!(t < prev)) return null;
    prev = t;
  }
  const head = hasHeader ? [lines[first] as string] : [];
  return `${[...head, ...data.reverse()].join('\n')}\n`;
}
