import { readdirSync, readFileSync } from 'node:fs';
import { join, relative, resolve, dirname } from 'node:path';
import { describe, expect, it } from 'vitest';

const SRC = resolve(import.meta.dirname, '../../src');
const WEB = resolve(import.meta.dirname, '../../web/src');

/** Which layers each layer may import (docs/architecture.md); arrows point down only. */
const ALLOWED: Record<string, readonly string[]> = {
  domain: ['domain'],
  sim: ['domain', 'sim'],
  engine: ['domain', 'sim', 'engine'],
  persistence: ['domain', 'engine', 'persistence'],
  adapters: ['domain', 'sim', 'engine', 'adapters'],
  server: ['domain', 'sim', 'engine', 'server'],
  /** The backtester composes the engine, the sim venue and a ledger, as app/ composes a session. */
  backtest: ['domain', 'sim', 'engine', 'persistence', 'backtest'],
  app: ['domain', 'sim', 'engine', 'persistence', 'adapters', 'server', 'backtest', 'app'],
};
/** Node modules that do I/O, forbidden to the pure layers. */
const NODE_IO = /^(node:)?(fs|fs\/promises|net|http|https|http2|child_process|dgram|dns|tls|worker_threads|cluster|readline|os|process)$/;
const PURE = ['domain', 'engine'];

function files(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? files(join(dir, e.name)) : e.name.endsWith('.ts') ? [join(dir, e.name)] : [],
  );
}

export function importsOf(source: string): string[] {
  const out: string[] = [];
  const re = /(?:^|\n)\s*(?:import|export)\s[^;]*?from\s+['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)|(?:^|\n)\s*import\s+['"]([^'"]+)['"]/g;
  for (const m of source.matchAll(re)) out.push((m[1] ?? m[2] ?? m[3])!);
  return out;
}

export function violations(file: string, source: string): string[] {
  const layer = relative(SRC, file).split(/[\\/]/)[0]!;
  const allowed = ALLOWED[layer];
  if (!allowed) return [`${relative(SRC, file)}: file outside the known layers`];
  const found: string[] = [];
  for (const spec of importsOf(source)) {
    if (spec.startsWith('.')) {
      const target = relative(SRC, resolve(dirname(file), spec)).split(/[\\/]/)[0]!;
      if (!allowed.includes(target)) found.push(`${relative(SRC, file)} imports ${spec} (${layer} → ${target})`);
    } else if (PURE.includes(layer) && NODE_IO.test(spec)) {
      found.push(`${relative(SRC, file)} imports the Node I/O module ${spec}`);
    } else if (PURE.includes(layer) && !spec.startsWith('node:') && !/^(zod)$/.test(spec)) {
      found.push(`${relative(SRC, file)} imports the package ${spec} into a pure layer`);
    }
  }
  return found;
}

/** web/ is its own layer: it imports only itself and its browser packages, never src/ or Node. */
export function webViolations(file: string, source: string): string[] {
  return importsOf(source).flatMap((spec) => {
    if (spec.startsWith('.')) {
      const target = relative(WEB, resolve(dirname(file), spec));
      return target.startsWith('..') ? [`web/src/${relative(WEB, file)} imports ${spec}, outside web/src`] : [];
    }
    return /^node:/.test(spec) || NODE_IO.test(spec) ? [`web/src/${relative(WEB, file)} imports the Node module ${spec}`] : [];
  });
}

describe('layering', () => {
  it('the browser trainer (web/src) imports nothing of the server and no Node module', () => {
    expect(files(WEB).length).toBeGreaterThan(5);
    expect(files(WEB).flatMap((f) => webViolations(f, readFileSync(f, 'utf8')))).toEqual([]);
    expect(webViolations(join(WEB, 'x.ts'), "import { Decimal } from '../../src/domain/decimal.js';")).toHaveLength(1);
    expect(webViolations(join(WEB, 'x.ts'), "import { readFileSync } from 'node:fs';")).toHaveLength(1);
    expect(webViolations(join(WEB, 'panels/x.ts'), "import { api } from '../api.js';")).toEqual([]);
  });

  it('no layer imports a layer above it, and domain/ and engine/ do no I/O', () => {
    const all = files(SRC).flatMap((f) => violations(f, readFileSync(f, 'utf8')));
    expect(all).toEqual([]);
  });

  it('the check catches a violation', () => {
    expect(violations(join(SRC, 'domain/x.ts'), "import { a } from '../server/app.js';")).toHaveLength(1);
    expect(violations(join(SRC, 'engine/x.ts'), "import { readFileSync } from 'node:fs';")).toHaveLength(1);
    expect(violations(join(SRC, 'engine/x.ts'), "import type { P } from '../persistence/sqlite/rows.js';")).toHaveLength(1);
    expect(violations(join(SRC, 'engine/x.ts'), "import type { Order } from '../domain/order.js';")).toEqual([]);
    expect(violations(join(SRC, 'backtest/x.ts'), "import { a } from '../server/app.js';")).toHaveLength(1);
    expect(violations(join(SRC, 'server/x.ts'), "import { runBacktest } from '../backtest/run-backtest.js';")).toHaveLength(1);
    expect(violations(join(SRC, 'app/x.ts'), "import { runBacktest } from '../backtest/run-backtest.js';")).toEqual([]);
  });
});
