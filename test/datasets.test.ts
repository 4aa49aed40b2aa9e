import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { DATASET, DATASETS_DIR } from './datasets.js';

/** The checksums datasets/README.md gives, one `| \`file\` | \`sha256\` |` row per file. */
function documented(): Map<string, string> {
  const rows = readFileSync(`${DATASETS_DIR}README.md`, 'utf8').matchAll(/^\| `([^`]+\.csv)` \| `([0-9a-f]{64})` \|$/gm);
  return new Map([...rows].map((m) => [m[1]!, m[2]!]));
}

describe('the sample datasets shipped in datasets/', () => {
  it('are every CSV the README lists, byte for byte (sha256)', () => {
    const sums = documented();
    const files = readdirSync(DATASETS_DIR).filter((f) => f.endsWith('.csv')).sort();
    expect(files).toEqual([...sums.keys()].sort());
    for (const f of files) {
      expect(createHash('sha256').update(readFileSync(`${DATASETS_DIR}${f}`)).digest('hex'), f).toBe(sums.get(f));
    }
  });

  it('include every file the tests and benchmarks name', () => {
    const listed = documented();
    for (const path of Object.values(DATASET)) expect(listed.has(path.slice(DATASETS_DIR.length)), path).toBe(true);
  });
});
